/**
 * Parent-child imports (`children`) with the pre-flight, against FakeZoho: `bulkWrite.check()`
 * flags exactly the parents and child rows the fake's real import SKIPPED (children of a skipped
 * parent included), counts the jobs the family batching makes, and `preflight: 'rows'` holds back
 * those rows locally, in input order and at their child positions, while the rest is imported.
 */
import { describe, expect, it } from 'vitest';
import type { FamilyRowResult } from '../../src/import/join-children.js';
import { useFakeZoho } from '../bulk-write/support.js';

const { zoho, client } = useFakeZoho({ modules: { Leads: { records: 5 }, Leads_Subform: { records: 0 } } });

const routes = (route: string) => zoho.requests.filter((r) => r.route === route);
/** The CSV rows of each resource of each bulk-write job, as the fake read them from the upload. */
const jobs = () =>
  zoho.jobs('bulkWrite') as unknown as {
    csv: { rows: string[][] };
    children: { csv: { rows: string[][] } }[];
  }[];

async function collect(results: AsyncIterable<FamilyRowResult>): Promise<FamilyRowResult[]> {
  const out: FamilyRowResult[] = [];
  for await (const r of results) out.push(r);
  return out;
}

const badParents: Record<number, Record<string, unknown>> = {
  2: { No_of_Employees: 'twelve' },
  5: { Last_Name: '' },
  9: { Email: 'nope' },
};
const badChildren: Record<string, Record<string, unknown>> = {
  '1/0': { Secondary_Email: 'not-an-email' },
  '5/1': { Secondary_Email: 'also bad' }, // under a bad parent too
  '6/1': { Secondary_Phone: '5'.repeat(31) },
  '10/1': { Notes: 'N'.repeat(300), Secondary_Email: 'x' },
};

/** 12 Leads with 0–3 Subform_1 rows each, a few bad parents and bad child rows. */
function families(): Record<string, unknown>[] {
  return Array.from({ length: 12 }, (_, i) => ({
    Last_Name: `Parent${i}`,
    Company: `Co ${i}`,
    No_of_Employees: i,
    Email: `p${i}@fam.example`,
    Date_of_Lead: new Date(Date.UTC(2024, 0, 1 + i)), // written as a date, its format in the mapping
    ...badParents[i],
    Subform_1: Array.from({ length: (i * 7) % 4 }, (_, j) => ({
      Secondary_Email: `p${i}c${j}@sub.example`,
      Secondary_Phone: '555-0100',
      Notes: 'ok',
      ...badChildren[`${i}/${j}`],
    })),
  }));
}

const params = () => ({
  module: 'Leads',
  operation: 'insert' as const,
  records: families(),
  children: { Subform_1: 'Leads_Subform' },
});

/** "index" or "index/key/position" → sorted "CODE:field" list. */
type Problems = Map<string, string[]>;
function add(out: Problems, where: string, entries: string[]): void {
  out.set(where, [...(out.get(where) ?? []), ...entries].sort());
}
function fromResults(results: readonly FamilyRowResult[]): Problems {
  const out: Problems = new Map();
  const codes = (errors: FamilyRowResult['errors']) =>
    errors.flatMap((e) => e.fields.map((f) => `${e.code}:${f}`));
  for (const r of results) {
    if (r.status === 'SKIPPED') add(out, `${r.index}`, codes(r.errors));
    for (const [key, rows] of Object.entries(r.children ?? {}))
      for (const [position, c] of rows.entries())
        if (c.status === 'SKIPPED') add(out, `${r.index}/${key}/${position}`, codes(c.errors));
  }
  return out;
}
function fromReport(
  rows: readonly {
    index: number;
    child?: { key: string; position: number } | undefined;
    code: string;
    field: string;
  }[],
): Problems {
  const out: Problems = new Map();
  for (const p of rows) {
    const where = p.child === undefined ? `${p.index}` : `${p.index}/${p.child.key}/${p.child.position}`;
    add(out, where, [`${p.code}:${p.field}`]);
  }
  return out;
}

