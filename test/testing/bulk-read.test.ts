import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeZoho } from '../../src/testing/index.js';
import { type AnswerJson, type Api, api, exportRecords, type JobJson } from './helpers.js';

let now = Date.UTC(2024, 6, 20, 12);
const views = {
  '4876876000000087501': {
    module: 'Contacts',
    criteria: { field: { api_name: 'Email_Opt_Out' }, comparator: 'equal', value: false },
  },
  '4876876000000087502': { module: 'Leads' },
};
const fake = new FakeZoho({
  now: () => now,
  pageSize: 40,
  modules: {
    Contacts: { records: 100 },
    Accounts: { records: 20 },
    Leads: { records: 30 },
    Events: { records: 5 },
  },
  views,
  downloadsPerMinute: 1000,
});
let a: Api;
let close: () => Promise<void>;

beforeAll(async () => {
  const server = await fake.listen();
  close = server.close;
  a = api(fake, server.url);
});
afterAll(() => close());

describe('org', () => {
  it('returns the org with its zgid', async () => {
    const res = await a.fetch('/crm/v2.1/org');
    const json = (await res.json()) as { org: Record<string, unknown>[] };
    expect(res.status).toBe(200);
    expect(json.org[0]).toMatchObject({
      id: '4876876000000000001',
      zgid: '694902309',
      company_name: 'Zylker (FakeZoho)',
    });
  });
});

