import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { JobFailedError, RequestValidationError, ZohoApiError } from '../../src/core/errors.js';
import type { MassUpdateStatus } from '../../src/schemas/mass-update.js';
import { useFakeZoho } from '../bulk-write/support.js';

const VIEW = '4876876000000087501';
const { zoho, server, client } = useFakeZoho({
  modules: { Leads: { records: 300 }, Contacts: { records: 50 }, Deals: { records: 20 } },
  views: {
    [VIEW]: {
      module: 'Leads',
      criteria: { field: { api_name: 'Lead_Source' }, comparator: 'equal', value: 'Web Download' },
    },
  },
});

const routes = (route: string) => zoho.requests.filter((r) => r.route === route);
const idOf = (module: string, i: number) => zoho.record(module, i)?.Id as string;

describe('massUpdate ids mode', () => {
  it('updates the records at once and reports each id, errors mixed with successes (HTTP 200)', async () => {
    const { client: c } = client();
    const ids = [idOf('Leads', 0), '4876876000999999999', idOf('Leads', 5)];
    const { results } = await c.massUpdate.create('Leads', { data: [{ Lead_Status: 'Contacted' }], ids });
    expect(results.map((r) => [r.id, r.status, r.code])).toEqual([
      [ids[0], 'success', 'SUCCESS'],
      [ids[1], 'error', 'INVALID_DATA'],
      [ids[2], 'success', 'SUCCESS'],
    ]);
    expect(results[1]!.message).toBe('the id given seems to be invalid');
    expect(results[0]!.details).toMatchObject({ id: ids[0], Modified_By: { id: expect.any(String) } });
    expect(zoho.record('Leads', 0)?.Lead_Status).toBe('Contacted');
    expect(zoho.record('Leads', 5)?.Lead_Status).toBe('Contacted');
    expect(routes('massUpdate.create').map((r) => r.status)).toEqual([200]);
  });

  it('parses a 207 answer the same way', async () => {
    zoho.bulkWrite.configure({ massUpdateErrorStatus: 207 });
    const { client: c } = client();
    const { results } = await c.massUpdate.create('Leads', {
      data: [{ Rating: 'Hot' }],
      ids: [idOf('Leads', 1), '4876876000999999998'],
    });
    expect(results.map((r) => r.status)).toEqual(['success', 'error']);
    expect(routes('massUpdate.create').map((r) => r.status)).toEqual([207]);
    expect(zoho.record('Leads', 1)?.Rating).toBe('Hot');
  });

  it('sets up to three fields on Deals', async () => {
    const { client: c } = client();
    const { results } = await c.massUpdate.create('Deals', {
      data: [{ Stage: 'Closed Won', Probability: 100, Type: 'New Business' }],
      ids: [idOf('Deals', 2)],
    });
    expect(results[0]!.status).toBe('success');
    expect(zoho.record('Deals', 2)).toMatchObject({
      Stage: 'Closed Won',
      Probability: '100',
      Type: 'New Business',
    });
  });

  it('is sent once, even after a 500', async () => {
    zoho.inject({ match: { route: 'massUpdate.create' }, effect: { type: 'server-error' } });
    const { client: c } = client();
    await expect(
      c.massUpdate.create('Leads', { data: [{ Rating: 'Hot' }], ids: [idOf('Leads', 1)] }),
    ).rejects.toMatchObject({ status: 500 });
    expect(routes('massUpdate.create')).toHaveLength(1);
  });
});

describe('massUpdate cvid mode', () => {
  it('schedules a job, waits through SCHEDULED and RUNNING, and the view’s records get the field', async () => {
    const inView = [...zoho.records('Leads')].filter((r) => r.Lead_Source === 'Web Download');
    expect(inView.length).toBeGreaterThan(5);
    const { client: c } = client();
    const { job_id } = await c.massUpdate.create('Leads', {
      data: [{ Lead_Status: 'Mass Updated' }],
      cvid: VIEW,
    });
    expect(job_id).toMatch(/^\d{19}$/);
    const seen: MassUpdateStatus[] = [];
    const done = await c.massUpdate.waitFor('Leads', job_id, { onProgress: (s) => seen.push(s) });
    expect(seen.map((s) => s.Status)).toEqual(['SCHEDULED', 'RUNNING', 'COMPLETED']);
    const total = inView.length;
    expect(seen[0]).toEqual({
      Status: 'SCHEDULED',
      Failed_Count: 0,
      Updated_Count: 0,
      Not_Updated_Count: total,
      Total_Count: total,
    });
    expect(done).toEqual({
      Status: 'COMPLETED',
      Failed_Count: 0,
      Updated_Count: total,
      Not_Updated_Count: 0,
      Total_Count: total,
    });
    const after = [...zoho.records('Leads')];
    expect(after.filter((r) => r.Lead_Status === 'Mass Updated').map((r) => r.Id)).toEqual(
      inView.map((r) => r.Id),
    );
    const get = routes('massUpdate.get')[0]!;
    expect(get.url).toContain(`job_id=${job_id}`);
  });

  it('ALREADY_SCHEDULED (HTTP 202) while a job runs for the view is a typed ZohoApiError', async () => {
    const { client: c } = client();
    const { job_id } = await c.massUpdate.create('Leads', { data: [{ Rating: 'Cold' }], cvid: VIEW });
    const error = await c.massUpdate
      .create('Leads', { data: [{ Rating: 'Warm' }], cvid: VIEW })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZohoApiError);
    expect(error).toMatchObject({ code: 'ALREADY_SCHEDULED', status: 202, isRetryable: false });
    expect(routes('massUpdate.create').map((r) => r.status)).toEqual([200, 202]);
    await c.massUpdate.waitFor('Leads', job_id);
    // Once it has completed, the view can be updated again.
    await expect(
      c.massUpdate.create('Leads', { data: [{ Rating: 'Warm' }], cvid: VIEW }),
    ).resolves.toHaveProperty('job_id');
  });

  it('a FAILED job rejects with JobFailedError carrying the counts', async () => {
    zoho.inject({ match: { route: 'massUpdate.create' }, effect: { type: 'fail-job' } });
    const { client: c } = client();
    const { job_id } = await c.massUpdate.create('Leads', { data: [{ Rating: 'Cold' }], cvid: VIEW });
    const error = await c.massUpdate.waitFor('Leads', job_id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobFailedError);
    expect((error as JobFailedError<MassUpdateStatus>).job.Status).toBe('FAILED');
    expect((error as JobFailedError).jobId).toBe(job_id);
  });

  it('an unknown job is Zoho’s 404 NOT_FOUND', async () => {
    const { client: c } = client();
    await expect(c.massUpdate.get('Leads', '4876876000000000001')).rejects.toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
    });
  });

  it('an unknown view is INVALID_DATA', async () => {
    const { client: c } = client();
    await expect(
      c.massUpdate.create('Leads', { data: [{ Rating: 'Cold' }], cvid: '123' }),
    ).rejects.toMatchObject({
      status: 400,
      code: 'INVALID_DATA',
    });
  });
});

