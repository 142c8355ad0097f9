/**
 * `bulkWrite.check()` against FakeZoho: it uploads nothing, splits as the import does, and the rows
 * it flags are exactly the rows the fake's real import SKIPPED, with the same codes and columns.
 */
import { describe, expect, it } from 'vitest';
import type { BulkWriteRowResult } from '../../src/schemas/row-errors.js';
import { useFakeZoho } from '../bulk-write/support.js';

const { zoho, client } = useFakeZoho({ modules: { Leads: { records: 20 }, Accounts: { records: 5 } } });

const routes = (route: string) => zoho.requests.filter((r) => r.route === route);

async function collect(results: AsyncIterable<BulkWriteRowResult>): Promise<BulkWriteRowResult[]> {
  const out: BulkWriteRowResult[] = [];
  for await (const r of results) out.push(r);
  return out;
}

/** 40 Leads, every fifth with a bad value of another kind (and a few harmless oddities). */
function assorted(owner: string): Record<string, unknown>[] {
  const bad: Record<number, Record<string, unknown>> = {
    0: { No_of_Employees: 'twelve' },
    5: { No_of_Employees: 1_234_567_890 },
    7: { No_of_Employees: 3.5 },
    10: { Annual_Revenue: 'a lot' },
    12: { Annual_Revenue: '12345678901234567.5' },
    15: { Email: 'not-an-email' },
    17: { Email_Opt_Out: 'yes' },
    20: { Date_of_Lead: '2024-13-01' },
    22: { Date_of_Lead: '31/12/2024' },
    25: { Last_Name: '' },
    27: { Company: '', Email: 'also bad' },
    30: { First_Name: 'F'.repeat(41) },
    32: { Phone: '5'.repeat(31) },
    35: { Owner: 'someone' },
    37: { Last_Name: 'L'.repeat(81) },
    // Zoho takes these: picklist values it does not list are warnings, not skips.
    3: { Lead_Source: 'Carrier Pigeon' },
    4: { Service_Interested_In: ['SEO', 'Telepathy'] },
  };
  return Array.from({ length: 40 }, (_, i) => ({
    Owner: owner,
    Last_Name: `Last${i}`,
    Company: `Company ${i}`,
    First_Name: 'Ann',
    Email: `check${i}@agree.example`,
    Phone: '555-0100',
    No_of_Employees: i,
    Annual_Revenue: 1000.5,
    Email_Opt_Out: false,
    Date_of_Lead: new Date(Date.UTC(2024, 0, 1 + i)),
    Lead_Source: 'Web Download',
    Service_Interested_In: ['SEO'],
    ...bad[i],
  }));
}

/** index → "CODE:field" list, sorted. */
function byRow(list: readonly { index: number; code: string; field: string }[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const p of list) out.set(p.index, [...(out.get(p.index) ?? []), `${p.code}:${p.field}`].sort());
  return out;
}

