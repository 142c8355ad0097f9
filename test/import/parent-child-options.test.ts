/**
 * A parent-child import honours the options a plain import honours, at the wire (BulkClient →
 * FakeZoho via msw): `fieldMappings` (columns named, `default_value` with or without `value`, the
 * `Layout` mapping by layout id, `format`), `columns` and `dateFormats` apply to the parent; each
 * child still links to its own parent; a child date column gets its format from the pre-flight.
 */
import { describe, expect, it } from 'vitest';
import type { BulkWriteImportParams, PreflightMode } from '../../src/import/import-params.js';
import type { FamilyRowResult } from '../../src/import/join-children.js';
import { useFakeZoho } from '../bulk-write/support.js';

const { zoho, client } = useFakeZoho({
  modules: { Leads: { records: 5 }, Leads_Subform: { records: 0 } },
});

type Mapping = Record<string, unknown>;
type Resource = { module: { api_name: string }; field_mappings: Mapping[] };
const creates = () =>
  zoho.requests.filter((r) => r.route === 'bulkWrite.create').map((r) => r.json as { resource: Resource[] });

const LAYOUT = '4876876000001022168';
const day = (d: number) => new Date(Date.UTC(2024, 6, d));

async function importLeads(
  params: Omit<BulkWriteImportParams, 'module' | 'operation' | 'children'>,
  preflight?: PreflightMode,
) {
  const { client: c } = client();
  const out: FamilyRowResult[] = [];
  const run = c.bulkWrite.import(
    { module: 'Leads', operation: 'insert', children: { Subform_1: 'Leads_Subform' }, ...params },
    preflight === undefined ? {} : { preflight },
  );
  for await (const r of run) out.push(r);
  return out;
}

const storedLead = (id: string | null) => [...zoho.records('Leads')].find((x) => x.Id === id)!;

/** Every stored child row's parent record id, by its e-mail. */
function childParents(): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of zoho.records('Leads_Subform')) out.set(r.Secondary_Email as string, r.Parent_Id as string);
  return out;
}

const family = (i: number, extra: Record<string, unknown> = {}) => ({
  Surname: `Parent${i}`,
  Company: `Co ${i}`,
  Email: `p${i}@parent.example`,
  Source: i === 1 ? 'Partner' : '',
  Owner: i === 0 ? 'user2@zylker.example' : '',
  Joined: day(i + 1),
  ...extra,
  Subform_1: Array.from({ length: i + 1 }, (_, j) => ({
    Secondary_Email: `p${i}c${j}@sub.example`,
    Visit_Date: day(10 + j),
  })),
});