describe('bulk read jobs', () => {
  it('creates a job (201) and moves ADDED → QUEUED → IN PROGRESS → COMPLETED by polls', async () => {
    const created = await a.createJob({ query: { module: { api_name: 'Contacts' }, fields: ['Last_Name'] } });
    expect(created.status).toBe(201);
    const item = created.json.data[0];
    expect(item).toMatchObject({
      status: 'success',
      code: 'ADDED_SUCCESSFULLY',
      message: 'Added successfully.',
    });
    expect(item.details).toMatchObject({
      operation: 'read',
      state: 'ADDED',
      created_by: { id: '4876876000000327001', name: 'Patricia Boyle' },
    });
    expect(item.details.id).toMatch(/^\d{19}$/);
    expect(item.details.created_time).toBe('2024-07-20T05:00:00-07:00');
    expect(created.json.info).toEqual({});
    const states: string[] = [];
    for (let i = 0; i < 4; i++) states.push((await a.getJob(item.details.id)).json.data[0].state);
    expect(states).toEqual(['QUEUED', 'IN PROGRESS', 'COMPLETED', 'COMPLETED']);
    const job = (await a.getJob(item.details.id)).json.data[0];
    expect(job.query).toEqual({
      module: { id: '4876876000000002179', api_name: 'Contacts' },
      page: 1,
      fields: ['Last_Name'],
    });
    expect(job.result).toEqual({
      page: 1,
      per_page: 40,
      count: 40,
      download_url: `/crm/bulk/v8/read/${item.details.id}/result`,
      more_records: true,
      next_page_token: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('has no result before completion and refuses the download (400 RESOURCE_NOT_FOUND)', async () => {
    const id = (await a.createJob({ query: { module: { api_name: 'Contacts' } } })).json.data[0].details.id;
    const job = (await a.getJob(id)).json.data[0];
    expect(job.result).toBeUndefined();
    const res = await a.download(id);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe('RESOURCE_NOT_FOUND');
  });

  it('answers 404 RESOURCE_NOT_FOUND for an unknown job', async () => {
    const res = await a.getJob('4876876000009999999');
    expect(res.status).toBe(404);
    expect(res.json).toEqual({
      code: 'RESOURCE_NOT_FOUND',
      details: { resource: '4876876000009999999' },
      message: 'the requested resource does not exist',
      status: 'error',
    });
  });

  it('pages with next_page_token (v8) over every record exactly once', async () => {
    const ids: string[] = [];
    let query: Record<string, unknown> = { module: { api_name: 'Contacts' }, fields: ['Last_Name'] };
    const pages: number[] = [];
    for (;;) {
      const { job, rows } = await exportRecords(a, query);
      // A page-token job echoes its token, not a page number (the first job: page 1).
      const token = query.page_token as string | undefined;
      expect(job.query).toEqual(
        token === undefined
          ? { module: { id: '4876876000000002179', api_name: 'Contacts' }, page: 1, fields: ['Last_Name'] }
          : {
              module: { id: '4876876000000002179', api_name: 'Contacts' },
              page_token: token,
              fields: ['Last_Name'],
            },
      );
      pages.push(job.result.page);
      ids.push(...rows.map((r) => r.Id!));
      expect(rows.length).toBe(job.result.count);
      if (!job.result.more_records) {
        expect(job.result.next_page_token).toBeUndefined();
        break;
      }
      query = { page_token: job.result.next_page_token };
    }
    expect(pages).toEqual([1, 2, 3]);
    expect(ids).toEqual([...fake.records('Contacts')].map((r) => r.Id));
  });

  it('pages with page numbers (v2, module as a string) and has no next_page_token', async () => {
    const counts: number[] = [];
    const ids: string[] = [];
    for (let page = 1; ; page++) {
      const { job, rows } = await exportRecords(a, { module: 'Contacts', fields: ['Email'], page }, 'v2');
      expect(job.result.next_page_token).toBeUndefined();
      expect(job.query.module).toBe('Contacts');
      expect(job.result.download_url).toBe(`/crm/bulk/v2/read/${job.id}/result`);
      counts.push(job.result.count);
      ids.push(...rows.map((r) => r.Id!));
      if (!job.result.more_records) break;
    }
    expect(counts).toEqual([40, 40, 20]);
    expect(new Set(ids).size).toBe(100);
  });

  it('uses ADDED then IN PROGRESS (no QUEUED) for v2', async () => {
    const id = (await a.createJob({ query: { module: 'Leads' } }, 'v2')).json.data[0].details.id;
    const states = [];
    for (let i = 0; i < 3; i++) states.push((await a.getJob(id, 'v2')).json.data[0].state);
    expect(states).toEqual(['ADDED', 'IN PROGRESS', 'COMPLETED']);
  });

  it('exports every field with Id first when fields are omitted, or when more than 200 are given', async () => {
    const all = ['Id', ...fake.fields('Leads')];
    const { rows } = await exportRecords(a, { module: { api_name: 'Leads' } });
    expect(Object.keys(rows[0]!)).toEqual(all);
    const many = Array.from({ length: 201 }, () => 'Email');
    const { rows: rows2 } = await exportRecords(a, { module: { api_name: 'Leads' }, fields: many });
    expect(Object.keys(rows2[0]!)).toEqual(all);
    expect(rows.length).toBe(30);
    expect(rows[3]).toEqual(fake.record('Leads', 3));
  });

  it('exports dot fields of lookups and owners', async () => {
    const { rows } = await exportRecords(a, {
      module: { api_name: 'Contacts' },
      fields: ['Account_Name', 'Account_Name.Account_Name', 'Account_Name.Phone', 'Owner', 'Owner.last_name'],
    });
    const withAccount = rows.find((r) => r.Account_Name !== '')!;
    const account = [...fake.records('Accounts')].find((r) => r.Id === withAccount.Account_Name)!;
    expect(withAccount['Account_Name.Account_Name']).toBe(account.Account_Name);
    expect(withAccount['Account_Name.Phone']).toBe(account.Phone);
    const owners: Record<string, string> = {};
    for (const r of rows) owners[r.Owner!] = r['Owner.last_name']!;
    expect(owners['4876876000000327001']).toBe('Boyle');
    expect(owners['4876876000000328001']).toBe("O'Connor");
  });

  it('completes by fake-clock time when jobLatency is set', async () => {
    const slow = new FakeZoho({ now: () => now, jobLatency: 10_000, modules: { Contacts: { records: 3 } } });
    const s = api(slow, slow.urls.api);
    const req = (path: string, init: RequestInit = {}) =>
      slow.handle(
        new Request(`${slow.urls.api}${path}`, {
          ...init,
          headers: { authorization: `Zoho-oauthtoken ${s.token}`, 'content-type': 'application/json' },
        }),
      );
    const id = (
      (await (
        await req('/crm/bulk/v8/read', {
          method: 'POST',
          body: JSON.stringify({ query: { module: { api_name: 'Contacts' } } }),
        })
      ).json()) as AnswerJson
    ).data[0].details.id;
    const state = async () =>
      ((await (await req(`/crm/bulk/v8/read/${id}`)).json()) as { data: [JobJson] }).data[0].state;
    expect(await state()).toBe('ADDED');
    expect(await state()).toBe('ADDED');
    now += 1;
    expect(await state()).toBe('QUEUED');
    now += 5000;
    expect(await state()).toBe('IN PROGRESS');
    now += 5000;
    expect(await state()).toBe('COMPLETED');
  });

  it('fails the next job on failNextJob() with FAILURE and result.error_message', async () => {
    fake.failNextJob({ code: 'INTERNAL_ERROR', message: 'boom' });
    const id = (await a.createJob({ query: { module: { api_name: 'Contacts' } } })).json.data[0].details.id;
    const job = await a.complete(id);
    expect(job.state).toBe('FAILURE');
    expect(job.result).toEqual({
      error_message: { status: 'error', code: 'INTERNAL_ERROR', message: 'boom', details: {} },
    });
    expect((await a.download(id)).status).toBe(400);
    const failed = new FakeZoho({ failureState: 'FAILED', pollsToComplete: 1 });
    failed.failNextJob();
    const f = api(failed);
    const res = await failed.handle(
      new Request(`${f.base}/crm/bulk/v8/read`, {
        method: 'POST',
        headers: { authorization: `Zoho-oauthtoken ${f.token}`, 'content-type': 'application/json' },
        body: '{"query":{"module":{"api_name":"Leads"}}}',
      }),
    );
    const fid = ((await res.json()) as AnswerJson).data[0].details.id;
    const got = await failed.handle(
      new Request(`${f.base}/crm/bulk/v8/read/${fid}`, {
        headers: { authorization: `Zoho-oauthtoken ${f.token}` },
      }),
    );
    expect(((await got.json()) as { data: [JobJson] }).data[0].state).toBe('FAILED');
  });

  it('exports Events as ICS', async () => {
    const created = await a.createJob({ query: { module: { api_name: 'Events' } }, file_type: 'ics' });
    const job = await a.complete(created.json.data[0].details.id);
    expect(job.file_type).toBe('ics');
    const res = await a.download(job.id);
    const { readZip } = await import('./helpers.js');
    const entry = readZip(Buffer.from(await res.arrayBuffer()));
    expect(entry.name).toBe(`${job.id}.ics`);
    expect(entry.text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(entry.text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(entry.text.match(/BEGIN:VEVENT/g)?.length).toBe(5);
    for (const line of entry.text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const first = fake.record('Events', 0)!;
    const unfolded = entry.text.replace(/\r\n /g, '');
    expect(unfolded).toContain(`UID:${first.Id}@zohocrm`);
  });
});

describe('bulk read validation', () => {
  const expectError = async (body: unknown, status: number, code: string, version = 'v8') => {
    const res = await a.createJob(body, version);
    expect({ status: res.status, code: res.json.code, state: res.json.status }).toEqual({
      status,
      code,
      state: 'error',
    });
    return res.json.details as Record<string, unknown>;
  };

  it('requires a JSON content type (415)', async () => {
    const res = await a.fetch('/crm/bulk/v8/read', {
      method: 'POST',
      body: '{"query":{"module":{"api_name":"Contacts"}}}',
    });
    expect(res.status).toBe(415);
    expect(((await res.json()) as { code: string }).code).toBe('MEDIA_TYPE_NOT_SUPPORTED');
  });

  it('answers Zoho codes for bad modules, fields, pages, views and file types', async () => {
    expect(
      await expectError({ query: { module: { api_name: 'Nope' } } }, 400, 'MODULE_NOT_AVAILABLE'),
    ).toEqual({ api_name: 'Nope', module: 'Nope' });
    expect(
      await expectError(
        { query: { module: { api_name: 'Contacts' }, fields: ['Last_Name', 'Bogus'] } },
        400,
        'FIELD_NOT_AVAILABLE',
      ),
    ).toEqual({ api_name: 'Bogus' });
    await expectError(
      { query: { module: { api_name: 'Contacts' }, fields: ['Account_Name.Bogus'] } },
      400,
      'FIELD_NOT_AVAILABLE',
    );
    await expectError(
      { query: { module: { api_name: 'Contacts' }, fields: ['Owner.bogus'] } },
      400,
      'FIELD_NOT_AVAILABLE',
    );
    expect(
      await expectError(
        { query: { module: { api_name: 'Contacts' }, page: 501 } },
        400,
        'PAGE_RANGE_EXCEEDED',
      ),
    ).toMatchObject({ max_limit: 500 });
    await expectError({ query: { module: { api_name: 'Contacts' }, page: 0 } }, 400, 'INVALID_DATA');
    await expectError(
      { query: { module: { api_name: 'Events' }, fields: ['Venue'] }, file_type: 'ics' },
      400,
      'FIELD_NOT_SUPPORTED',
    );
    await expectError({ query: { module: { api_name: 'Contacts' } }, file_type: 'ics' }, 400, 'INVALID_DATA');
    await expectError({ query: { module: 'Contacts' } }, 400, 'INVALID_DATA');
    await expectError({ query: {} }, 400, 'MANDATORY_NOT_FOUND');
    await expectError({}, 400, 'MANDATORY_NOT_FOUND');
    await expectError({ query: { module: { api_name: 'Contacts' }, cvid: '1' } }, 400, 'INVALID_DATA');
    await expectError(
      { query: { module: { api_name: 'Contacts' }, cvid: '4876876000000087502' } },
      400,
      'CVID_NOT_SUPPORTED',
    );
    await expectError({ query: { page_token: 'abc' } }, 400, 'INVALID_DATA');
    await expectError(
      {
        query: { module: { api_name: 'Contacts' } },
        callback: { url: 'https://h.example/cb', method: 'get' },
      },
      400,
      'INVALID_CALLBACK_METHOD',
    );
    await expectError(
      { query: { module: { api_name: 'Contacts' } }, callback: { url: 'not a url', method: 'post' } },
      400,
      'INVALID_CALLBACK_URL',
    );
    await expectError({ query: { module: { api_name: 'Contacts' } } }, 400, 'API_NOT_SUPPORTED', 'v9');
  });

  it('answers criteria error codes', async () => {
    const q = (criteria: unknown) => ({ query: { module: { api_name: 'Contacts' }, criteria } });
    const cond = (i: number) => ({ field: { api_name: 'Score' }, comparator: 'greater_than', value: i });
    await expectError(
      q({ group_operator: 'and', group: Array.from({ length: 26 }, (_, i) => cond(i)) }),
      400,
      'CRITERIA_LIMIT_EXCEEDED',
    );
    // 24 conditions + the view's 1 = 25 is fine; 25 + 1 is not
    const ok = await a.createJob({
      query: {
        module: { api_name: 'Contacts' },
        cvid: '4876876000000087501',
        criteria: { group_operator: 'and', group: Array.from({ length: 24 }, (_, i) => cond(i)) },
      },
    });
    expect(ok.status).toBe(201);
    await expectError(
      {
        query: {
          module: { api_name: 'Contacts' },
          cvid: '4876876000000087501',
          criteria: { group_operator: 'and', group: Array.from({ length: 25 }, (_, i) => cond(i)) },
        },
      },
      400,
      'CRITERIA_LIMIT_EXCEEDED',
    );
    await expectError(
      q({
        field: { api_name: 'Lead_Source' },
        comparator: 'in',
        value: Array.from({ length: 21 }, (_, i) => `v${i}`),
      }),
      400,
      'VALUE_LIMIT_EXCEEDED_IN_CRITERIA',
    );
    expect(
      await expectError(
        q({ field: { api_name: 'Email_Opt_Out' }, comparator: 'contains', value: 'x' }),
        400,
        'FIELD_AND_COMPARATOR_IN_CRITERIA_NOT_COMPATIBLE',
      ),
    ).toEqual({
      comparator: 'contains',
      api_name: 'Email_Opt_Out',
      supported: ['equal'],
    });
    await expectError(
      q({ field: { api_name: 'Nope' }, comparator: 'equal', value: 'x' }),
      400,
      'FIELD_IN_CRITERIA_NOT_AVAILABLE',
    );
    await expectError(
      q({ field: { api_name: 'Description' }, comparator: 'equal', value: 'x' }),
      400,
      'FIELD_IN_CRITERIA_NOT_SUPPORTED',
    );
    await expectError(
      q({ field: { api_name: 'Last_Name' }, comparator: 'like', value: 'x' }),
      400,
      'INVALID_CRITERIA',
    );
    await expectError(q({ comparator: 'equal', value: 'x' }), 400, 'INVALID_CRITERIA');
    await expectError(q({ group_operator: 'xor', group: [cond(1)] }), 400, 'GROUP_OPERATOR_NOT_SUPPORTED');
    await expectError(q({ group_operator: 'and', group: [] }), 400, 'INVALID_CRITERIA');
    await expectError(
      q({ field: { api_name: 'Created_Time' }, comparator: 'between', value: ['2024-01-01T00:00:00+00:00'] }),
      400,
      'COMPARATOR_AND_VALUE_IN_CRITERIA_NOT_COMPATIBLE',
    );
    await expectError(
      q({ field: { api_name: 'Created_Time' }, comparator: 'equal', value: '2024-01-01T00:00:00.000Z' }),
      400,
      'FIELD_AND_VALUE_IN_CRITERIA_NOT_COMPATIBLE',
    );
    await expectError(
      q({ field: { api_name: 'Score' }, comparator: 'equal', value: 'ten' }),
      400,
      'FIELD_AND_VALUE_IN_CRITERIA_NOT_COMPATIBLE',
    );
    await expectError(
      q({ field: { api_name: 'Score' }, comparator: 'in', value: 5 }),
      400,
      'COMPARATOR_AND_VALUE_IN_CRITERIA_NOT_COMPATIBLE',
    );
  });
});
