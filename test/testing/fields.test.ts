/** FakeZoho's field metadata (`GET /settings/fields`) and users (`GET /users`), at the wire. */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeZoho } from '../../src/testing/index.js';
import { api, exportRecords } from './helpers.js';
import { API } from './write-helpers.js';

const zoho = new FakeZoho({
  modules: { Contacts: { records: 50 }, Accounts: { records: 10 }, Leads: { records: 10 } },
});
const server = setupServer(...zoho.handlers());
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => zoho.reset());
afterAll(() => server.close());

type Field = Record<string, unknown> & {
  api_name: string;
  id: string;
  data_type: string;
  json_type: string;
  length: number;
  system_mandatory: boolean;
  operation_type: { api_create: boolean; api_update: boolean };
  pick_list_values: { display_value: string; actual_value: string; id: string }[];
};

const auth = () => ({ authorization: `Zoho-oauthtoken ${zoho.credentials.accessToken}` });

async function get(path: string) {
  const res = await fetch(`${API}${path}`, { headers: auth() });
  const text = await res.text();
  return {
    status: res.status,
    text,
    json: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>),
  };
}

async function fieldsOf(module: string): Promise<Field[]> {
  const { status, json } = await get(`/crm/v8/settings/fields?module=${module}`);
  expect(status).toBe(200);
  expect(Object.keys(json!)).toEqual(['fields']);
  return json!.fields as Field[];
}

const byName = (fields: Field[]) => new Map(fields.map((f) => [f.api_name, f]));

describe('GET /crm/v8/settings/fields', () => {
  it('lists every field of the module in Zoho’s shape: string ids, Zoho’s keys, nulls where Zoho sends null', async () => {
    const fields = await fieldsOf('Contacts');
    expect(fields.map((f) => f.api_name)).toEqual([...zoho.fields('Contacts'), 'Layout', 'id']);
    expect(new Set(fields.map((f) => f.id)).size).toBe(fields.length);
    for (const f of fields) {
      expect(f.id).toMatch(/^\d{19}$/);
      expect(f).toMatchObject({
        type: 'used',
        visible: true,
        custom_field: false,
        associated_module: null,
        subform: null,
        formula: {},
        crypt: null,
        created_time: null,
        modified_time: null,
      });
      for (const key of ['system_mandatory', 'read_only', 'field_read_only', 'mass_update', 'virtual_field'])
        expect(typeof f[key], `${f.api_name}.${key}`).toBe('boolean');
      expect(typeof f.field_label).toBe('string');
      expect(f.display_label).toBe(f.field_label);
      expect(Number.isInteger(f.length)).toBe(true);
      expect(f.decimal_place === null || Number.isInteger(f.decimal_place)).toBe(true);
      expect(Array.isArray(f.pick_list_values)).toBe(true);
    }
    const c = byName(fields);
    expect(c.get('Last_Name')).toMatchObject({
      data_type: 'text',
      json_type: 'string',
      field_label: 'Last Name',
      length: 80,
      system_mandatory: true,
      unique: {},
      decimal_place: null,
      lookup: {},
      mass_update: true,
    });
    expect(c.get('Email')).toMatchObject({
      data_type: 'email',
      length: 100,
      unique: { case_sensitive: false },
    });
    expect(c.get('Annual_Spend')).toMatchObject({
      data_type: 'currency',
      json_type: 'double',
      decimal_place: 2,
    });
    expect(c.get('Service_Interested_In')).toMatchObject({ json_type: 'jsonarray' });
    expect(c.get('Tag')).toMatchObject({ data_type: 'text', json_type: 'jsonarray' });
    expect(c.get('Account_Name')?.lookup).toEqual({
      display_label: 'Account Name',
      revalidate_filter_during_edit: false,
      api_name: 'Account_Name',
      module: { api_name: 'Accounts', id: '4876876000000002177' },
      id: c.get('Account_Name')?.id,
      query_details: {},
    });
    expect(c.get('Layout')).toMatchObject({ data_type: 'layout', json_type: 'jsonobject' });
    expect(c.get('id')).toMatchObject({ data_type: 'bigint', json_type: 'string', field_read_only: true });
  });

  it('says which fields only Zoho sets the way Zoho does (operation_type), Owner as field_read_only', async () => {
    const c = byName(await fieldsOf('Contacts'));
    const none = { web_update: false, api_create: false, web_create: false, api_update: false };
    for (const name of ['Created_Time', 'Modified_Time', 'Created_By', 'Modified_By', 'Full_Name']) {
      expect(c.get(name), name).toMatchObject({ operation_type: none, read_only: false, mass_update: false });
    }
    expect(c.get('Owner')).toMatchObject({
      data_type: 'ownerlookup',
      field_label: 'Contact Owner',
      field_read_only: true,
      read_only: false,
      operation_type: { api_create: true, api_update: true },
      lookup: {},
    });
  });

  it('lists picklist options after -None-, with display and actual values that can differ', async () => {
    const source = byName(await fieldsOf('Contacts')).get('Lead_Source')!;
    expect(source.pick_list_values[0]).toMatchObject({ display_value: '-None-', actual_value: '-None-' });
    expect(source.pick_list_values).toContainEqual({
      display_value: 'Online Store',
      sequence_number: 6,
      reference_value: 'Online Store',
      colour_code: null,
      actual_value: 'OnlineStore',
      id: expect.stringMatching(/^\d{19}$/),
      type: 'used',
    });
    const generated = new Set(
      [...zoho.records('Contacts')].map((r) => r.Lead_Source).filter((v): v is string => !!v),
    );
    const displayed = new Set(source.pick_list_values.map((v) => v.display_value));
    for (const value of generated) expect(displayed.has(value), value).toBe(true);
  });

  it('leaves out pseudo columns ($converted) and keeps system fields (Converted__s)', async () => {
    const names = (await fieldsOf('Leads')).map((f) => f.api_name);
    expect(names).toContain('Converted__s');
    expect(names).not.toContain('$converted');
  });

  it('answers one field by id, and the same ids for the same options', async () => {
    const last = byName(await fieldsOf('Contacts')).get('Last_Name')!;
    const one = await get(`/crm/v8/settings/fields/${last.id}?module=Contacts`);
    expect(one.status).toBe(200);
    expect(one.json).toEqual({ fields: [last] });
    const other = new FakeZoho({
      modules: { Contacts: { records: 1 }, Accounts: { records: 1 }, Leads: { records: 1 } },
    });
    const res = await other.handle(
      new Request(`${API}/crm/v8/settings/fields?module=Contacts`, {
        headers: { authorization: `Zoho-oauthtoken ${other.credentials.accessToken}` },
      }),
    );
    expect(((await res.json()) as { fields: Field[] }).fields).toEqual(await fieldsOf('Contacts'));
  });

  it('answers INVALID_MODULE (top level) for a module the fake does not hold, and wants a module', async () => {
    for (const module of ['Unknown', 'Deals']) {
      const r = await get(`/crm/v8/settings/fields?module=${module}`);
      expect(r.status).toBe(400);
      expect(r.json).toEqual({
        code: 'INVALID_MODULE',
        details: {},
        message: 'the module name given seems to be invalid',
        status: 'error',
      });
    }
    const missing = await get('/crm/v8/settings/fields');
    expect(missing.status).toBe(400);
    expect(missing.json).toMatchObject({ code: 'REQUIRED_PARAM_MISSING', details: { param_name: 'module' } });
    const badId = await get('/crm/v8/settings/fields/4876876000000099999?module=Contacts');
    expect(badId.json).toMatchObject({ code: 'INVALID_DATA', status: 'error' });
  });

  it('answers 204 with no body for type=unused, and for any request hit by the no-content fault', async () => {
    const unused = await get('/crm/v8/settings/fields?module=Contacts&type=unused');
    expect([unused.status, unused.text]).toEqual([204, '']);
    const fault = zoho.inject({ match: { route: 'settings.fields' }, effect: { type: 'no-content' } });
    const empty = await get('/crm/v8/settings/fields?module=Contacts');
    expect([empty.status, empty.text]).toEqual([204, '']);
    expect(fault.hits).toBe(1);
    expect((await get('/crm/v8/settings/fields?module=Contacts')).status).toBe(200);
  });

  it('needs a valid token', async () => {
    const res = await fetch(`${API}/crm/v8/settings/fields?module=Contacts`);
    expect(res.status).toBe(401);
  });
});

