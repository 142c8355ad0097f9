/** FakeZoho's bulk-write routes, called with plain fetch (no SDK) through msw. */
import { parse } from 'csv-parse/sync';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { zipCsvText } from '../../src/streaming/zip-writer.js';
import { FakeZoho } from '../../src/testing/index.js';
import { readZip } from '../streaming/upload-zip-reader.js';

const zoho = new FakeZoho({
  modules: { Leads: { records: 100 }, Contacts: { records: 100 }, Accounts: { records: 20 } },
});
const server = setupServer(...zoho.handlers());
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => zoho.reset());
afterAll(() => server.close());

const API = 'https://www.zohoapis.com';
const UPLOAD = 'https://content.zohoapis.com';
const auth = () => ({ authorization: `Zoho-oauthtoken ${zoho.credentials.accessToken}` });
const uploadHeaders = () => ({ ...auth(), feature: 'bulk-write', 'X-CRM-ORG': '694902309' });

async function upload(file: Uint8Array | string, headers: Record<string, string> = uploadHeaders()) {
  const form = new FormData();
  const bytes = typeof file === 'string' ? zipCsvText(file) : file;
  form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>]), 'file.zip');
  const res = await fetch(`${UPLOAD}/crm/v8/upload`, { method: 'POST', headers, body: form });
  return { status: res.status, text: await res.text() };
}

async function fileId(csv: string): Promise<string> {
  const { text } = await upload(csv);
  return (JSON.parse(text) as { details: { file_id: string } }).details.file_id;
}

