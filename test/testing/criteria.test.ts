/** Criteria evaluation, through msw (`setupServer(...fake.handlers())`) and plain fetch. */
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeZoho } from '../../src/testing/index.js';
import { api, exportRecords } from './helpers.js';

const fake = new FakeZoho({
  seed: 3,
  pageSize: 150,
  downloadsPerMinute: 10_000,
  pollsToComplete: 1,
  modules: { Contacts: { records: 400 }, Accounts: { records: 30 } },
  views: {
    '4876876000000087501': {
      module: 'Contacts',
      criteria: { api_name: 'Email_Opt_Out', comparator: 'equal', value: 'false' },
    },
  },
});
const server = setupServer(...fake.handlers());
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

const a = api(fake);
const all = [...fake.records('Contacts', { columns: ['Account_Name.Account_Name', 'Owner.last_name'] })];
const num = (v: string | undefined) => Number(v);
/** Zoho's empty-value marker (a plain string, not a template). */
const EMPTY = ['$', '{EMPTY}'].join('');

async function ids(criteria: unknown, extra: Record<string, unknown> = {}): Promise<string[]> {
  const out: string[] = [];
  let query: Record<string, unknown> = {
    module: { api_name: 'Contacts' },
    fields: ['Last_Name'],
    criteria,
    ...extra,
  };
  for (;;) {
    const { job, rows } = await exportRecords(a, query);
    out.push(...rows.map((r) => r.Id!));
    if (!job.result.more_records) return out;
    query = { page_token: job.result.next_page_token };
  }
}
const expected = (test: (r: Record<string, string>) => boolean) => all.filter(test).map((r) => r.Id);
const lower = (s: string | undefined) => (s ?? '').toLowerCase();

