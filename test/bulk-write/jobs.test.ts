import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { JobFailedError, RequestValidationError, ZohoApiError } from '../../src/core/errors.js';
import type { BulkWriteCreateBody, BulkWriteJob } from '../../src/schemas/bulk-write.js';
import { bulkWriteCounts } from '../../src/schemas/bulk-write.js';
import { buildZip } from '../../src/testing/index.js';
import { raw, route, useMswServer } from '../client/support.js';
import { makeClient } from './support.js';

const server = useMswServer();
const API = 'https://www.zohoapis.com';
const client = (options = {}) => makeClient({ auth: 'static-access-token', ...options });

const created = {
  status: 'success',
  code: 'SUCCESS',
  message: 'success',
  details: { id: '4876876000000890075', created_by: { id: '4876876000000327001', name: 'Patricia Boyle' } },
};

const body: BulkWriteCreateBody = {
  operation: 'upsert',
  ignore_empty: true,
  callback: { url: 'https://hooks.example.com/zoho', method: 'post' },
  resource: [
    {
      module: 'Leads',
      file_id: '4876876000001492610',
      find_by: 'Email',
      field_mappings: [
        { api_name: 'Last_Name', index: 0 },
        { api_name: 'Email', index: 1 },
        { api_name: 'Lead_Source', index: 2, default_value: { value: 'Trade Show' } },
        { api_name: 'Layout', default_value: { value: '4876876000001022168' } },
      ],
    },
  ],
};

/** The v2.1 job from Zoho's Postman collection (zoho-api.md §3.3). */
function job(status: string, extra: Partial<BulkWriteJob> = {}): Record<string, unknown> {
  return {
    status,
    character_encoding: 'UTF-8',
    operation: 'insert',
    ignore_empty: true,
    id: '4150868000005350003',
    created_by: { id: '4150868000000225013', name: 'Patricia Boyle' },
    created_time: '2021-05-11T12:38:29+05:30',
    resource: [
      {
        status,
        code: status,
        type: 'data',
        module: { id: '4150868000000002175', api_name: 'Leads' },
        field_mappings: [
          { api_name: 'Last_Name', index: 0, format: null, find_by: null, module: null, default_value: null },
        ],
        file: {
          status,
          name: 'Fil2.csv',
          added_count: 9,
          skipped_count: 2,
          updated_count: 0,
          total_count: 11,
        },
      },
    ],
    ...extra,
  };
}

describe('bulkWrite.create', () => {
  it('sends module as an object from v2.1 and returns details', async () => {
    const create = route('post', `${API}/crm/bulk/v8/write`, () =>
      HttpResponse.json(created, { status: 201 }),
    );
    server.use(create.handler);
    const { client: c } = client();
    expect(await c.bulkWrite.create(body)).toEqual(created.details);
    const sent = JSON.parse(create.seen[0]!.body) as Record<string, unknown>;
    expect(sent).toEqual({
      ...body,
      resource: [{ ...body.resource[0], type: 'data', module: { api_name: 'Leads' } }],
    });
  });

  it('sends module as a string for v2', async () => {
    const create = route('post', `${API}/crm/bulk/v2/write`, () =>
      HttpResponse.json(created, { status: 201 }),
    );
    server.use(create.handler);
    const { client: c } = client({ apiVersion: 'v2' });
    await c.bulkWrite.create({
      ...body,
      resource: [{ ...body.resource[0]!, module: { api_name: 'Leads' } }],
    });
    const sent = JSON.parse(create.seen[0]!.body) as { resource: [{ module: unknown }] };
    expect(sent.resource[0].module).toBe('Leads');
  });

  it('keeps a bare numeric job id as a string', async () => {
    server.use(
      route('post', `${API}/crm/bulk/v8/write`, () =>
        raw('{"status":"success","code":"SUCCESS","details":{"id":4876876000000890075}}', 201),
      ).handler,
    );
    const { client: c } = client();
    expect((await c.bulkWrite.create(body)).id).toBe('4876876000000890075');
  });

  it('throws Zoho’s job-level errors', async () => {
    server.use(
      route('post', `${API}/crm/bulk/v8/write`, () =>
        HttpResponse.json(
          { code: 'INVALID_FILE_ID', details: {}, message: 'improper file id', status: 'error' },
          { status: 400 },
        ),
      ).handler,
    );
    const { client: c } = client();
    await expect(c.bulkWrite.create(body)).rejects.toMatchObject({ code: 'INVALID_FILE_ID', status: 400 });
  });

  describe('refuses before any request', () => {
    const refuse = async (bad: unknown, apiVersion?: 'v6') => {
      const { client: c } = client(apiVersion ? { apiVersion } : {});
      const error = await c.bulkWrite.create(bad as BulkWriteCreateBody).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RequestValidationError);
      return (error as RequestValidationError).issues[0];
    };
    const r = body.resource[0]!;

    it('find_by missing for upsert and update', async () => {
      expect(await refuse({ ...body, resource: [{ ...r, find_by: undefined }] })).toMatchObject({
        path: ['resource', 0, 'find_by'],
      });
      expect(
        (await refuse({ operation: 'update', resource: [{ module: 'Leads', file_id: '1' }] }))?.message,
      ).toContain('find_by is required for update');
    });

    it('a bad operation, a numeric file_id, a negative index, 201 mappings', async () => {
      expect(await refuse({ ...body, operation: 'merge' })).toMatchObject({ path: ['operation'] });
      expect(await refuse({ ...body, resource: [{ ...r, file_id: 4876876000001492 }] })).toMatchObject({
        path: ['resource', 0, 'file_id'],
      });
      const negative = [{ api_name: 'Last_Name', index: -1 }];
      expect(await refuse({ ...body, resource: [{ ...r, field_mappings: negative }] })).toMatchObject({
        path: ['resource', 0, 'field_mappings', 0, 'index'],
      });
      const many = Array.from({ length: 201 }, (_, index) => ({ api_name: `F${index}`, index }));
      expect((await refuse({ ...body, resource: [{ ...r, field_mappings: many }] }))?.message).toContain(
        'at most 200 field mappings',
      );
    });

    it('a callback that is not post, parent-child keys before v7', async () => {
      expect(await refuse({ ...body, callback: { url: 'https://x.example', method: 'get' } })).toMatchObject({
        path: ['callback', 'method'],
      });
      const child = { ...r, file_names: ['leads.csv'] };
      expect((await refuse({ ...body, resource: [child] }, 'v6'))?.message).toContain('needs API v7');
    });
  });
});

