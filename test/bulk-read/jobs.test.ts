/** bulkRead.create / get / waitFor through BulkClient and FakeZoho (msw), and request validation. */
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  JobFailedError,
  PollTimeoutError,
  RequestValidationError,
  ZohoApiError,
} from '../../src/core/errors.js';
import { and, where } from '../../src/schemas/criteria-builder.js';
import { API, rejectionOf, routes, setup, useMsw } from './support.js';

const server = useMsw();
const modules = { Contacts: { records: 30 }, Events: { records: 5 } };

describe('create', () => {
  it('sends module as { api_name } from v2.1 and returns the details of data[0]', async () => {
    const { fake, client } = setup(server, { modules });
    const job = await client.bulkRead.create({ query: { module: 'Contacts', fields: ['Last_Name'] } });
    expect(job.state).toBe('ADDED');
    expect(job.id).toMatch(/^\d{19}$/);
    expect(job.id).toBe(fake.jobs('bulkRead')[0]?.id);
    const sent = fake.requests[0]!;
    expect(sent.route).toBe('bulkRead.create');
    expect(sent.path).toBe('/crm/bulk/v8/read');
    expect(sent.headers['content-type']).toContain('application/json');
    expect(sent.json).toEqual({ query: { module: { api_name: 'Contacts' }, fields: ['Last_Name'] } });
  });

  it('v2: module as a string and criteria with api_name keys (toLegacyCriteria)', async () => {
    const { fake, client } = setup(server, { modules }, { apiVersion: 'v2' });
    await client.bulkRead.create({
      query: { module: { api_name: 'Contacts' }, criteria: where('Last_Name').startsWith('A') },
    });
    expect(fake.requests[0]!.path).toBe('/crm/bulk/v2/read');
    expect(fake.requests[0]!.json).toEqual({
      query: {
        module: 'Contacts',
        criteria: { api_name: 'Last_Name', comparator: 'starts_with', value: 'A' },
      },
    });
  });

  it('v8: legacy api_name conditions become field: { api_name }; query.file_type moves to the top', async () => {
    const { fake, client } = setup(server, { modules });
    await client.bulkRead.create({
      query: {
        module: 'Events',
        criteria: {
          group_operator: 'and',
          group: [{ api_name: 'Event_Title', comparator: 'contains', value: 'x' }],
        },
        file_type: 'ics',
      },
    });
    expect(fake.requests[0]!.json).toEqual({
      query: {
        module: { api_name: 'Events' },
        criteria: {
          group_operator: 'and',
          group: [{ field: { api_name: 'Event_Title' }, comparator: 'contains', value: 'x' }],
        },
      },
      file_type: 'ics',
    });
  });

  it('26 conditions → RequestValidationError naming the path, and no request', async () => {
    const { fake, client } = setup(server, { modules });
    const group = Array.from({ length: 26 }, (_, i) => where('Last_Name').equal(`n${i}`));
    const error = await rejectionOf(
      client.bulkRead.create({ query: { module: 'Contacts', criteria: { group_operator: 'or', group } } }),
    );
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error.message).toContain('query.criteria.group[25]');
    expect((error as RequestValidationError).issues[0]?.path).toEqual(['query', 'criteria', 'group', 25]);
    expect(fake.requests).toHaveLength(0);
  });

  it('21 in-values → RequestValidationError at criteria.group[3].value, and no request', async () => {
    const { fake, client } = setup(server, { modules });
    const criteria = and(
      where('Last_Name').equal('a'),
      where('First_Name').equal('b'),
      where('Email').isNotEmpty(),
      where('Lead_Source').in(Array.from({ length: 21 }, (_, i) => `s${i}`)),
    );
    const error = await rejectionOf(client.bulkRead.create({ query: { module: 'Contacts', criteria } }));
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error.message).toContain('query.criteria.group[3].value');
    expect(error.message).toContain('at most 20 values, got 21');
    expect(fake.requests).toHaveLength(0);
  });

  it('201 fields, and fields with file_type ics, are refused before any request', async () => {
    const { fake, client } = setup(server, { modules });
    const fields = Array.from({ length: 201 }, (_, i) => `F${i}`);
    const tooMany = await rejectionOf(client.bulkRead.create({ query: { module: 'Contacts', fields } }));
    expect(tooMany).toBeInstanceOf(RequestValidationError);
    expect(tooMany.message).toContain('query.fields');
    const ics = await rejectionOf(
      client.bulkRead.create({ query: { module: 'Events', fields: ['Subject'] }, file_type: 'ics' }),
    );
    expect(ics).toBeInstanceOf(RequestValidationError);
    expect(ics.message).toContain('file_type "ics"');
    const pageToken = await rejectionOf(
      setup(server, { modules }, { apiVersion: 'v6' }).client.bulkRead.create({
        query: { page_token: 'abc' },
      }),
    );
    expect(pageToken.message).toContain('page_token needs API v7');
    expect(fake.requests).toHaveLength(0);
  });

  it('is not resent after a 500 (creating a job is not idempotent)', async () => {
    const { fake, client } = setup(server, { modules });
    fake.inject({ match: { route: 'bulkRead.create' }, effect: { type: 'server-error' } });
    const error = await rejectionOf(client.bulkRead.create({ query: { module: 'Contacts' } }));
    expect(error).toBeInstanceOf(ZohoApiError);
    expect((error as ZohoApiError).status).toBe(500);
    expect(routes(fake)).toEqual(['create']);
  });

  it('is retried after a 429 (provably not taken into account)', async () => {
    const { fake, client } = setup(server, { modules });
    fake.inject({ match: { route: 'bulkRead.create' }, effect: { type: 'rate-limit', retryAfter: 2 } });
    const job = await client.bulkRead.create({ query: { module: 'Contacts' } });
    expect(job.id).toBe(fake.jobs()[0]?.id);
    expect(routes(fake)).toEqual(['create', 'create']);
  });

  it('a Zoho error wrapped in data[] is thrown with its code', async () => {
    const { fake, client } = setup(server, { modules });
    const error = await rejectionOf(client.bulkRead.create({ query: { module: 'Contacts', cvid: '123' } }));
    expect(error).toBeInstanceOf(ZohoApiError);
    expect((error as ZohoApiError).code).toBe('INVALID_DATA');
    expect(routes(fake)).toEqual(['create']);
  });
});