describe('massUpdate responses from a hand-written server', () => {
  const url = 'https://www.zohoapis.com/crm/v8/Leads/actions/mass_update';

  it('an ALREADY_SCHEDULED item in ids mode is thrown too', async () => {
    server.use(
      http.post(url, () =>
        HttpResponse.json(
          {
            data: [{ code: 'ALREADY_SCHEDULED', details: {}, message: 'already scheduled', status: 'error' }],
          },
          { status: 202 },
        ),
      ),
    );
    const { client: c } = client();
    await expect(
      c.massUpdate.create('Leads', { data: [{ Rating: 'Hot' }], ids: ['1'] }),
    ).rejects.toMatchObject({
      code: 'ALREADY_SCHEDULED',
      status: 202,
    });
  });

  it('reads the status counts even when sent as text, and keeps a bare numeric job id a string', async () => {
    server.use(
      http.post(
        url,
        () =>
          new HttpResponse(
            '{"data":[{"code":"SUCCESS","details":{"job_id":4876876000000506003},"message":"ok","status":"success"}]}',
            { headers: { 'content-type': 'application/json' } },
          ),
      ),
      http.get(url, () =>
        HttpResponse.json({
          data: [
            {
              Status: 'RUNNING',
              Failed_Count: '0',
              Updated_Count: 30,
              Not_Updated_Count: 20,
              Total_Count: 50,
            },
          ],
        }),
      ),
    );
    const { client: c } = client();
    const { job_id } = await c.massUpdate.create('Leads', { data: [{ Rating: 'Hot' }], cvid: '1' });
    expect(job_id).toBe('4876876000000506003');
    expect(await c.massUpdate.get('Leads', job_id)).toEqual({
      Status: 'RUNNING',
      Failed_Count: 0,
      Updated_Count: 30,
      Not_Updated_Count: 20,
      Total_Count: 50,
    });
  });
});

describe('massUpdate refuses before any request', () => {
  const refuse = async (module: string, body: unknown) => {
    const { client: c } = client();
    const error = await c.massUpdate
      .create(module, body as Parameters<typeof c.massUpdate.create>[1])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestValidationError);
    return (error as Error).message;
  };

  it('more than 500 ids', async () => {
    const ids = Array.from({ length: 501 }, (_, i) => String(4876876000000000000n + BigInt(i)));
    expect(await refuse('Leads', { data: [{ Rating: 'Hot' }], ids })).toContain('at most 500 ids');
  });

  it('two fields for Contacts, four for Deals', async () => {
    expect(await refuse('Contacts', { data: [{ Title: 'x', Department: 'y' }], ids: ['1'] })).toContain(
      'at most 1 field',
    );
    expect(
      await refuse('Deals', { data: [{ Stage: 'a', Type: 'b', Amount: 1, Next_Step: 'c' }], ids: ['1'] }),
    ).toContain('at most 3 fields');
  });

  it('both or neither of ids and cvid, numeric ids, two data objects, a bad module name', async () => {
    expect(await refuse('Leads', { data: [{ Rating: 'Hot' }], ids: ['1'], cvid: '2' })).toContain(
      'exactly one of ids',
    );
    expect(await refuse('Leads', { data: [{ Rating: 'Hot' }] })).toContain('exactly one of ids');
    expect(await refuse('Leads', { data: [{ Rating: 'Hot' }], ids: [4876876] })).toContain('ids exceed 2^53');
    expect(await refuse('Leads', { data: [{ Rating: 'Hot' }, { Rating: 'Cold' }], ids: ['1'] })).toContain(
      'exactly one object',
    );
    expect(await refuse('../org', { data: [{ Rating: 'Hot' }], ids: ['1'] })).toContain('API name');
  });

  it('territory without cvid', async () => {
    expect(
      await refuse('Leads', { data: [{ Rating: 'Hot' }], ids: ['1'], territory: { id: '5' } }),
    ).toContain('territory needs cvid');
  });

  it('and sends nothing', () => {
    expect(zoho.requests).toHaveLength(0);
  });
});