describe('bulkWrite.get / waitFor', () => {
  it('reads the job (not wrapped) with its per-resource counts', async () => {
    const url =
      'https://download-accl.zoho.com/v2/crm/694902309/bulk-write/4150868000005350003/4150868000005350003.zip';
    server.use(
      route('get', `${API}/crm/bulk/v8/write/4150868000005350003`, () =>
        job('COMPLETED', { result: { download_url: url } }),
      ).handler,
    );
    const { client: c } = client();
    const got = await c.bulkWrite.get('4150868000005350003');
    expect(got.status).toBe('COMPLETED');
    expect(got.resource?.[0]?.file).toEqual({
      status: 'COMPLETED',
      name: 'Fil2.csv',
      added_count: 9,
      skipped_count: 2,
      updated_count: 0,
      total_count: 11,
    });
    expect(got.result?.download_url).toBe(url);
    expect(bulkWriteCounts(got)).toEqual({ added: 9, updated: 0, skipped: 2, total: 11 });
  });

  it('polls through ADDED, INPROGRESS, IN PROGRESS and unknown states until COMPLETED', async () => {
    const states = ['ADDED', 'INPROGRESS', 'IN PROGRESS', 'VALIDATING', 'COMPLETED'];
    const get = route('get', `${API}/crm/bulk/v8/write/4150868000005350003`, (n) => job(states[n - 1]!));
    server.use(get.handler);
    const { client: c, clock } = client();
    const seen: string[] = [];
    const done = await c.bulkWrite.waitFor('4150868000005350003', { onProgress: (j) => seen.push(j.status) });
    expect(done.status).toBe('COMPLETED');
    expect(seen).toEqual(states);
    expect(clock.sleeps).toEqual([1000, 1500, 2250, 3375]);
  });

  it('FAILED rejects with JobFailedError carrying the job', async () => {
    server.use(route('get', `${API}/crm/bulk/v8/write/4150868000005350003`, () => job('FAILED')).handler);
    const { client: c } = client();
    const error = await c.bulkWrite.waitFor('4150868000005350003').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobFailedError);
    expect((error as JobFailedError<BulkWriteJob>).job.status).toBe('FAILED');
    expect((error as Error).message).toContain('Leads: FAILED');
  });

  it('refuses a job id that is not digits', async () => {
    const { client: c } = client();
    await expect(c.bulkWrite.get('12; DROP')).rejects.toBeInstanceOf(RequestValidationError);
    await expect(c.bulkWrite.waitFor(4150868 as unknown as string)).rejects.toBeInstanceOf(
      RequestValidationError,
    );
  });
});

