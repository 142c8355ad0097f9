/**
 * Mass Update (zoho-api.md §4): `POST /crm/{v}/{module}/actions/mass_update` with `ids` (at
 * once, one result per id) or `cvid` (a job: SCHEDULED → RUNNING → COMPLETED/FAILED, applied to
 * the view's records when it completes; ALREADY_SCHEDULED with 202 while one runs for the view),
 * and `GET …?job_id=` for its status.
 */

import { settingsOf } from '../bulk-write/settings.js';
import { type FakeContext, type RouteDef, type RouteRequest, VERSION, versionNumber } from '../context.js';
import { formatDateTime } from '../data/gen.js';
import { jsonResponse, zohoError } from '../http/responses.js';
import { applyTo, type MassUpdateJob, parseMassUpdate, statusJson, viewIds } from '../mass-update/update.js';
import { failureResponse } from '../zoho-failure.js';
import { unsupportedVersion } from './request-checks.js';

const KIND = 'massUpdate';

function schedule(req: RouteRequest, ctx: FakeContext): Response {
  if (versionNumber(req.params.v) === undefined) return unsupportedVersion();
  const module = req.params.module ?? '';
  const parsed = req.json();
  if (!parsed.ok) return zohoError(400, 'INVALID_DATA', 'invalid data', {});
  const body = parseMassUpdate(parsed.value, module, ctx);
  if ('code' in body) return failureResponse(body);

  if (body.cvid !== undefined) {
    const running = ctx.jobs
      .list(KIND)
      .some((j) => (j as MassUpdateJob).cvid === body.cvid && ctx.jobs.phase(j, { poll: false }) !== 'done');
    if (running) {
      return jsonResponse(202, {
        data: [
          {
            code: 'ALREADY_SCHEDULED',
            details: {},
            message: 'A mass action is already scheduled for this custom view',
            status: 'error',
          },
        ],
      });
    }
    const ids = viewIds(body.cvid, module, ctx);
    if (!Array.isArray(ids)) return zohoError(ids.status, ids.code, ids.message, ids.details);
    const job = ctx.jobs.create<MassUpdateJob>(KIND, {
      module,
      cvid: body.cvid,
      values: body.values,
      overWrite: body.overWrite,
      ids,
      applied: false,
    });
    if (req.effects.failJob) job.failure = req.effects.failJob;
    return jsonResponse(200, {
      data: [
        {
          code: 'SUCCESS',
          details: { job_id: job.id },
          message: 'mass update scheduled successfully',
          status: 'success',
        },
      ],
    });
  }

  const user = ctx.store.users[0]!;
  const items = (body.ids ?? []).map((id) => {
    if (!applyTo(ctx, module, id, body.values, body.overWrite)) {
      return {
        code: 'INVALID_DATA',
        details: { id },
        message: 'the id given seems to be invalid',
        status: 'error',
      };
    }
    const record = ctx.store.record(module, ctx.store.locate(id)?.position ?? -1) ?? {};
    const who = { name: user.full_name, id: user.id };
    return {
      code: 'SUCCESS',
      details: {
        id,
        Modified_Time: record.Modified_Time ?? formatDateTime(ctx.now(), user.zone),
        Modified_By: who,
        Created_Time: record.Created_Time ?? '',
        Created_By: who,
      },
      message: 'record updated',
      status: 'success',
    };
  });
  const anyError = items.some((item) => item.status === 'error');
  return jsonResponse(anyError ? settingsOf(ctx).massUpdateErrorStatus : 200, { data: items });
}

function status(req: RouteRequest, ctx: FakeContext): Response {
  if (versionNumber(req.params.v) === undefined) return unsupportedVersion();
  const module = req.params.module ?? '';
  if (!ctx.store.module(module))
    return zohoError(400, 'INVALID_MODULE', 'the module name given seems to be invalid', {});
  const jobId = req.url.searchParams.get('job_id');
  if (!jobId)
    return zohoError(400, 'MANDATORY_NOT_FOUND', 'mandatory param missing', { param_name: 'job_id' });
  const job = ctx.jobs.get<MassUpdateJob>(jobId, KIND);
  if (!job || job.module !== module) return zohoError(404, 'NOT_FOUND', 'Empty response', {});
  if (req.effects.failJob && job.finishedAt === undefined) job.failure = req.effects.failJob;
  const phase = ctx.jobs.phase(job, { poll: true });
  return jsonResponse(200, { data: [statusJson(job, phase, ctx)] });
}

const pattern = new RegExp(`^/crm/${VERSION}/(?<module>[A-Za-z][A-Za-z0-9_$]*)/actions/mass_update$`);

export const massUpdateRoutes: RouteDef[] = [
  { name: 'massUpdate.create', method: 'POST', origin: 'api', pattern, handler: schedule },
  { name: 'massUpdate.get', method: 'GET', origin: 'api', pattern, handler: status },
];