describe('bulkWrite.check', () => {
  it("flags exactly the rows the fake's import skips, with the same codes and columns", async () => {
    const { client: c } = client();
    const records = assorted(zoho.record('Leads', 0)!.Owner!);
    const params = { module: 'Leads', operation: 'insert' as const, records };

    const report = await c.bulkWrite.check(params);
    expect(routes('bulkWrite.upload')).toHaveLength(0);
    expect(routes('bulkWrite.create')).toHaveLength(0);
    const results = await collect(c.bulkWrite.import(params, { preflight: 'columns' }));

    const skipped = results.filter((r) => r.status === 'SKIPPED');
    const fake = byRow(
      skipped.flatMap((r) =>
        r.errors.flatMap((e) => e.fields.map((field) => ({ index: r.index!, code: e.code, field }))),
      ),
    );
    expect(byRow(report.problems.rows)).toEqual(fake);
    expect([...fake.keys()]).toEqual([0, 5, 7, 10, 12, 15, 17, 20, 22, 25, 27, 30, 32, 35, 37]);
    expect(fake.get(27)).toEqual(['INVALID_DATA:Email', 'MANDATORY_NOT_FOUND:Company']);
    expect(report).toMatchObject({
      records: 40,
      files: 1,
      jobs: 1,
      credits: 500,
      fieldsRead: true,
      rowsWithProblems: 15,
    });
    expect(report.problems.warnings.map((w) => [w.index, w.field, w.rule])).toEqual([
      [3, 'Lead_Source', 'not_listed'],
      [4, 'Service_Interested_In', 'not_listed'],
    ]);
    expect(report.counts).toEqual({ INVALID_DATA: 14, MANDATORY_NOT_FOUND: 2, not_listed: 2 });
    expect(report.problems.rows.find((p) => p.index === 22)).toMatchObject({
      rule: 'not_a_date',
      message: '"31/12/2024" is not a date in the format yyyy-MM-dd',
    });
  });

  it("preflight 'rows' skips locally exactly the rows check() flags and the fake skips the same way", async () => {
    const { client: c } = client();
    const records = assorted(zoho.record('Leads', 0)!.Owner!);
    const params = { module: 'Leads', operation: 'insert' as const, records };
    const report = await c.bulkWrite.check(params, { preflight: 'rows' });
    const results = await collect(c.bulkWrite.import(params, { preflight: 'rows' }));
    expect(results.map((r) => r.index)).toEqual(records.map((_, i) => i));
    const local = results.filter((r) => r.local).map((r) => r.index);
    expect(local).toEqual([...byRow(report.problems.rows).keys()]);
    expect(results.filter((r) => r.status === 'SKIPPED' && !r.local)).toEqual([]);
  });

  it('counts the files and jobs the import makes, uploading nothing', async () => {
    const { client: c } = client();
    const records = Array.from({ length: 25 }, (_, i) => ({ Last_Name: `L${i}`, Company: 'C' }));
    const params = { module: 'Leads', operation: 'insert' as const, records };
    const report = await c.bulkWrite.check(params, { maxRowsPerFile: 10 });
    expect(report).toMatchObject({ records: 25, files: 3, jobs: 3, credits: 1500 });
    expect(routes('bulkWrite.upload')).toHaveLength(0);
    await collect(c.bulkWrite.import(params, { maxRowsPerFile: 10 }));
    expect(routes('bulkWrite.create')).toHaveLength(report.jobs);
    // With 'rows', held-back rows are not counted in any file.
    const held = [...records.slice(0, 9), ...records.slice(0, 3).map((r) => ({ ...r, Last_Name: '' }))];
    const rows = await c.bulkWrite.check(
      { ...params, records: held },
      { maxRowsPerFile: 9, preflight: 'rows' },
    );
    expect(rows).toMatchObject({ records: 12, files: 1, rowsWithProblems: 3 });
  });

  it('reports column problems instead of throwing, and still reads every row', async () => {
    const { client: c } = client();
    const report = await c.bulkWrite.check({
      module: 'Leads',
      operation: 'insert',
      records: [{ Last_Nme: 'A', Company: 'C', No_of_Employees: 'x' }],
    });
    expect(report.problems.columns.map((p) => [p.code, p.column, p.suggestion])).toEqual([
      ['UNKNOWN_FIELD', 'Last_Nme', 'Last_Name'],
      ['MANDATORY_MISSING', 'Last_Name', undefined],
    ]);
    expect(report.problems.rows.map((p) => [p.index, p.code, p.field])).toEqual([
      [0, 'INVALID_DATA', 'No_of_Employees'],
      [0, 'MANDATORY_NOT_FOUND', 'Last_Name'],
    ]);
    expect(report.counts).toEqual({
      UNKNOWN_FIELD: 1,
      MANDATORY_MISSING: 1,
      INVALID_DATA: 1,
      MANDATORY_NOT_FOUND: 1,
    });
  });
});

describe('check() when the pre-flight refuses', () => {
  it("closes the caller's records when the fields cannot be read with preflight 'columns'", async () => {
    zoho.inject({
      match: { route: 'settings.fields' },
      times: 5,
      effect: { type: 'error', status: 401, code: 'OAUTH_SCOPE_MISMATCH' },
    });
    let closed = false;
    async function* records() {
      try {
        yield { Last_Name: 'A', Company: 'C' };
        yield { Last_Name: 'B', Company: 'C' };
      } finally {
        closed = true;
      }
    }
    const check = client().client.bulkWrite.check(
      { module: 'Leads', operation: 'insert', records: records() },
      { preflight: 'columns' },
    );
    await expect(check).rejects.toMatchObject({ code: 'OAUTH_SCOPE_MISMATCH' });
    expect(closed).toBe(true);
  });
});
