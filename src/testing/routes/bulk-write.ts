/**
 * Bulk Write (zoho-api.md §3): upload a zip on the upload host, create a job, read it, download
 * its result zip from the download host. Jobs advance like bulk-read jobs (poll count or
 * `jobLatency`) and are applied to the record store the first time they are seen completed.
 */

import { processFamilies } from '../bulk-write/child-resources.js';
import { type BulkWriteJob, parseCreateBody } from '../bulk-write/job.js';
import { jobJson } from '../bulk-write/job-json.js';
import { processJob, resultColumns } from '../bulk-write/process.js';
import { settingsOf } from '../bulk-write/settings.js';
import { readZipEntries, type StoredUpload } from '../bulk-write/upload-file.js';
import { type FakeContext, type RouteDef, type RouteRequest, VERSION, versionNumber } from '../context.js';
import { formatDateTime } from '../data/gen.js';
import { csvRow } from '../format/csv.js';
import { buildZip, zipStream } from '../format/zip-stream.js';
import { jsonResponse, resourceNotFound, zipResponse, zohoError } from '../http/responses.js';
import { failureResponse } from '../zoho-failure.js';
import { readJsonRequest, unsupportedVersion } from './request-checks.js';

const KIND = 'bulkWrite';

export const uploadsOf = (ctx: FakeContext): Map<string, StoredUpload> =>
  ctx.state('bulkWrite.uploads', () => new Map<string, StoredUpload>());

/** The upload host's own error shape (OAS8 `API_Exception` of bulk_write.json). */
function uploadHostError(): Response {
  return jsonResponse(400, {
    ERROR_CODE: 400,
    ERROR_MESSAGE: 'Bad Request',
    'x-error': 'check if headers [feature, X-CRM-ORG] are present and valid',
    info: 'Forbidden',
    'x-info': 'Link not valid',
    http_status: 400,
  });
}

async function upload(req: RouteRequest, ctx: FakeContext): Promise<Response> {
  if (versionNumber(req.params.v) === undefined) return unsupportedVersion();
  const headers = req.request.headers;
  if (headers.get('feature') !== 'bulk-write' || headers.get('x-crm-org') !== ctx.options.org.zgid) {
    return uploadHostError();
  }
  const settings = settingsOf(ctx);
  const created_time = formatDateTime(ctx.now(), ctx.store.users[0]!.zone);
  const contentType = headers.get('content-type') ?? '';
  let file: unknown;
  try {
    const form = await new Response((req.body ?? new Uint8Array(0)) as Uint8Array<ArrayBuffer>, {
      headers: { 'content-type': contentType },
    }).formData();
    file = form.get('file');
  } catch {
    file = undefined;
  }
  if (!(file instanceof Blob)) {
    return zohoError(400, 'MANDATORY_NOT_FOUND', 'required param file is not found', { param_name: 'file' });
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes.length > settings.maxUploadBytes) {
    return zohoError(settings.fileTooLargeStatus, 'FILE_TOO_LARGE', 'File size too large to process', {
      created_time,
      max_size: settings.maxUploadBytes,
    });
  }
  const entries = readZipEntries(bytes);
  if (!entries || entries.length === 0 || (versionNumber(req.params.v)! < 7 && entries.length > 1)) {
    return jsonResponse(200, {
      code: 'INVALID_FILE_FORMAT',
      details: { created_time },
      message: 'invalid file format. only zip format is supported',
      status: 'error',
    });
  }
  const id = ctx.newId();
  uploadsOf(ctx).set(id, { id, createdAt: ctx.now(), bytes: bytes.length, entries, csv: new Map() });
  const text = JSON.stringify({
    status: 'success',
    code: 'FILE_UPLOAD_SUCCESS',
    message: 'file uploaded.',
    details: { file_id: id, created_time },
  });
  // A bare JSON number of 19 digits: a client that parses it as a double loses the last digits.
  const body = settings.fileIdAsNumber ? text.replace(`"file_id":"${id}"`, `"file_id":${id}`) : text;
  return new Response(body, { status: 200, headers: { 'content-type': 'application/json;charset=UTF-8' } });
}

