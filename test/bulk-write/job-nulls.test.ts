/**
 * Zoho serialises absent values as `null` (its SDK models make every key optional and nullable):
 * bulk-write answers with nulls are read, `null` reads as absent, and only a value that is really
 * needed fails — when it is needed, naming the job.
 */
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { DownloadError, ResponseValidationError } from '../../src/core/errors.js';
import { buildZip } from '../../src/testing/index.js';
import { raw, rejectionOf, route, useMswServer } from '../client/support.js';
import { makeClient } from './support.js';

const server = useMswServer();
const API = 'https://www.zohoapis.com';
const JOB = '4150868000005350003';
const client = () => makeClient({ auth: 'static-access-token' }).client;

/** A job GET with `null` wherever Zoho may send one. */
function nullJob(status: string, result: unknown = null): Record<string, unknown> {
  return {
    status,
    id: JOB,
    operation: null,
    ignore_empty: null,
    character_encoding: null,
    created_by: null,
    created_time: null,
    callback: null,
    file_type: null,
    resource: [
      {
        status: null,
        code: null,
        type: null,
        module: null,
        file_id: null,
        file_names: null,
        find_by: null,
        ignore_empty: null,
        field_mappings: [
          { api_name: 'Last_Name', index: 0, format: null, find_by: null, module: null, default_value: null },
        ],
        file: null,
      },
      {
        status: 'COMPLETED',
        module: { api_name: 'Leads', id: null },
        file: {
          status: null,
          name: null,
          added_count: null,
          skipped_count: 2,
          updated_count: null,
          total_count: '11',
        },
      },
    ],
    result,
  };
}

describe('bulk-write answers with nulls', () => {
  it('get: every null key reads as absent; counts still add up', async () => {
    server.use(route('get', `${API}/crm/bulk/v8/write/${JOB}`, () => nullJob('COMPLETED')).handler);
    const job = await client().bulkWrite.get(JOB);
    expect(job.created_by).toBeUndefined();
    expect(job.result).toBeUndefined();
    expect(job.operation).toBeUndefined();
    expect(job.resource?.[0]?.file).toBeUndefined();
    expect(job.resource?.[0]?.module).toBeUndefined();
    expect(JSON.parse(JSON.stringify(job.resource?.[0]))).toEqual({
      field_mappings: [{ api_name: 'Last_Name', index: 0 }],
    });
    expect(job.resource?.[0]?.field_mappings).toEqual([{ api_name: 'Last_Name', index: 0 }]);
    expect(job.resource?.[1]?.module).toEqual({ api_name: 'Leads' });
    expect(job.resource?.[1]?.file).toEqual({ skipped_count: 2, total_count: 11 });
    expect(job.file_type).toBeNull(); // a key this library does not know passes through as sent
  });

  it('waitFor polls through a job full of nulls until COMPLETED', async () => {
    const states = ['ADDED', 'IN PROGRESS', 'COMPLETED'];
    const get = route('get', `${API}/crm/bulk/v8/write/${JOB}`, (n) => nullJob(states[n - 1]!));
    server.use(get.handler);
    const done = await client().bulkWrite.waitFor(JOB);
    expect(done.status).toBe('COMPLETED');
    expect(get.seen).toHaveLength(3);
  });

  it('results(jobId): a COMPLETED job with null created_by/file reads its file', async () => {
    const url = `https://download-accl.zoho.com/v2/crm/694902309/bulk-write/${JOB}/${JOB}.zip`;
    const csv = 'Last_Name,STATUS,RECORD_ID,ERRORS\r\nBoyle,ADDED,4876876000001300001,\r\n';
    server.use(
      route('get', `${API}/crm/bulk/v8/write/${JOB}`, () =>
        nullJob('COMPLETED', { download_url: url, page: null }),
      ).handler,
      route('get', url, () => new HttpResponse(buildZip([{ name: 'Leads-1.csv', data: csv }]))).handler,
    );
    const rows = [];
    for await (const row of client().bulkWrite.results(JOB)) rows.push(row);
    expect(rows.map((r) => [r.status, r.recordId])).toEqual([['ADDED', '4876876000001300001']]);
  });

  it('a COMPLETED job whose result (or download_url) is null fails only when its file is read, naming the job', async () => {
    for (const result of [null, { download_url: null }, { download_url: '' }]) {
      server.use(route('get', `${API}/crm/bulk/v8/write/${JOB}`, () => nullJob('COMPLETED', result)).handler);
      const c = client();
      expect((await c.bulkWrite.waitFor(JOB)).status).toBe('COMPLETED');
      const error = await rejectionOf(async () => {
        for await (const _ of c.bulkWrite.results(JOB)) {
          // nothing
        }
      });
      expect(error).toBeInstanceOf(DownloadError);
      expect(error.message).toContain(`Job ${JOB}`);
    }
  });

  it('a parent-child job GET without a top-level id gets the id asked for', async () => {
    const { id: _, ...withoutId } = nullJob('COMPLETED');
    server.use(route('get', `${API}/crm/bulk/v8/write/${JOB}`, () => ({ ...withoutId, id: null })).handler);
    expect((await client().bulkWrite.get(JOB)).id).toBe(JOB);
    server.use(route('get', `${API}/crm/bulk/v8/write/${JOB}`, () => withoutId).handler);
    expect((await client().bulkWrite.get(JOB)).id).toBe(JOB);
  });

  it('a job without a status is refused at the GET, naming the job', async () => {
    server.use(route('get', `${API}/crm/bulk/v8/write/${JOB}`, () => nullJob(null as never)).handler);
    const error = await rejectionOf(client().bulkWrite.waitFor(JOB));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.message).toContain(`GET /crm/bulk/v8/write/${JOB}`);
    expect(error.message).toContain('status');
  });

  it('create and upload answers with null created_by, created_time, code and message', async () => {
    server.use(
      route('post', `${API}/crm/bulk/v8/write`, () =>
        raw(
          '{"status":"success","code":null,"message":null,"details":{"id":4876876000000890075,"created_by":null}}',
          201,
        ),
      ).handler,
      route('post', 'https://content.zohoapis.com/crm/v8/upload', () => ({
        status: 'success',
        code: null,
        message: null,
        details: { file_id: '4876876000001492610', created_time: null },
      })).handler,
    );
    const { client: c } = makeClient({ auth: 'static-access-token', orgId: '694902309' });
    const created = await c.bulkWrite.create({
      operation: 'insert',
      resource: [{ module: 'Leads', file_id: '4876876000001492610' }],
    });
    expect(created).toEqual({ id: '4876876000000890075' });
    expect(await c.bulkWrite.upload('Last_Name\r\nBoyle\r\n')).toEqual({ file_id: '4876876000001492610' });
  });
});
