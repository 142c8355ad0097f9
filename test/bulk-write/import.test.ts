import { describe, expect, it } from 'vitest';
import type { TokenProvider } from '../../src/auth/token-provider.js';
import {
  JobFailedError,
  OAuthError,
  RequestValidationError,
  ResponseValidationError,
  ZohoApiError,
} from '../../src/core/errors.js';
import { BulkWriteImportError, importChunkOf } from '../../src/import/import-error.js';
import type { BulkWriteImportEvent } from '../../src/import/import-params.js';
import type { BulkWriteRowResult } from '../../src/schemas/row-errors.js';
import { buildZip } from '../../src/testing/index.js';
import { useFakeZoho } from './support.js';

const { zoho, client } = useFakeZoho();

const routes = (route: string) => zoho.requests.filter((r) => r.route === route);

async function collect(results: AsyncIterable<BulkWriteRowResult>): Promise<BulkWriteRowResult[]> {
  const out: BulkWriteRowResult[] = [];
  for await (const r of results) out.push(r);
  return out;
}

function* leads(n: number, offset = 0): Generator<Record<string, string>> {
  for (let i = 0; i < n; i++) {
    yield {
      Last_Name: `Last${i + offset}`,
      Company: `Company ${i + offset}`,
      Email: `lead${i + offset}@import.example`,
    };
  }
}