function create(req: RouteRequest, ctx: FakeContext): Response {
  const request = readJsonRequest(req);
  if (request instanceof Response) return request;
  const { version } = request;
  const result = parseCreateBody(request.body, version, uploadsOf(ctx), ctx);
  if ('code' in result) return failureResponse(result);
  const job = ctx.jobs.create<BulkWriteJob>(KIND, {
    ...result,
    version: req.params.v ?? 'v8',
    versionNumber: version,
    outcome: undefined,
  });
  if (req.effects.failJob) job.failure = req.effects.failJob;
  const user = ctx.store.users[0]!;
  return jsonResponse(201, {
    status: 'success',
    code: 'SUCCESS',
    message: 'success',
    details: { id: job.id, created_by: { id: user.id, name: user.full_name } },
  });
}

function get(req: RouteRequest, ctx: FakeContext): Response {
  if (versionNumber(req.params.v) === undefined) return unsupportedVersion();
  const job = ctx.jobs.get<BulkWriteJob>(req.params.id ?? '', KIND);
  if (!job) return resourceNotFound(req.params.id, 404);
  if (req.effects.failJob && job.finishedAt === undefined) job.failure = req.effects.failJob;
  const phase = ctx.jobs.phase(job, { poll: true });
  if (phase === 'done' && !job.failure) processFamilies(job, ctx);
  return jsonResponse(200, jobJson(job, phase, ctx));
}

function download(req: RouteRequest, ctx: FakeContext): Response {
  const job = ctx.jobs.get<BulkWriteJob>(req.params.id ?? '', KIND);
  if (!job || req.params.file !== job.id || req.params.org !== ctx.options.org.zgid) {
    return resourceNotFound(req.params.id, 404);
  }
  if (ctx.jobs.phase(job, { poll: false }) !== 'done' || job.failure) return resourceNotFound(job.id, 404);
  const now = ctx.now();
  if (now - (job.finishedAt ?? now) > ctx.options.downloadExpiry) {
    return zohoError(404, 'RESOURCE_NOT_FOUND', 'the result file has expired', { resource: job.id });
  }
  processFamilies(job, ctx);
  if (job.children.length > 0)
    return zipResponse(new Blob([familyResultZip(job, ctx) as Uint8Array<ArrayBuffer>]).stream(), job.id);
  const outcome = processJob(job, ctx);
  const { header, indexes } = resultColumns(job);
  const rows = job.csv.rows;
  function* lines(): Generator<string> {
    let batch = (ctx.options.bom ? '\uFEFF' : '') + csvRow(header);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const o = outcome.rows[i]!;
      batch += csvRow([...indexes.map((c) => row[c] ?? ''), o.status, o.recordId, o.errors]);
      if (batch.length >= 65_536) {
        yield batch;
        batch = '';
      }
    }
    if (batch !== '') yield batch;
  }
  const body = zipStream(`${job.module}-${job.fileName}`, lines(), {
    level: ctx.options.compressionLevel,
    corruptCrc: req.effects.corruptCrc,
  });
  return zipResponse(body, job.id);
}

/** A parent-child job's result: one `<module>-<csv name>` CSV per resource, the parent first. */
function familyResultZip(job: BulkWriteJob, ctx: FakeContext): Uint8Array {
  const bom = ctx.options.bom ? '\uFEFF' : '';
  const resources = [job, ...job.children];
  return buildZip(
    resources.map((r) => {
      const { header, indexes } = resultColumns(r);
      let text = bom + csvRow(header);
      for (const [i, row] of r.csv.rows.entries()) {
        const o = r.outcome!.rows[i]!;
        text += csvRow([...indexes.map((c) => row[c] ?? ''), o.status, o.recordId, o.errors]);
      }
      return { name: `${r.module}-${r.fileName}`, data: text };
    }),
  );
}

export const bulkWriteRoutes: RouteDef[] = [
  {
    name: 'bulkWrite.upload',
    method: 'POST',
    origin: 'upload',
    pattern: new RegExp(`^/crm/${VERSION}/upload$`),
    handler: upload,
  },
  {
    name: 'bulkWrite.create',
    method: 'POST',
    origin: 'api',
    pattern: new RegExp(`^/crm/bulk/${VERSION}/write$`),
    handler: create,
  },
  {
    name: 'bulkWrite.get',
    method: 'GET',
    origin: 'api',
    pattern: new RegExp(`^/crm/bulk/${VERSION}/write/(?<id>\\d+)$`),
    handler: get,
  },
  {
    name: 'bulkWrite.download',
    method: 'GET',
    origin: 'download',
    pattern: new RegExp(`^/${VERSION}/crm/(?<org>[^/]+)/bulk-write/(?<id>\\d+)/(?<file>\\d+)\\.zip$`),
    handler: download,
  },
];