describe('criteria echo', () => {
  it('names each condition’s field with the id settings/fields lists (a lookup path: its lookup field’s; $converted: null)', async () => {
    const leads = byName(await fieldsOf('Leads'));
    const criteria = {
      group_operator: 'or',
      group: [
        { field: { api_name: 'Last_Name' }, comparator: 'equal', value: 'Boyle' },
        { field: { api_name: 'Owner.last_name' }, comparator: 'equal', value: 'Boyle' },
        { field: { api_name: '$converted' }, comparator: 'equal', value: true },
      ],
    };
    const { job } = await exportRecords(api(zoho), { module: { api_name: 'Leads' }, criteria });
    expect(job.query.criteria).toEqual({
      group_operator: 'or',
      group: [
        {
          field: { api_name: 'Last_Name', id: leads.get('Last_Name')!.id },
          comparator: 'equal',
          value: 'Boyle',
        },
        {
          field: { api_name: 'Owner.last_name', id: leads.get('Owner')!.id },
          comparator: 'equal',
          value: 'Boyle',
        },
        { field: { api_name: '$converted', id: null }, comparator: 'equal', value: true },
      ],
    });
  });
});

describe('GET /crm/v8/users', () => {
  it('type=CurrentUser is the user every job is created by, with the time zone exports use', async () => {
    const { status, json } = await get('/crm/v8/users?type=CurrentUser');
    expect(status).toBe(200);
    const users = json!.users as Record<string, unknown>[];
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({
      id: '4876876000000327001',
      full_name: 'Patricia Boyle',
      email: 'user1@zylker.example',
      status: 'active',
      time_zone: 'America/Los_Angeles',
      profile: { name: 'Administrator', id: expect.stringMatching(/^\d{19}$/) },
    });
    expect(json!.info).toEqual({ per_page: 200, count: 1, page: 1, more_records: false });
    const all = await get('/crm/v8/users?type=AllUsers');
    expect((all.json!.users as { time_zone: string }[]).map((u) => u.time_zone)).toContain('Asia/Kolkata');
    expect((all.json!.users as unknown[]).length).toBe(6);
  });
});
