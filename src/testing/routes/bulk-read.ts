/** Bulk Read (zoho-api.md 2): create a job, read it, download its result zip. */

import {
  type BulkReadJob,
  createdBy,
  createdTime,
  jobJson,
  PAGE_TOKEN_LIFETIME,
  pageTokens,
  settle,
} from '../bulk-read/job.js';
import {
  type BulkReadQuery,
  parseCallback,
  parseFileType,
  parsePage,
  parseQuery,
} from '../bulk-read/query.js';
import { csvChunks, icsChunks } from '../bulk-read/result.js';
import { type FakeContext, type RouteDef, type RouteRequest, VERSION, versionNumber } from '../context.js';
import { zipStream } from '../format/zip-stream.js';
import {
  jsonResponse,
  resourceNotFound,
  tooManyRequests,
  zipResponse,
  zohoError,
} from '../http/responses.js';
import { failureResponse, isObject } from '../zoho-failure.js';
import { readJsonRequest, unsupportedVersion } from './request-checks.js';

const KIND = 'bulkRead';
const MINUTE = 60_000;

function create(req: RouteRequest, ctx: FakeContext): Response {
  const request = readJsonRequest(req);
  if (request instanceof Response) return request;
  const { version } = request;
  const { body } = request;
  if (!isObject(body.query))
    return zohoError(400, 'MANDATORY_NOT_FOUND', 'required field not found', { api_name: 'query' });
  const callbackError = parseCallback(body.callback);
  if (callbackError) return failureResponse(callbackError);

  let query: BulkReadQuery;
  let page: number;
  let start: number | undefined;
  if (body.query.page_token !== undefined) {
    const token =
      typeof body.query.page_token === 'string' ? pageTokens(ctx).get(body.query.page_token) : undefined;
    if (version < 7 || !token || ctx.now() - token.createdAt > PAGE_TOKEN_LIFETIME) {
      return zohoError(400, 'INVALID_DATA', 'invalid data', { api_name: 'page_token' });
    }
    ({ query, page, start } = token);
  } else {
    const fileType = parseFileType(body, body.query);
    if (typeof fileType !== 'string') return failureResponse(fileType);
    const parsedQuery = parseQuery(body.query, fileType, version, ctx);
    if ('code' in parsedQuery) return failureResponse(parsedQuery);
    const parsedPage = parsePage(body.query.page);
    if (typeof parsedPage !== 'number') return failureResponse(parsedPage);
    query = parsedQuery;
    page = parsedPage;
    start = undefined;
  }
  const job = ctx.jobs.create<BulkReadJob>(KIND, {
    version: req.params.v ?? 'v8',
    versionNumber: version,
    query,
    page,
    pageToken: typeof body.query.page_token === 'string' ? body.query.page_token : undefined,
    start,
    span: undefined,
    nextPageToken: undefined,
  });
  if (req.effects.failJob) job.failure = req.effects.failJob;
  return jsonResponse(201, {
    data: [
      {
        status: 'success',
        code: 'ADDED_SUCCESSFULLY',
        message: 'Added successfully.',
        details: {
          id: job.id,
          operation: 'read',
          state: 'ADDED',
          created_by: createdBy(ctx),
          created_time: createdTime(job, ctx),
        },
      },
    ],
    info: {},
  });
}

function get(req: RouteRequest, ctx: FakeContext): Response {
  if (versionNumber(req.params.v) === undefined) return unsupportedVersion();
  const job = ctx.jobs.get<BulkReadJob>(req.params.id ?? '', KIND);
  if (!job) return resourceNotFound(req.params.id, 404);
  if (req.effects.failJob && job.finishedAt === undefined) job.failure = req.effects.failJob;
  const phase = ctx.jobs.phase(job, { poll: true });
  return jsonResponse(200, { data: [jobJson(job, phase, ctx)] });
}

function download(req: RouteRequest, ctx: FakeContext): Response {
  const job = ctx.jobs.get<BulkReadJob>(req.params.id ?? '', KIND);
  if (!job) return resourceNotFound(req.params.id, 400);
  if (ctx.jobs.phase(job, { poll: false }) !== 'done' || job.failure) return resourceNotFound(job.id, 400);
  const now = ctx.now();
  if (now - (job.finishedAt ?? now) > ctx.options.downloadExpiry) {
    return zohoError(404, 'RESOURCE_NOT_FOUND', 'the result file has expired', { resource: job.id });
  }
  const windows = ctx.state('bulkRead.downloads', () => new Map<string, number[]>());
  const recent = (windows.get(req.token ?? '') ?? []).filter((t) => now - t < MINUTE);
  if (recent.length >= ctx.options.downloadsPerMinute) return tooManyRequests();
  recent.push(now);
  windows.set(req.token ?? '', recent);

  const span = settle(job, ctx);
  const ics = job.query.fileType === 'ics';
  const chunks = ics ? icsChunks(ctx.store, job, span) : csvChunks(ctx.store, job, span, ctx.options.bom);
  const body = zipStream(`${job.id}.${ics ? 'ics' : 'csv'}`, chunks, {
    level: ctx.options.compressionLevel,
    corruptCrc: req.effects.corruptCrc,
  });
  return zipResponse(body, job.id);
}

export const bulkReadRoutes: RouteDef[] = [
  {
    name: 'bulkRead.create',
    method: 'POST',
    origin: 'api',
    pattern: new RegExp(`^/crm/bulk/${VERSION}/read$`),
    handler: create,
  },
  {
    name: 'bulkRead.get',
    method: 'GET',
    origin: 'api',
    pattern: new RegExp(`^/crm/bulk/${VERSION}/read/(?<id>\\d+)$`),
    handler: get,
  },
  {
    name: 'bulkRead.download',
    method: 'GET',
    origin: 'api',
    pattern: new RegExp(`^/crm/bulk/${VERSION}/read/(?<id>\\d+)/result$`),
    handler: download,
  },
];
