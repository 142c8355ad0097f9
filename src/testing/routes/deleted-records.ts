/**
 * Deleted records (metadata-sync.md §2): `GET /crm/{v}/{module}/deleted?type=all|recycle|permanent
 * &page&per_page` (≤ 200 per page), filtered by `If-Modified-Since` (deletion time at or after it),
 * newest first; 204 when nothing matches.
 */
import { type FakeContext, type RouteDef, type RouteRequest, VERSION, versionNumber } from '../context.js';
import { currentUser } from '../data/samples.js';
import { deletionJson, deletionLog, type FakeDeletionType } from '../deleted/deletion-log.js';
import { jsonResponse, zohoError } from '../http/responses.js';
import { unsupportedVersion } from './request-checks.js';

const TYPES = new Set(['all', 'recycle', 'permanent']);
const MAX_PER_PAGE = 200;

function positiveInt(raw: string | null, fallback: number): number | undefined {
  if (raw === null) return fallback;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 ? n : undefined;
}

function list(req: RouteRequest, ctx: FakeContext): Response {
  if (versionNumber(req.params.v) === undefined) return unsupportedVersion();
  const module = req.params.module ?? '';
  if (!ctx.store.module(module)) {
    return zohoError(
      400,
      'INVALID_MODULE',
      'the module name given seems to be invalid',
      {
        resource_path_index: 0,
      },
      { wrap: true },
    );
  }
  const q = req.url.searchParams;
  const type = q.get('type') ?? 'all';
  const page = positiveInt(q.get('page'), 1);
  const perPage = positiveInt(q.get('per_page'), MAX_PER_PAGE);
  if (!TYPES.has(type) || page === undefined || perPage === undefined) {
    const param = !TYPES.has(type) ? 'type' : page === undefined ? 'page' : 'per_page';
    return zohoError(
      400,
      'PATTERN_NOT_MATCHED',
      'Please check whether the input values are correct',
      {
        param_name: param,
      },
      { wrap: true },
    );
  }
  const header = req.request.headers.get('if-modified-since');
  const since = header === null ? undefined : Date.parse(header);
  if (since !== undefined && Number.isNaN(since)) {
    return zohoError(400, 'INVALID_DATA', 'invalid If-Modified-Since header', {
      header: 'If-Modified-Since',
    });
  }
  const size = Math.min(perPage, MAX_PER_PAGE);
  const entries = deletionLog(ctx).list(module, ctx.now(), {
    ...(since === undefined ? {} : { since }),
    ...(type === 'all' ? {} : { type: type as FakeDeletionType }),
  });
  const slice = entries.slice((page - 1) * size, page * size);
  if (slice.length === 0) return new Response(null, { status: 204 });
  const zone = currentUser(ctx.store.users).zone;
  return jsonResponse(200, {
    data: slice.map((e) => deletionJson(e, zone)),
    info: { per_page: size, count: slice.length, page, more_records: page * size < entries.length },
  });
}

export const deletedRecordsRoutes: RouteDef[] = [
  {
    name: 'records.deleted',
    method: 'GET',
    origin: 'api',
    pattern: new RegExp(`^/crm/${VERSION}/(?<module>[A-Za-z0-9_]+)/deleted$`),
    handler: list,
  },
];