describe('get', () => {
  it('unwraps data[0]; ids are strings; result appears once COMPLETED', async () => {
    const { client } = setup(server, { modules, pollsToComplete: 2 });
    const { id } = await client.bulkRead.create({ query: { module: 'Contacts' } });
    const first = await client.bulkRead.get(id);
    expect(first).toMatchObject({ id, state: 'IN PROGRESS', operation: 'read' });
    expect(first.result).toBeUndefined();
    expect(first.query?.module).toEqual({ id: expect.any(String), api_name: 'Contacts' });
    const done = await client.bulkRead.get(id);
    expect(done.state).toBe('COMPLETED');
    expect(done.result).toEqual({
      page: 1,
      per_page: 200_000,
      count: 30,
      download_url: `/crm/bulk/v8/read/${id}/result`,
      more_records: false,
    });
  });

  it('refuses a job id that is not digits before any request', async () => {
    const { fake, client } = setup(server, { modules });
    const error = await rejectionOf(client.bulkRead.get('../../org'));
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(fake.requests).toHaveLength(0);
  });

  it('a numeric id in the answer becomes a string; a COMPLETED job without download_url is read as it is', async () => {
    const { client } = setup(server, { modules });
    server.use(
      http.get(`${API}/crm/bulk/v8/read/42`, () =>
        HttpResponse.json({ data: [{ id: 42, state: 'QUEUED', created_by: { id: 7, name: 'x' } }] }),
      ),
      http.get(`${API}/crm/bulk/v8/read/43`, () =>
        HttpResponse.json({ data: [{ id: '43', state: 'COMPLETED' }] }),
      ),
    );
    const job = await client.bulkRead.get('42');
    expect(job).toEqual({ id: '42', state: 'QUEUED', created_by: { id: '7', name: 'x' } });
    expect(await client.bulkRead.get('43')).toEqual({ id: '43', state: 'COMPLETED' });
  });

  it('an unknown job is a 404 ZohoApiError RESOURCE_NOT_FOUND', async () => {
    const { client } = setup(server, { modules });
    const error = await rejectionOf(client.bulkRead.get('4876876000001500999'));
    expect(error).toMatchObject({ status: 404, code: 'RESOURCE_NOT_FOUND' });
  });
});

describe('waitFor', () => {
  it('polls with back-off until COMPLETED and reports every job read', async () => {
    const { client, clock, fake } = setup(server, { modules, pollsToComplete: 3 });
    const { id } = await client.bulkRead.create({ query: { module: 'Contacts' } });
    const states: string[] = [];
    const job = await client.bulkRead.waitFor(id, { onProgress: (j) => states.push(j.state) });
    expect(job.state).toBe('COMPLETED');
    expect(states).toEqual(['QUEUED', 'IN PROGRESS', 'COMPLETED']);
    expect(clock.sleeps).toEqual([1_000, 1_500]);
    expect(routes(fake)).toEqual(['create', 'get', 'get', 'get']);
  });

  it('unknown states keep polling', async () => {
    const { client } = setup(server, { modules });
    let n = 0;
    server.use(
      http.get(`${API}/crm/bulk/v8/read/77`, () =>
        HttpResponse.json({
          data: [
            ++n < 3
              ? { id: '77', state: n === 1 ? 'SCHEDULED' : 'WARMING UP' }
              : { id: '77', state: 'COMPLETED', result: { download_url: '/crm/bulk/v8/read/77/result' } },
          ],
        }),
      ),
    );
    const job = await client.bulkRead.waitFor('77');
    expect(job.state).toBe('COMPLETED');
    expect(n).toBe(3);
  });

  it('FAILURE rejects with JobFailedError carrying the job and Zoho’s reason', async () => {
    const { client, fake } = setup(server, { modules, pollsToComplete: 1 });
    fake.failNextJob({ code: 'INTERNAL_SERVER_ERROR', message: 'boom' });
    const { id } = await client.bulkRead.create({ query: { module: 'Contacts' } });
    const error = await rejectionOf(client.bulkRead.waitFor(id));
    expect(error).toBeInstanceOf(JobFailedError);
    expect((error as JobFailedError).jobId).toBe(id);
    expect(((error as JobFailedError).job as { state: string }).state).toBe('FAILURE');
    expect(error.message).toBe(`Job ${id} failed: INTERNAL_SERVER_ERROR boom`);
  });

  it('FAILED (the other spelling) rejects too', async () => {
    const { client, fake } = setup(server, { modules, pollsToComplete: 1, failureState: 'FAILED' });
    fake.failNextJob();
    const { id } = await client.bulkRead.create({ query: { module: 'Contacts' } });
    expect(await rejectionOf(client.bulkRead.waitFor(id))).toBeInstanceOf(JobFailedError);
  });

  it('times out with PollTimeoutError carrying the job id', async () => {
    const { client } = setup(server, { modules, pollsToComplete: 100 });
    const { id } = await client.bulkRead.create({ query: { module: 'Contacts' } });
    const error = await rejectionOf(client.bulkRead.waitFor(id, { timeout: 10_000 }));
    expect(error).toBeInstanceOf(PollTimeoutError);
    expect((error as PollTimeoutError).jobId).toBe(id);
  });
});