async function create(body: unknown, version = 'v8') {
  const res = await fetch(`${API}/crm/bulk/${version}/write`, {
    method: 'POST',
    headers: { ...auth(), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    json: (await res.json()) as Record<string, unknown> & { details: Record<string, unknown> },
  };
}

type Job = {
  status: string;
  resource: [{ status: string; file: Record<string, unknown>; module: unknown }];
  result?: { download_url: string };
};

async function getJob(id: string): Promise<Job> {
  const res = await fetch(`${API}/crm/bulk/v8/write/${id}`, { headers: auth() });
  expect(res.status).toBe(200);
  return (await res.json()) as Job;
}

async function complete(id: string): Promise<Job> {
  for (let i = 0; i < 10; i++) {
    const job = await getJob(id);
    if (job.status === 'COMPLETED' || job.status === 'FAILED') return job;
  }
  throw new Error('job did not complete');
}

async function resultRows(job: Job): Promise<string[][]> {
  const res = await fetch(job.result!.download_url, { headers: auth() });
  expect(res.status).toBe(200);
  const entries = readZip(new Uint8Array(await res.arrayBuffer()));
  return parse(entries[0]!.data.toString('utf8')) as string[][];
}

/** Upload, create, complete; returns the job and the result rows (header first). */
async function run(csv: string, resource: Record<string, unknown>, top: Record<string, unknown> = {}) {
  const id = await fileId(csv);
  const { status, json } = await create({
    operation: 'insert',
    ...top,
    resource: [{ type: 'data', module: { api_name: 'Leads' }, file_id: id, ...resource }],
  });
  expect(status).toBe(201);
  const job = await complete(json.details.id as string);
  return { job, rows: job.status === 'COMPLETED' ? await resultRows(job) : [] };
}

describe('upload', () => {
  it('answers FILE_UPLOAD_SUCCESS with a file id', async () => {
    const { status, text } = await upload('Last_Name\r\nA\r\n');
    expect(status).toBe(200);
    const json = JSON.parse(text) as { details: { file_id: string; created_time: string } };
    expect(json).toMatchObject({ status: 'success', code: 'FILE_UPLOAD_SUCCESS', message: 'file uploaded.' });
    expect(json.details.file_id).toMatch(/^\d{19}$/);
    expect(json.details.created_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
  });

  it('can send file_id as a bare JSON number', async () => {
    zoho.bulkWrite.configure({ fileIdAsNumber: true });
    const { text } = await upload('Last_Name\r\nA\r\n');
    expect(text).toMatch(/"file_id":\d{19},/);
  });

  it('refuses missing or wrong feature / X-CRM-ORG headers with the upload host’s shape', async () => {
    const expected = {
      ERROR_CODE: 400,
      ERROR_MESSAGE: 'Bad Request',
      'x-error': 'check if headers [feature, X-CRM-ORG] are present and valid',
      info: 'Forbidden',
      'x-info': 'Link not valid',
      http_status: 400,
    };
    for (const headers of [
      auth(),
      { ...uploadHeaders(), 'X-CRM-ORG': '1' },
      { ...uploadHeaders(), feature: 'x' },
    ]) {
      const { status, text } = await upload('A\r\n1\r\n', headers);
      expect(status).toBe(400);
      expect(JSON.parse(text)).toEqual(expected);
    }
  });

  it('answers a file that is not a zip with HTTP 200 INVALID_FILE_FORMAT', async () => {
    const { status, text } = await upload(new TextEncoder().encode('Last_Name\r\nA\r\n'));
    expect(status).toBe(200);
    expect(JSON.parse(text)).toEqual({
      code: 'INVALID_FILE_FORMAT',
      details: { created_time: expect.any(String) },
      message: 'invalid file format. only zip format is supported',
      status: 'error',
    });
  });

  it('answers FILE_TOO_LARGE over the limit, and MANDATORY_NOT_FOUND without a file part', async () => {
    zoho.bulkWrite.configure({ maxUploadBytes: 100 });
    const big = await upload(`Last_Name\r\n${'x'.repeat(5000)}${Math.random()}\r\n`);
    expect(big.status).toBe(413);
    expect(JSON.parse(big.text)).toMatchObject({ code: 'FILE_TOO_LARGE', status: 'error' });
    const res = await fetch(`${UPLOAD}/crm/v8/upload`, {
      method: 'POST',
      headers: uploadHeaders(),
      body: new FormData(),
    });
    expect(await res.json()).toMatchObject({ code: 'MANDATORY_NOT_FOUND' });
  });

  it('needs a valid token', async () => {
    const { status } = await upload('A\r\n1\r\n', { feature: 'bulk-write', 'X-CRM-ORG': '694902309' });
    expect(status).toBe(401);
  });
});

describe('create: Zoho’s job-level errors', () => {
  const csv = 'Last_Name,Company,Email\r\nA,B,a@b.example\r\n';
  const resource = (id: string, extra: Record<string, unknown> = {}) => ({
    type: 'data',
    module: { api_name: 'Leads' },
    file_id: id,
    ...extra,
  });

  it.each([
    ['find_by missing for upsert', { operation: 'upsert' }, {}, 'MANDATORY_NOT_FOUND', 'find_by'],
    ['an unknown file id', {}, { file_id: '4876876000001999999' }, 'INVALID_FILE_ID', 'file_id'],
    ['an unknown module', {}, { module: { api_name: 'Potentials' } }, 'MODULE_NOT_AVAILABLE', undefined],
    [
      'a negative index',
      {},
      { field_mappings: [{ api_name: 'Last_Name', index: -1 }] },
      'COLUMN_INDEX_NOT_FOUND',
      'Last_Name',
    ],
    [
      'an index past the last column',
      {},
      { field_mappings: [{ api_name: 'Last_Name', index: 3 }] },
      'COLUMN_INDEX_NOT_FOUND',
      'Last_Name',
    ],
    [
      'a mapping without index',
      {},
      { field_mappings: [{ api_name: 'Company' }] },
      'COLUMN_INDEX_NOT_FOUND',
      'Company',
    ],
    [
      'an unknown field',
      {},
      { field_mappings: [{ api_name: 'Shoe_Size', index: 0 }] },
      'INVALID_FIELD',
      'Shoe_Size',
    ],
    [
      'mandatory fields not mapped',
      {},
      { field_mappings: [{ api_name: 'Last_Name', index: 0 }] },
      'MANDATORY_FIELDS_NOT_MAPPED',
      undefined,
    ],
    [
      'find_by on a field that is not unique',
      { operation: 'update' },
      { find_by: 'Last_Name' },
      'INVALID_DATA',
      'find_by',
    ],
    ['no operation', { operation: undefined }, {}, 'MANDATORY_NOT_FOUND', 'operation'],
  ])('%s', async (_name, top, extra, code, apiName) => {
    const id = await fileId(csv);
    const { status, json } = await create({ operation: 'insert', ...top, resource: [resource(id, extra)] });
    expect(status).toBe(400);
    expect(json).toMatchObject({ status: 'error', code });
    if (apiName) expect(json.details.api_name).toBe(apiName);
    if (code === 'MANDATORY_FIELDS_NOT_MAPPED') expect(json.details.api_names).toEqual(['Company']);
  });

  it('answers 201 with details unwrapped; v2 takes the module as a string', async () => {
    const id = await fileId(csv);
    const { status, json } = await create(
      { operation: 'insert', resource: [{ module: 'Leads', file_id: id }] },
      'v2',
    );
    expect(status).toBe(201);
    expect(json).toMatchObject({ status: 'success', code: 'SUCCESS', message: 'success' });
    expect(json.details).toEqual({
      id: expect.stringMatching(/^\d{19}$/),
      created_by: { id: expect.any(String), name: expect.any(String) },
    });
    const wrong = await create({ operation: 'insert', resource: [{ module: 'Leads', file_id: id }] });
    expect(wrong.json).toMatchObject({ code: 'INVALID_DATA', details: { api_name: 'module' } });
  });
});

describe('job and result file', () => {
  it('moves INPROGRESS → COMPLETED with counts and an absolute download_url', async () => {
    const id = await fileId('Last_Name,Company\r\nA,B\r\nC,\r\n');
    const { json } = await create({
      operation: 'insert',
      resource: [{ module: { api_name: 'Leads' }, file_id: id }],
    });
    const jobId = json.details.id as string;
    const states = [];
    for (let i = 0; i < 3; i++) states.push(await getJob(jobId));
    expect(states.map((j) => j.status)).toEqual(['INPROGRESS', 'INPROGRESS', 'COMPLETED']);
    expect(states[0]!.result).toBeUndefined();
    const done = states[2]!;
    expect(done.resource[0].file).toEqual({
      status: 'COMPLETED',
      name: 'records.csv',
      added_count: 1,
      skipped_count: 1,
      updated_count: 0,
      total_count: 2,
    });
    expect(done.resource[0].module).toEqual({ id: expect.any(String), api_name: 'Leads' });
    expect(done.result?.download_url).toBe(
      `https://download-accl.zoho.com/v8/crm/694902309/bulk-write/${jobId}/${jobId}.zip`,
    );
    const missing = await fetch(`${API}/crm/bulk/v8/write/4876876000000000001`, { headers: auth() });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'RESOURCE_NOT_FOUND' });
  });

  it('a failing job ends FAILED without a result and writes nothing', async () => {
    zoho.failNextJob({ kind: 'bulkWrite', code: 'INTERNAL_ERROR' });
    const { job } = await run('Last_Name,Company\r\nA,B\r\n', {});
    expect(job.status).toBe('FAILED');
    expect(job.result).toBeUndefined();
    expect(zoho.count('Leads')).toBe(100);
  });

  it('writes the ERRORS grammar: MANDATORY_NOT_FOUND-Company,Last_Name:DUPLICATE_DATA-Email', async () => {
    const existing = zoho.record(
      'Leads',
      [...zoho.records('Leads')].findIndex((r) => r.Email !== ''),
    )!;
    const csv = [
      'Last_Name,Company,Email,Phone',
      'Boyle,Zylker,pb@zylker.example,555',
      `,,${existing.Email},`,
      'Smith,Acme,PB@zylker.example,',
      'Jones,,not-an-email,',
      '',
    ].join('\r\n');
    const { job, rows } = await run(csv, {});
    expect(rows).toEqual([
      ['Last_Name', 'Company', 'Email', 'STATUS', 'RECORD_ID', 'ERRORS'],
      ['Boyle', 'Zylker', 'pb@zylker.example', 'ADDED', expect.stringMatching(/^\d{19}$/), ''],
      ['', '', existing.Email, 'SKIPPED', '', 'MANDATORY_NOT_FOUND-Company,Last_Name:DUPLICATE_DATA-Email'],
      ['Smith', 'Acme', 'PB@zylker.example', 'SKIPPED', '', 'DUPLICATE_DATA-Email'],
      ['Jones', '', 'not-an-email', 'SKIPPED', '', 'MANDATORY_NOT_FOUND-Company:INVALID_DATA-Email'],
    ]);
    expect(job.resource[0].file).toMatchObject({ added_count: 1, skipped_count: 3, total_count: 4 });
    expect(zoho.record('Leads', 100)).toMatchObject({ Id: rows[1]![4], Last_Name: 'Boyle', Phone: '555' });
  });

  it('update by id with ignore_empty, default values, lookups by id and owner by email, date formats', async () => {
    const contact = zoho.record('Contacts', 3)!;
    const account = zoho.record('Accounts', 2)!;
    const owner = 'user2@zylker.example';
    const csv = [
      'Record,Title,Account,Owner,Born,Dept',
      `${contact.Id},Chief,${account.Id},${owner},12/31/1980,`,
      '4876876000999999999,Nobody,,,,',
      `${zoho.record('Contacts', 4)!.Id},,4876876000999999999,,13/45/1980,`,
    ].join('\r\n');
    const id = await fileId(`${csv}\r\n`);
    const { json } = await create({
      operation: 'update',
      ignore_empty: true,
      resource: [
        {
          module: { api_name: 'Contacts' },
          file_id: id,
          find_by: 'id',
          field_mappings: [
            { api_name: 'id', index: 0 },
            { api_name: 'Title', index: 1 },
            { api_name: 'Account_Name', index: 2, find_by: 'id' },
            { api_name: 'Owner', index: 3, find_by: 'email' },
            { api_name: 'Date_of_Birth', index: 4, format: 'MM/dd/yyyy' },
            { api_name: 'Department', index: 5, default_value: { value: 'Imports' } },
          ],
        },
      ],
    });
    const job = await complete(json.details.id as string);
    const rows = await resultRows(job);
    expect(rows.map((r) => r.slice(3))).toEqual([
      ['STATUS', 'RECORD_ID', 'ERRORS'],
      ['UPDATED', contact.Id, ''],
      ['SKIPPED', '', 'RESOURCE_NOT_FOUND-Record'],
      ['SKIPPED', '', 'INVALID_DATA-Account,Born'],
    ]);
    expect(rows[0]!.slice(0, 3)).toEqual(['Record', 'Title', 'Account']);
    const updated = zoho.record('Contacts', 3)!;
    expect(updated).toMatchObject({
      Title: 'Chief',
      Account_Name: account.Id,
      Owner: '4876876000000328001',
      Date_of_Birth: '1980-12-31',
      Department: 'Imports',
      Last_Name: contact.Last_Name, // not mapped: untouched
      Email: contact.Email,
    });
  });

  it('upsert by Email: a match is UPDATED, a new address ADDED, a later duplicate in the file UPDATED too', async () => {
    const lead = zoho.record(
      'Leads',
      [...zoho.records('Leads')].findIndex((r) => r.Email !== ''),
    )!;
    const csv = `Last_Name,Company,Email\r\nChanged,Co,${(lead.Email as string).toUpperCase()}\r\nNew,Co,new@x.example\r\nAgain,Co,new@x.example\r\n`;
    const id = await fileId(csv);
    const { json } = await create({
      operation: 'upsert',
      resource: [{ module: { api_name: 'Leads' }, file_id: id, find_by: 'Email' }],
    });
    const rows = await resultRows(await complete(json.details.id as string));
    expect(rows.slice(1).map((r) => [r[3], r[4] === '' ? '' : 'id'])).toEqual([
      ['UPDATED', 'id'],
      ['ADDED', 'id'],
      ['UPDATED', 'id'],
    ]);
    expect(rows[1]![4]).toBe(lead.Id);
    expect(rows[3]![4]).toBe(rows[2]![4]);
    expect(zoho.count('Leads')).toBe(101);
  });

  it('reads ; delimited files and only the mapped indexes', async () => {
    const { rows } = await run('Company;Last_Name;Email\r\nZylker;Boyle;b@z.example\r\n', {
      field_mappings: [
        { api_name: 'Last_Name', index: 1 },
        { api_name: 'Company', index: 0 },
      ],
    });
    expect(rows).toEqual([
      ['Last_Name', 'Company', 'STATUS', 'RECORD_ID', 'ERRORS'],
      ['Boyle', 'Zylker', 'ADDED', expect.any(String), ''],
    ]);
    expect(zoho.record('Leads', 100)).toMatchObject({ Last_Name: 'Boyle', Company: 'Zylker', Email: '' });
  });
});