describe('bulkWrite.check with children', () => {
  it("flags exactly the parents and child rows the fake's import skips, and counts its jobs", async () => {
    const { client: c } = client();
    const report = await c.bulkWrite.check(params(), { maxChildRowsPerFile: 5 });
    expect(routes('bulkWrite.upload')).toHaveLength(0);
    expect(routes('bulkWrite.create')).toHaveLength(0);
    const results = await collect(c.bulkWrite.import(params(), { maxChildRowsPerFile: 5 }));

    const fake = fromResults(results);
    expect(fromReport(report.problems.rows)).toEqual(fake);
    expect([...fake.keys()].sort()).toEqual(
      [
        '1/Subform_1/0',
        '2', // a bad parent: its 2 children are skipped with it
        '2/Subform_1/0',
        '2/Subform_1/1',
        '5',
        '5/Subform_1/0',
        '5/Subform_1/1',
        '5/Subform_1/2',
        '6/Subform_1/1',
        '10/Subform_1/1',
        '9',
        '9/Subform_1/0',
        '9/Subform_1/1',
        '9/Subform_1/2',
      ].sort(),
    );
    // A child of a skipped parent: MANDATORY_NOT_FOUND on Parent_Id, its own problems too.
    expect(fake.get('5/Subform_1/1')).toEqual([
      'INVALID_DATA:Secondary_Email',
      'MANDATORY_NOT_FOUND:Parent_Id',
    ]);
    expect(report.problems.rows.find((p) => p.child?.position === 0 && p.index === 5)).toMatchObject({
      rule: 'parent_skipped',
      field: 'Parent_Id',
    });
    const children = families().reduce((n, f) => n + (f.Subform_1 as unknown[]).length, 0);
    expect(report).toMatchObject({
      records: 12,
      childRows: children,
      files: routes('bulkWrite.create').length,
      jobs: routes('bulkWrite.create').length,
      credits: 500 * routes('bulkWrite.create').length,
      fieldsRead: true,
      rowsWithProblems: fake.size,
    });
    expect(report.jobs).toBeGreaterThan(1);
    const mapping = (
      zoho.requests.find((r) => r.route === 'bulkWrite.create')!.json as {
        resource: { field_mappings: { api_name: string; format?: string }[] }[];
      }
    ).resource[0]!.field_mappings.find((m) => m.api_name === 'Date_of_Lead');
    expect(mapping?.format).toBe('yyyy-MM-dd');
  });

  it('reports the column problems of the parent and of a child key first filled after the first record', async () => {
    const { client: c } = client();
    const records = [
      { Last_Name: 'A', Company: 'C', Emial: 'a@b.example', Subform_1: [] },
      { Last_Name: 'B', Company: 'C', Subform_1: [{ Secondary_Emial: 'x@y.example' }] },
    ];
    const report = await c.bulkWrite.check({ ...params(), records });
    expect(report.problems.columns.map((p) => [p.code, p.column, p.suggestion])).toEqual([
      ['UNKNOWN_FIELD', 'Emial', 'Email'],
      ['UNKNOWN_FIELD', 'Subform_1[].Secondary_Emial', 'Secondary_Email'],
    ]);
    expect(report.counts).toEqual({ UNKNOWN_FIELD: 2 });
    // The import refuses the same child column before that family's job is uploaded.
    await expect(
      collect(c.bulkWrite.import({ ...params(), records: records.map(({ Emial: _, ...r }) => r) })),
    ).rejects.toThrow('Secondary_Emial is no field of Leads_Subform');
    expect(routes('bulkWrite.upload')).toHaveLength(0);
  });
});

describe("preflight 'rows' with children", () => {
  it('holds back bad parents with their children and bad child rows, imports the rest, indexes and positions aligned', async () => {
    const real = await collect(client().client.bulkWrite.import(params(), { preflight: 'columns' }));
    zoho.reset();
    const { client: c } = client();
    const results = await collect(c.bulkWrite.import(params(), { preflight: 'rows' }));
    const input = families();
    expect(results.map((r) => r.index)).toEqual(input.map((_, i) => i));
    for (const [i, r] of results.entries()) {
      const kids = r.children?.Subform_1 ?? [];
      expect(kids).toHaveLength((input[i]!.Subform_1 as unknown[]).length);
      // Skipped here exactly where the fake skipped, with the same codes and fields; all locally.
      expect([r.status, r.errors]).toEqual([real[i]!.status, real[i]!.errors]);
      expect(r.local === true).toBe(r.status === 'SKIPPED');
      for (const [j, k] of kids.entries()) {
        expect([k.status, k.errors]).toEqual([
          real[i]!.children!.Subform_1![j]!.status,
          real[i]!.children!.Subform_1![j]!.errors,
        ]);
        expect(k.local === true).toBe(k.status === 'SKIPPED');
      }
    }
    expect(results[1]!.children!.Subform_1![0]).toMatchObject({
      status: 'SKIPPED',
      local: true,
      recordId: null,
      row: { Secondary_Email: 'not-an-email' },
    });
    expect(results[1]!.children!.Subform_1![0]!.row).not.toHaveProperty('Parent_Id');
    // Nothing held back was sent: the fake added every row it got.
    const [job] = jobs();
    expect(job!.csv.rows.map((r) => r[0])).not.toContain('');
    const sentChildren = job!.children[0]!.csv.rows.map((r) => r[1]);
    expect(sentChildren).not.toContain('not-an-email');
    expect(sentChildren).not.toContain('p5c0@sub.example');
    expect(sentChildren).toContain('p1c1@sub.example');
    expect(
      [...zoho.records('Leads_Subform')].map((r) => r.Secondary_Email).filter((e) => e?.startsWith('p1c')),
    ).toEqual(['p1c1@sub.example', 'p1c2@sub.example']);
  });
});

describe("FakeZoho's field metadata agrees with its parent-child bulk write", () => {
  it('lists a subform field on the parent for each configured subform module, none for others', async () => {
    const { client: c } = client();
    const leads = await c.fields.list('Leads');
    expect(leads.filter((f) => f.data_type === 'subform')).toMatchObject([
      { api_name: 'Subform_1', associated_module: { module: 'Leads_Subform' }, subform: null },
    ]);
    expect((await c.fields.list('Leads_Subform')).map((f) => f.api_name)).toContain('Parent_Id');
    // Quoted_Items is not configured: the fake neither lists it nor takes it as a child.
    await expect(c.fields.list('Quoted_Items')).rejects.toMatchObject({ code: 'INVALID_MODULE' });
    // Keys given as a list resolve through that metadata, and check() agrees with the import.
    const listed = { ...params(), children: ['Subform_1'] };
    const report = await c.bulkWrite.check(listed);
    const results = await collect(c.bulkWrite.import(listed));
    expect(fromReport(report.problems.rows)).toEqual(fromResults(results));
    expect(results[1]!.children!.Subform_1!.map((k) => k.status)).toEqual(['SKIPPED', 'ADDED', 'ADDED']);
  });
});
