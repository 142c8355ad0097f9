/** FakeZoho's mass-update routes, called with plain fetch (no SDK) through msw. */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeZoho } from '../../src/testing/index.js';

const zoho = new FakeZoho({
  modules: { Leads: { records: 40 }, Contacts: { records: 10 } },
  views: { '9001': { module: 'Leads' }, '9002': { module: 'Contacts' } },
});
const server = setupServer(...zoho.handlers());
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => zoho.reset());
afterAll(() => server.close());

const URL = (module: string) => `https://www.zohoapis.com/crm/v8/${module}/actions/mass_update`;
const auth = () => ({ authorization: `Zoho-oauthtoken ${zoho.credentials.accessToken}` });

async function post(module: string, body: unknown) {
  const res = await fetch(URL(module), {
    method: 'POST',
    headers: { ...auth(), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('mass update errors', () => {
  it.each([
    [
      'Email cannot be mass updated',
      'Leads',
      { data: [{ Email: 'x@y.example' }], ids: ['1'] },
      'INVALID_DATA',
      'This field cannot be updated in the Mass Update',
    ],
    ['an unknown field', 'Leads', { data: [{ Shoe_Size: 4 }], ids: ['1'] }, 'INVALID_DATA', 'No field found'],
    [
      'two fields',
      'Leads',
      { data: [{ Rating: 'Hot', Lead_Status: 'x' }], ids: ['1'] },
      'INVALID_DATA',
      'Max field limit exceeded',
    ],
    [
      'neither ids nor cvid',
      'Leads',
      { data: [{ Rating: 'Hot' }] },
      'MANDATORY_NOT_FOUND',
      'required field not found',
    ],
    [
      'more than 500 ids',
      'Leads',
      { data: [{ Rating: 'Hot' }], ids: Array(501).fill('1') },
      'LIMIT_EXCEEDED',
      'Record count exceeded',
    ],
    [
      'an unknown module',
      'Potentials',
      { data: [{ Rating: 'Hot' }], ids: ['1'] },
      'INVALID_MODULE',
      'the module name given seems to be invalid',
    ],
    [
      'a view of another module',
      'Leads',
      { data: [{ Rating: 'Hot' }], cvid: '9002' },
      'INVALID_DATA',
      'the id given seems to be invalid',
    ],
  ])('%s', async (_name, module, body, code, message) => {
    const { status, json } = await post(module, body);
    expect(status).toBe(400);
    expect(json).toMatchObject({ status: 'error', code, message });
  });

  it('status needs job_id', async () => {
    const res = await fetch(URL('Leads'), { headers: auth() });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      code: 'MANDATORY_NOT_FOUND',
      details: { param_name: 'job_id' },
    });
  });
});

describe('mass update data', () => {
  it('appends to a multi-select unless over_write', async () => {
    const id = zoho.record('Leads', 0)!.Id;
    const services = zoho.record('Leads', 0)?.Service_Interested_In ?? '';
    const before = services.split(';').filter((v) => v !== '');
    await post('Leads', { data: [{ Service_Interested_In: ['Zeta'] }], ids: [id] });
    expect(zoho.record('Leads', 0)!.Service_Interested_In).toBe([...before, 'Zeta'].join(';'));
    await post('Leads', { data: [{ Service_Interested_In: ['Omega'] }], ids: [id], over_write: true });
    expect(zoho.record('Leads', 0)!.Service_Interested_In).toBe('Omega');
  });

  it('a cvid job updates the view at completion, not before', async () => {
    const { json } = await post('Leads', { data: [{ Rating: 'Frozen' }], cvid: '9001' });
    const jobId = (json.data as [{ details: { job_id: string } }])[0].details.job_id;
    const status = async () => {
      const res = await fetch(`${URL('Leads')}?job_id=${jobId}`, { headers: auth() });
      return ((await res.json()) as { data: [{ Status: string; Total_Count: number }] }).data[0];
    };
    expect(await status()).toMatchObject({ Status: 'SCHEDULED', Total_Count: 40 });
    expect(zoho.record('Leads', 0)!.Rating).not.toBe('Frozen');
    expect((await status()).Status).toBe('RUNNING');
    expect((await status()).Status).toBe('COMPLETED');
    expect([...zoho.records('Leads')].every((r) => r.Rating === 'Frozen')).toBe(true);
  });
});