describe('criteria evaluation', () => {
  const cases: Array<[string, unknown, (r: Record<string, string>) => boolean]> = [
    [
      'equal (text, case-insensitive)',
      { field: { api_name: 'Last_Name' }, comparator: 'equal', value: 'müller' },
      (r) => r.Last_Name === 'Müller',
    ],
    [
      'not_equal',
      { field: { api_name: 'Lead_Source' }, comparator: 'not_equal', value: 'Advertisement' },
      (r) => r.Lead_Source !== 'Advertisement',
    ],
    [
      'in',
      { api_name: 'Mailing_City', comparator: 'in', value: ['Zürich', 'München'] },
      (r) => ['Zürich', 'München'].includes(r.Mailing_City!),
    ],
    [
      'not_in',
      { field: { api_name: 'Salutation' }, comparator: 'not_in', value: ['Mr.', 'Dr.'] },
      (r) => !['Mr.', 'Dr.'].includes(r.Salutation!),
    ],
    [
      'contains',
      { field: { api_name: 'Title' }, comparator: 'contains', value: 'ninja' },
      (r) => lower(r.Title).includes('ninja'),
    ],
    [
      'not_contains',
      { field: { api_name: 'Tag' }, comparator: 'not_contains', value: 'Client' },
      (r) => !r.Tag!.includes('Client'),
    ],
    [
      'starts_with',
      { field: { api_name: 'Last_Name' }, comparator: 'starts_with', value: "O'" },
      (r) => r.Last_Name!.startsWith("O'"),
    ],
    [
      'ends_with',
      { field: { api_name: 'Email' }, comparator: 'ends_with', value: '7@example.com' },
      (r) => r.Email!.endsWith('7@example.com'),
    ],
    [
      'less_than (number)',
      { field: { api_name: 'Score' }, comparator: 'less_than', value: 10 },
      (r) => num(r.Score) < 10,
    ],
    [
      'less_equal',
      { field: { api_name: 'Score' }, comparator: 'less_equal', value: '10' },
      (r) => num(r.Score) <= 10,
    ],
    [
      'greater_than (currency)',
      { field: { api_name: 'Annual_Spend' }, comparator: 'greater_than', value: 200000 },
      (r) => r.Annual_Spend !== '' && num(r.Annual_Spend) > 200000,
    ],
    [
      'greater_equal',
      { field: { api_name: 'Score' }, comparator: 'greater_equal', value: 110 },
      (r) => num(r.Score) >= 110,
    ],
    [
      'between (datetime, any offset)',
      {
        field: { api_name: 'Created_Time' },
        comparator: 'between',
        value: ['2021-01-01T00:00:00+00:00', '2021-06-30T23:59:59Z'],
      },
      (r) =>
        Date.parse(r.Created_Time!) >= Date.parse('2021-01-01T00:00:00Z') &&
        Date.parse(r.Created_Time!) <= Date.parse('2021-06-30T23:59:59Z'),
    ],
    [
      'not_between (date)',
      {
        field: { api_name: 'Date_of_Birth' },
        comparator: 'not_between',
        value: ['1960-01-01', '1990-12-31'],
      },
      (r) => r.Date_of_Birth === '' || r.Date_of_Birth! < '1960-01-01' || r.Date_of_Birth! > '1990-12-31',
    ],
    [
      'equal EMPTY',
      { field: { api_name: 'Email' }, comparator: 'equal', value: EMPTY },
      (r) => r.Email === '',
    ],
    [
      'not_equal EMPTY',
      { field: { api_name: 'Mobile' }, comparator: 'not_equal', value: EMPTY },
      (r) => r.Mobile !== '',
    ],
    [
      'boolean',
      { field: { api_name: 'Email_Opt_Out' }, comparator: 'equal', value: true },
      (r) => r.Email_Opt_Out === 'true',
    ],
    [
      'lookup id',
      { field: { api_name: 'Account_Name' }, comparator: 'equal', value: all[0]!.Account_Name },
      (r) => r.Account_Name === all[0]!.Account_Name,
    ],
    [
      'owner dot field',
      { field: { api_name: 'Owner.last_name' }, comparator: 'equal', value: 'Raman' },
      (r) => r['Owner.last_name'] === 'Raman',
    ],
    [
      'lookup dot field',
      { field: { api_name: 'Account_Name.Account_Name' }, comparator: 'starts_with', value: 'zylker' },
      (r) => lower(r['Account_Name.Account_Name']).startsWith('zylker'),
    ],
    [
      'nested groups',
      {
        group_operator: 'or',
        group: [
          {
            group_operator: 'and',
            group: [
              { field: { api_name: 'Score' }, comparator: 'greater_than', value: 100 },
              { field: { api_name: 'Email_Opt_Out' }, comparator: 'equal', value: false },
            ],
          },
          { field: { api_name: 'Mailing_Country' }, comparator: 'equal', value: 'Japan' },
        ],
      },
      (r) => (num(r.Score) > 100 && r.Email_Opt_Out === 'false') || r.Mailing_Country === 'Japan',
    ],
  ];

  for (const [name, criteria, test] of cases) {
    it(name, async () => {
      const want = expected(test);
      expect(want.length).toBeGreaterThan(0);
      expect(want.length).toBeLessThan(all.length);
      expect(await ids(criteria)).toEqual(want);
    });
  }

  it('pages over the filtered sequence (page numbers, then page tokens), keeping every match once', async () => {
    const criteria = { field: { api_name: 'Score' }, comparator: 'less_than', value: 100 };
    const want = expected((r) => num(r.Score) < 100);
    expect(want.length).toBeGreaterThan(300);
    const byNumber: string[] = [];
    const counts: number[] = [];
    for (let page = 1; ; page++) {
      const { job, rows } = await exportRecords(a, {
        module: { api_name: 'Contacts' },
        fields: ['Score'],
        criteria,
        page,
      });
      counts.push(job.result.count);
      byNumber.push(...rows.map((r) => r.Id!));
      if (!job.result.more_records) break;
    }
    expect(counts).toEqual([150, 150, want.length - 300]);
    expect(byNumber).toEqual(want);
    expect(await ids(criteria)).toEqual(want);
  });

  it('and-s a view (cvid) with the query criteria', async () => {
    const want = expected((r) => r.Email_Opt_Out === 'false' && num(r.Score) > 60);
    const got = await ids(
      { field: { api_name: 'Score' }, comparator: 'greater_than', value: 60 },
      { cvid: '4876876000000087501' },
    );
    expect(got).toEqual(want);
    const viewOnly = await ids(undefined, { cvid: '4876876000000087501' });
    expect(viewOnly).toEqual(expected((r) => r.Email_Opt_Out === 'false'));
  });

  it('reflects the overlay: inserted, updated and deleted records', async () => {
    const local = new FakeZoho({ pollsToComplete: 1, modules: { Contacts: { records: 5 } } });
    const b = api(local);
    const srv = setupServer(...local.handlers());
    server.close();
    srv.listen({ onUnhandledRequest: 'error' });
    try {
      const first = local.record('Contacts', 0)!;
      const second = local.record('Contacts', 1)!;
      const newId = local.insertRecord('Contacts', { Last_Name: 'Inserted, "Q"', Score: '5' });
      expect(local.updateRecord('Contacts', first.Id!, { Last_Name: 'Changed' })).toBe(true);
      expect(local.deleteRecord('Contacts', second.Id!)).toBe(true);
      expect(local.deleteRecord('Contacts', second.Id!)).toBe(false);
      const { rows } = await exportRecords(b, { module: { api_name: 'Contacts' }, fields: ['Last_Name'] });
      expect(rows.map((r) => r.Id)).toEqual([
        first.Id,
        ...[2, 3, 4].map((i) => local.record('Contacts', i)!.Id),
        newId,
      ]);
      expect(rows[0]!.Last_Name).toBe('Changed');
      expect(rows[4]!.Last_Name).toBe('Inserted, "Q"');
      expect(local.count('Contacts')).toBe(5);
      local.reset();
      expect(local.count('Contacts')).toBe(5);
      expect(local.record('Contacts', 0)!.Last_Name).toBe(first.Last_Name);
    } finally {
      srv.close();
      server.listen({ onUnhandledRequest: 'error' });
    }
  });
});