describe('bulkWrite.results', () => {
  const csv =
    'Last_Name,Company,Email,STATUS,RECORD_ID,ERRORS\r\n' +
    'Boyle,Zylker,patricia.b@zylker.com,ADDED,4876876000001300001,\r\n' +
    'Kennedy,,k.kennedy@zylker.com,SKIPPED,,MANDATORY_NOT_FOUND-Company\r\n' +
    ',,smith@acme.com,SKIPPED,,"MANDATORY_NOT_FOUND-Company,Last_Name:DUPLICATE_DATA-Email"\r\n' +
    'Jones,Globex,jones@globex.com,UPDATED,4876876000001299876,\r\n';

  it('reads a relative download_url on the API origin and parses every row', async () => {
    const download = route(
      'get',
      `${API}/v7/crm/org694902309/bulk-write/1/1.zip`,
      () => new HttpResponse(buildZip([{ name: 'Leads-bulkwrite.csv', data: csv }])),
    );
    server.use(download.handler);
    const { client: c } = client();
    const rows = [];
    for await (const row of c.bulkWrite.results(
      job('COMPLETED', {
        id: '1',
        result: { download_url: '/v7/crm/org694902309/bulk-write/1/1.zip' },
      }) as BulkWriteJob,
    )) {
      rows.push(row);
    }
    expect(rows.map((r) => [r.status, r.recordId])).toEqual([
      ['ADDED', '4876876000001300001'],
      ['SKIPPED', null],
      ['SKIPPED', null],
      ['UPDATED', '4876876000001299876'],
    ]);
    expect(rows[2]!.errors).toEqual([
      { code: 'MANDATORY_NOT_FOUND', fields: ['Company', 'Last_Name'] },
      { code: 'DUPLICATE_DATA', fields: ['Email'] },
    ]);
    expect(rows[0]!.row).toEqual({
      Last_Name: 'Boyle',
      Company: 'Zylker',
      Email: 'patricia.b@zylker.com',
      STATUS: 'ADDED',
      RECORD_ID: '4876876000001300001',
      ERRORS: '',
    });
    expect(rows[0]!.index).toBeUndefined();
    expect(download.seen[0]!.headers.get('authorization')).toBe('Zoho-oauthtoken static-access-token');
  });

  it('fetches the job first when given an id', async () => {
    const url = 'https://download-accl.zoho.com/v2/crm/694902309/bulk-write/7/7.zip';
    server.use(
      route('get', `${API}/crm/bulk/v8/write/7`, () =>
        job('COMPLETED', { id: '7', result: { download_url: url } }),
      ).handler,
      http.get(url, () => new HttpResponse(buildZip([{ name: 'x.csv', data: csv }]))),
    );
    const { client: c } = client();
    let n = 0;
    for await (const _ of c.bulkWrite.results('7')) n++;
    expect(n).toBe(4);
  });

  it('refuses a download_url on an untrusted host without sending the token', async () => {
    const { client: c } = client();
    const evil = job('COMPLETED', {
      result: { download_url: 'https://zoho.com.evil.example/x.zip' },
    }) as BulkWriteJob;
    const error = await (async () => {
      for await (const _ of c.bulkWrite.results(evil)) {
        // nothing
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestValidationError);
  });

  it('a job still running is a RequestValidationError, as in bulkRead.records', async () => {
    const { client: c } = client();
    const error = await (async () => {
      for await (const _ of c.bulkWrite.results(job('INPROGRESS') as BulkWriteJob)) {
        // nothing
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as Error).message).toContain(
      'is INPROGRESS, not COMPLETED: wait for it first (bulkWrite.waitFor)',
    );
  });

  it('a 404 on the download is a ZohoApiError', async () => {
    const url = 'https://download-accl.zoho.com/v2/crm/1/bulk-write/9/9.zip';
    server.use(
      http.get(url, () =>
        HttpResponse.json({ code: 'RESOURCE_NOT_FOUND', status: 'error', message: 'gone' }, { status: 404 }),
      ),
    );
    const { client: c } = client();
    const error = await (async () => {
      for await (const _ of c.bulkWrite.results(
        job('COMPLETED', { id: '9', result: { download_url: url } }) as BulkWriteJob,
      )) {
        // nothing
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZohoApiError);
    expect((error as ZohoApiError).code).toBe('RESOURCE_NOT_FOUND');
  });
});