describe('bulkWrite.import against FakeZoho', () => {
  it('imports 60,000 records in 3 files and reports every row, with skipped rows and their errors', async () => {
    const existingEmail = [...zoho.records('Leads')].find((r) => r.Email !== '')?.Email as string;
    expect(existingEmail).toMatch(/@example\.com$/);
    const records = [...leads(60_000)];
    records[7] = { ...records[7]!, Company: '' };
    records[30_001] = { ...records[30_001]!, Email: records[12]!.Email as string }; // added by the first job
    records[50_010] = { ...records[50_010]!, Email: existingEmail.toUpperCase() }; // an existing lead
    records[59_999] = { Last_Name: '', Company: '', Email: records[59_998]!.Email as string }; // same file
    const events: BulkWriteImportEvent[] = [];
    const before = zoho.count('Leads');
    const { client: c } = client();

    const results = await collect(
      c.bulkWrite.import(
        { module: 'Leads', operation: 'insert', records },
        { onProgress: (e) => events.push(e) },
      ),
    );

    expect(results).toHaveLength(60_000);
    expect(results.every((r, i) => r.index === i)).toBe(true);
    const skipped = results.filter((r) => r.status === 'SKIPPED').map((r) => r.index);
    expect(skipped).toEqual([7, 30_001, 50_010, 59_999]);
    expect(results[7]!.errors).toEqual([{ code: 'MANDATORY_NOT_FOUND', fields: ['Company'] }]);
    expect(results[30_001]!.errors).toEqual([{ code: 'DUPLICATE_DATA', fields: ['Email'] }]);
    expect(results[50_010]!.errors).toEqual([{ code: 'DUPLICATE_DATA', fields: ['Email'] }]);
    expect(results[59_999]!.row.ERRORS).toBe('MANDATORY_NOT_FOUND-Company,Last_Name:DUPLICATE_DATA-Email');
    expect(results[59_999]!.errors).toEqual([
      { code: 'MANDATORY_NOT_FOUND', fields: ['Company', 'Last_Name'] },
      { code: 'DUPLICATE_DATA', fields: ['Email'] },
    ]);
    expect(results[7]!.recordId).toBeNull();
    expect(results.filter((r) => r.status === 'ADDED')).toHaveLength(59_996);
    expect(results[0]!.recordId).toMatch(/^\d{19}$/);
    expect(results[0]!.row).toMatchObject({ Last_Name: 'Last0', Company: 'Company 0', STATUS: 'ADDED' });

    // 3 files of at most 25,000 rows, each uploaded and created exactly once.
    const uploaded = events.filter((e) => e.type === 'uploaded');
    expect(uploaded.map((e) => [e.chunk.firstIndex, e.chunk.lastIndex, e.chunk.rows])).toEqual([
      [0, 24_999, 25_000],
      [25_000, 49_999, 25_000],
      [50_000, 59_999, 10_000],
    ]);
    expect(routes('bulkWrite.upload')).toHaveLength(3);
    expect(routes('bulkWrite.create')).toHaveLength(3);
    expect(routes('org.get')).toHaveLength(1);
    const lastJob = events.filter((e) => e.type === 'job').at(-1);
    expect(lastJob?.type === 'job' && lastJob.counts).toEqual({
      added: 9_998,
      updated: 0,
      skipped: 2,
      total: 10_000,
    });

    // The fake's module holds the added records.
    expect(zoho.count('Leads')).toBe(before + 59_996);
    const first = zoho.record('Leads', before);
    expect(first).toMatchObject({ Id: results[0]!.recordId, Last_Name: 'Last0', Company: 'Company 0' });
    expect(first?.Email).toBe('lead0@import.example');
  }, 60_000);

  it('a 500 on the create POST fails the import after one upload and one create', async () => {
    zoho.inject({ match: { route: 'bulkWrite.create' }, effect: { type: 'server-error' } });
    const { client: c } = client();
    const error = await collect(
      c.bulkWrite.import({ module: 'Leads', operation: 'insert', records: leads(10) }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BulkWriteImportError);
    const cause = (error as BulkWriteImportError).cause;
    expect(cause).toBeInstanceOf(ZohoApiError);
    expect((cause as ZohoApiError).status).toBe(500);
    expect((error as Error).message).toBe(
      `bulkWrite.import failed for records 0..9 (file 1): ${(cause as Error).message}`,
    );
    expect((error as BulkWriteImportError).jobId).toBeUndefined();
    expect(importChunkOf(error)).toEqual({ index: 0, firstIndex: 0, lastIndex: 9, rows: 10 });
    expect(routes('bulkWrite.upload')).toHaveLength(1);
    expect(routes('bulkWrite.create')).toHaveLength(1);
    expect(routes('bulkWrite.get')).toHaveLength(0);
    expect(zoho.count('Leads')).toBe(1000);
  });

  it('a failed job names its records and job; the finished file is delivered first', async () => {
    zoho.inject({
      match: { route: 'bulkWrite.create' },
      after: 1,
      effect: { type: 'fail-job', code: 'INTERNAL_ERROR' },
    });
    const { client: c } = client();
    const seen: number[] = [];
    let error: unknown;
    try {
      for await (const r of c.bulkWrite.import(
        { module: 'Leads', operation: 'insert', records: leads(25) },
        { maxRowsPerFile: 10 },
      )) {
        seen.push(r.index as number);
      }
    } catch (e) {
      error = e;
    }
    expect(seen).toEqual([...Array(10).keys()]);
    expect(error).toBeInstanceOf(BulkWriteImportError);
    const cause = (error as BulkWriteImportError).cause;
    expect(cause).toBeInstanceOf(JobFailedError);
    const jobId = zoho.jobs('bulkWrite')[1]!.id;
    expect((cause as JobFailedError).jobId).toBe(jobId);
    expect((cause as JobFailedError<{ status: string }>).job.status).toBe('FAILED');
    expect((cause as Error).message).not.toContain('bulkWrite.import'); // the original, untouched
    expect((error as BulkWriteImportError).jobId).toBe(jobId);
    expect((error as Error).message).toContain(`records 10..19 (file 2), job ${jobId}`);
    expect(importChunkOf(error)).toEqual({ index: 1, firstIndex: 10, lastIndex: 19, rows: 10 });
    expect(routes('bulkWrite.create')).toHaveLength(2); // the third file was never started
  });

  it('with concurrency, later files that finished are still delivered when one fails', async () => {
    zoho.inject({ match: { route: 'bulkWrite.create' }, effect: { type: 'fail-job' } });
    const { client: c } = client();
    const seen: number[] = [];
    const error = await (async () => {
      for await (const r of c.bulkWrite.import(
        { module: 'Leads', operation: 'insert', records: leads(20) },
        { maxRowsPerFile: 10, concurrency: 2 },
      )) {
        seen.push(r.index as number);
      }
    })().catch((e: unknown) => e);
    expect((error as BulkWriteImportError).cause).toBeInstanceOf(JobFailedError);
    expect(importChunkOf(error)?.firstIndex).toBe(0);
    expect(seen).toEqual([...Array(10).keys()].map((i) => i + 10));
  });

  it('joins results to the whole input row although Zoho returns only the first three mapped columns', async () => {
    const { client: c } = client();
    const records = [
      {
        Last_Name: 'Boyle',
        Company: 'Zylker',
        Email: 'pb@zylker.example',
        Lead_Source: 'Web',
        Date_of_Lead: new Date(Date.UTC(2024, 6, 1)),
      },
      {
        Last_Name: 'Kennedy',
        Company: 'Acme',
        Email: 'kk@acme.example',
        Lead_Source: 'Partner',
        Date_of_Lead: new Date(Date.UTC(2024, 6, 2)),
      },
    ];
    const results = await collect(
      c.bulkWrite.import({
        module: 'Leads',
        operation: 'insert',
        records,
        fieldMappings: [
          { api_name: 'Last_Name', column: 'Last_Name' },
          { api_name: 'Company', column: 'Company' },
          { api_name: 'Email', column: 'Email' },
          { api_name: 'Lead_Source', column: 'Lead_Source' },
          { api_name: 'Date_of_Lead', column: 'Date_of_Lead', format: 'MM/dd/yyyy' },
        ],
      }),
    );
    expect(results[1]!.row).toEqual({
      Last_Name: 'Kennedy',
      Company: 'Acme',
      Email: 'kk@acme.example',
      Lead_Source: 'Partner',
      Date_of_Lead: '07/02/2024',
      STATUS: 'ADDED',
      RECORD_ID: results[1]!.recordId,
      ERRORS: '',
    });
    const create = routes('bulkWrite.create')[0]!.json as { resource: [{ field_mappings: unknown[] }] };
    expect(create.resource[0].field_mappings[4]).toEqual({
      api_name: 'Date_of_Lead',
      index: 4,
      format: 'MM/dd/yyyy',
    });
    expect(zoho.record('Leads', 1001)).toMatchObject({ Last_Name: 'Kennedy', Date_of_Lead: '2024-07-02' });
  });

  it('declares the date formats to Zoho when dateFormats are given without mappings', async () => {
    const { client: c } = client();
    const results = await collect(
      c.bulkWrite.import({
        module: 'Contacts',
        operation: 'insert',
        records: [{ Last_Name: 'Ng', Date_of_Birth: new Date(Date.UTC(1990, 1, 3)), 'Account_Name.id': '' }],
        dateFormats: { Date_of_Birth: 'yyyy-MM-dd' },
      }),
    );
    expect(results[0]!.status).toBe('ADDED');
    const create = routes('bulkWrite.create')[0]!.json as { resource: [{ field_mappings: unknown[] }] };
    expect(create.resource[0].field_mappings).toEqual([
      { api_name: 'Last_Name', index: 0 },
      { api_name: 'Date_of_Birth', index: 1, format: 'yyyy-MM-dd' },
      { api_name: 'Account_Name', index: 2, find_by: 'id' },
    ]);
    expect(zoho.record('Contacts', 1000)).toMatchObject({ Last_Name: 'Ng', Date_of_Birth: '1990-02-03' });
  });

  it('upserts by Email: matches are UPDATED with their id, the rest ADDED', async () => {
    const { client: c } = client();
    const inserted = await collect(
      c.bulkWrite.import({ module: 'Contacts', operation: 'insert', records: leadsAsContacts(3) }),
    );
    const upsert = await collect(
      c.bulkWrite.import({
        module: 'Contacts',
        operation: 'upsert',
        findBy: 'Email',
        records: [
          { Last_Name: 'Changed', Email: 'lead1@import.example' },
          { Last_Name: 'New', Email: 'new@import.example' },
        ],
      }),
    );
    expect(upsert.map((r) => [r.status, r.recordId])).toEqual([
      ['UPDATED', inserted[1]!.recordId],
      ['ADDED', expect.stringMatching(/^\d{19}$/)],
    ]);
    expect(zoho.record('Contacts', 1001)).toMatchObject({
      Last_Name: 'Changed',
      Email: 'lead1@import.example',
    });
    const body = routes('bulkWrite.create')[1]!.json as {
      operation: string;
      resource: [{ find_by: string; module: unknown }];
    };
    expect(body.operation).toBe('upsert');
    expect(body.resource[0]).toMatchObject({ find_by: 'Email', module: { api_name: 'Contacts' } });
  });

  it('refuses a result file whose row count differs from the file uploaded, naming the job', async () => {
    const csv = 'Last_Name,Company,Email,STATUS,RECORD_ID,ERRORS\r\nA,B,a@b.example,ADDED,1,\r\n';
    zoho.inject({
      match: { route: 'bulkWrite.download' },
      effect: {
        type: 'respond',
        respond: () => new Response(buildZip([{ name: 'r.csv', data: csv }]) as Uint8Array<ArrayBuffer>),
      },
    });
    const { client: c } = client();
    const error = await collect(
      c.bulkWrite.import({ module: 'Leads', operation: 'insert', records: leads(3) }),
    ).catch((e: unknown) => e);
    expect((error as BulkWriteImportError).cause).toBeInstanceOf(ResponseValidationError);
    const jobId = zoho.jobs('bulkWrite')[0]!.id;
    expect((error as Error).message).toContain(`has 1 rows, expected 3`);
    expect((error as Error).message).toContain(`job ${jobId}`);
    expect(importChunkOf(error)).toEqual({ index: 0, firstIndex: 0, lastIndex: 2, rows: 3 });
  });

  it('wraps a failure with cause and never touches the original (the caller’s own error, frozen)', async () => {
    const original = Object.freeze(new OAuthError('the refresh token was revoked', { code: 'invalid_code' }));
    const auth: TokenProvider = {
      getToken: async () => {
        throw original;
      },
    };
    const { client: c } = client({ auth });
    // No pre-flight: the failure must come from a file's upload (a pre-flight would meet it first, unwrapped).
    const error = await collect(
      c.bulkWrite.import({ module: 'Leads', operation: 'insert', records: leads(3) }, { preflight: false }),
    ).catch((e: unknown) => e);
    expect(BulkWriteImportError.isInstance(error)).toBe(true);
    expect((error as BulkWriteImportError).cause).toBe(original);
    expect((error as Error).message).toBe(
      'bulkWrite.import failed for records 0..2 (file 1): the refresh token was revoked',
    );
    expect(importChunkOf(error)).toEqual({ index: 0, firstIndex: 0, lastIndex: 2, rows: 3 });
    expect(Object.keys(original)).not.toContain('chunk');
    expect(original.message).toBe('the refresh token was revoked');
    expect(importChunkOf(original)).toBeUndefined();
    expect(BulkWriteImportError.isInstance(original)).toBe(false);
  });

  it('an error of the caller’s records passes through as it is', async () => {
    const mine = new Error('cursor closed');
    function* broken() {
      yield* leads(12);
      throw mine;
    }
    const { client: c } = client();
    const error = await collect(
      c.bulkWrite.import({ module: 'Leads', operation: 'insert', records: broken() }, { maxRowsPerFile: 5 }),
    ).catch((e: unknown) => e);
    expect(error).toBe(mine);
    expect(Object.keys(mine)).toEqual([]);
  });

  it('stops with the signal, without creating further jobs', async () => {
    const controller = new AbortController();
    const { client: c } = client();
    const seen: number[] = [];
    const error = await (async () => {
      for await (const r of c.bulkWrite.import(
        { module: 'Leads', operation: 'insert', records: leads(30) },
        { maxRowsPerFile: 10, signal: controller.signal },
      )) {
        seen.push(r.index as number);
        if (r.index === 4) controller.abort(new Error('stop'));
      }
    })().catch((e: unknown) => e);
    expect((error as Error).message).toBe('stop');
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(routes('bulkWrite.create')).toHaveLength(1);
  });

  it('refuses bad parameters and oversized records before any request', async () => {
    const { client: c } = client();
    const refuse = async (params: Parameters<typeof c.bulkWrite.import>[0], opts = {}) => {
      const error = await collect(c.bulkWrite.import(params, opts)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RequestValidationError);
      return (error as Error).message;
    };
    expect(await refuse({ module: 'Leads', operation: 'upsert', records: leads(3) })).toContain(
      'findBy is required',
    );
    const wide = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`F${i}`, 'x']));
    expect(await refuse({ module: 'Leads', operation: 'insert', records: [wide] })).toContain('201 columns');
    expect(
      await refuse({
        module: 'Leads',
        operation: 'insert',
        records: leads(3),
        fieldMappings: [{ api_name: 'Last_Name', column: 'Surname' }],
      }),
    ).toContain('"Surname" is not among the input columns');
    expect(
      await refuse({ module: 'Leads', operation: 'insert', records: leads(3) }, { concurrency: 0 }),
    ).toContain('concurrency');
    expect(
      await refuse(
        {
          module: 'Leads',
          operation: 'insert',
          records: [{ Last_Name: 'A' }, { Last_Name: 'B', Extra: 1 }],
        },
        { preflight: false },
      ),
    ).toContain('Record 1 has key "Extra"');
    expect(zoho.requests).toHaveLength(0);
    // With the pre-flight (default 'auto'), the one request is the field list: no upload, no job.
    expect(
      await refuse({
        module: 'Leads',
        operation: 'insert',
        records: [
          { Last_Name: 'A', Company: 'C' },
          { Last_Name: 'B', Company: 'C', Extra: 1 },
        ],
      }),
    ).toContain('Record 1 has key "Extra"');
    expect(zoho.requests.map((r) => r.route)).toEqual(['settings.fields']);
  });

  it('yields nothing and sends nothing for no records', async () => {
    const { client: c } = client();
    expect(await collect(c.bulkWrite.import({ module: 'Leads', operation: 'insert', records: [] }))).toEqual(
      [],
    );
    expect(zoho.requests).toHaveLength(0);
  });
});

function leadsAsContacts(n: number): Record<string, string>[] {
  return [...leads(n)].map(({ Last_Name, Email }) => ({
    Last_Name: Last_Name as string,
    Email: Email as string,
  }));
}