describe('parent-child import options', () => {
  it('fieldMappings apply to the parent (columns named, default_value, Layout by id, format); each child links to its parent', async () => {
    const fieldMappings = [
      { api_name: 'Last_Name', column: 'Surname' },
      { api_name: 'Company', column: 'Company' },
      { api_name: 'Lead_Source', column: 'Source', default_value: { value: 'Trade Show' } },
      {
        api_name: 'Owner',
        column: 'Owner',
        find_by: 'email',
        default_value: { name: 'Patricia Boyle', module: 'users' },
      },
      { api_name: 'Date_of_Lead', column: 'Joined', format: 'dd.MM.yyyy' },
      { api_name: 'Layout', default_value: { value: LAYOUT } },
    ];
    const results = await importLeads({ records: [0, 1, 2].map((i) => family(i)), fieldMappings });
    expect(results.map((r) => [r.status, r.children?.Subform_1?.map((k) => k.status)])).toEqual([
      ['ADDED', ['ADDED']],
      ['ADDED', ['ADDED', 'ADDED']],
      ['ADDED', ['ADDED', 'ADDED', 'ADDED']],
    ]);
    const [body] = creates();
    const [parent, child] = body!.resource;
    // Columns: Surname, Company, Email, Source, Owner, Joined, then the family column (6).
    expect(parent!.field_mappings).toEqual([
      { api_name: 'Last_Name', index: 0 },
      { api_name: 'Company', index: 1 },
      { api_name: 'Lead_Source', index: 3, default_value: { value: 'Trade Show' } },
      {
        api_name: 'Owner',
        index: 4,
        find_by: 'email',
        default_value: { name: 'Patricia Boyle', module: 'users' },
      },
      { api_name: 'Date_of_Lead', index: 5, format: 'dd.MM.yyyy' },
      { api_name: 'Layout', default_value: { value: LAYOUT } },
    ]);
    expect(child!.field_mappings[0]).toEqual({ api_name: 'Parent_Id', index: 0, parent_column_index: 6 });
    const stored = results.map((r) => storedLead(r.recordId));
    expect(stored.map((s) => [s.Last_Name, s.Lead_Source, s.Date_of_Lead, s.Email ?? ''])).toEqual([
      ['Parent0', 'Trade Show', '2024-07-01', ''], // Email is not mapped: not imported
      ['Parent1', 'Partner', '2024-07-02', ''],
      ['Parent2', 'Trade Show', '2024-07-03', ''],
    ]);
    const links = childParents();
    for (const [i, r] of results.entries()) {
      for (let j = 0; j <= i; j++) expect(links.get(`p${i}c${j}@sub.example`)).toBe(r.recordId);
    }
  });

  it.each([
    ['auto', 'auto' as const],
    ['off', false as const],
  ])(
    'columns and dateFormats apply to the parent CSV and its date declaration (preflight %s)',
    async (_, preflight) => {
      const records = [0, 1].map((i) => {
        const { Surname, Company, Joined, Subform_1 } = family(i);
        const kids = Subform_1.map((k) => ({ Secondary_Email: k.Secondary_Email }));
        return { Last_Name: Surname, Company, Date_of_Lead: Joined, Subform_1: kids };
      });
      const results = await importLeads(
        {
          records,
          columns: ['Date_of_Lead', 'Company', 'Last_Name'],
          dateFormats: { Date_of_Lead: 'MM/dd/yyyy' },
        },
        preflight,
      );
      expect(results.map((r) => [r.status, r.children?.Subform_1?.length])).toEqual([
        ['ADDED', 1],
        ['ADDED', 2],
      ]);
      const [parent, child] = creates()[0]!.resource;
      expect(parent!.field_mappings).toEqual([
        { api_name: 'Date_of_Lead', index: 0, format: 'MM/dd/yyyy' },
        { api_name: 'Company', index: 1 },
        { api_name: 'Last_Name', index: 2 },
      ]);
      expect(child!.field_mappings[0]).toMatchObject({ parent_column_index: 3 });
      const stored = results.map((r) => storedLead(r.recordId));
      expect(stored.map((s) => s.Date_of_Lead)).toEqual(['2024-07-01', '2024-07-02']);
      const links = childParents();
      expect(links.get('p1c1@sub.example')).toBe(results[1]!.recordId);
    },
  );

  it('with columns given, a parent key that is no column is refused, naming the record', async () => {
    const records = [family(0), family(1, { Phone: '555' })];
    await expect(
      importLeads({ records, columns: ['Surname', 'Company', 'Email', 'Source', 'Owner', 'Joined'] }, false),
    ).rejects.toThrow('Record 1 has key "Phone"');
  });

  it('refuses a parent column named like the column the children link to, before any upload', async () => {
    await expect(importLeads({ records: [family(0, { Family_Ref: 'x' })] }, false)).rejects.toThrow(
      /Family_Ref is the parent CSV column the children link to/,
    );
    expect(zoho.requests.filter((r) => r.route === 'bulkWrite.upload')).toHaveLength(0);
    // In a later record too (its job is not uploaded).
    const later = importLeads({ records: [family(0), family(1, { Family_Ref: 'x' })] }, false);
    await expect(later).rejects.toThrow('records[1].Family_Ref: Family_Ref is the parent CSV column');
    expect(zoho.requests.filter((r) => r.route === 'bulkWrite.upload')).toHaveLength(0);
  });

  it("a child date column gets the pre-flight's format in the child resource's field_mappings", async () => {
    const records = [0, 1].map((i) => {
      const { Surname, Company, Subform_1 } = family(i);
      return { Last_Name: Surname, Company, Subform_1 };
    });
    const results = await importLeads({ records });
    expect(results.flatMap((r) => r.children?.Subform_1?.map((k) => k.status))).toEqual(
      Array(3).fill('ADDED'),
    );
    const child = creates()[0]!.resource[1]!;
    const visit = child.field_mappings.find((m) => m.api_name === 'Visit_Date');
    expect(visit).toEqual({ api_name: 'Visit_Date', index: 2, format: 'yyyy-MM-dd' });
    const visits = [...zoho.records('Leads_Subform')].map((r) => r.Visit_Date);
    expect(visits).toEqual(['2024-07-10', '2024-07-10', '2024-07-11']);
  });
});
