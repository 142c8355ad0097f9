/**
 * Import pre-flight at the wire, against FakeZoho: column problems refused with zero uploads and
 * zero jobs; 'auto' going on without metadata (logged); explicit modes failing; values written by
 * field type with the format in the mapping; preflight 'rows' holding back unwritable rows.
 */
import { describe, expect, it } from 'vitest';
import { RequestValidationError } from '../../src/core/errors.js';
import type { LogEvent } from '../../src/core/logger.js';
import type { BulkWriteRowResult } from '../../src/schemas/row-errors.js';
import { useFakeZoho } from '../bulk-write/support.js';

const { zoho, client } = useFakeZoho({
  modules: {
    Leads: { records: 20 },
    Events: { records: 5 },
    Accounts: { records: 5 },
    Leads_Subform: { records: 0 },
  },
});

const routes = (route: string) => zoho.requests.filter((r) => r.route === route);
/** The CSV rows of each bulk-write job, as the fake read them from the upload. */
const jobs = () => zoho.jobs('bulkWrite') as unknown as { csv: { rows: string[][] } }[];
const sent = () => ({
  uploads: routes('bulkWrite.upload').length,
  creates: routes('bulkWrite.create').length,
});

async function collect(results: AsyncIterable<BulkWriteRowResult>): Promise<BulkWriteRowResult[]> {
  const out: BulkWriteRowResult[] = [];
  for await (const r of results) out.push(r);
  return out;
}

const scopeError = {
  type: 'error',
  status: 401,
  code: 'OAUTH_SCOPE_MISMATCH',
  message: 'Unauthorized',
} as const;

describe('import pre-flight (columns)', () => {
  it('names every bad column, with the closest field, before any upload or job', async () => {
    const { client: c } = client();
    const records = [{ Last_Nme: 'A', created_time: '2024-01-01T00:00:00+00:00', Emial: 'a@b.example' }];
    const error = await collect(c.bulkWrite.import({ module: 'Leads', operation: 'insert', records })).catch(
      (e: unknown) => e,
    );
    expect(RequestValidationError.isInstance(error)).toBe(true);
    const e = error as RequestValidationError;
    expect(e.issues.map((i) => [i.path, i.message])).toEqual([
      [['columns', 'Last_Nme'], 'Last_Nme is no field of Leads (did you mean Last_Name?)'],
      [['columns', 'created_time'], 'created_time is no field of Leads (did you mean Created_Time?)'],
      [['columns', 'Emial'], 'Emial is no field of Leads (did you mean Email?)'],
      [['columns', 'Company'], 'Company is mandatory on insert but no column or default value fills it'],
      [['columns', 'Last_Name'], 'Last_Name is mandatory on insert but no column or default value fills it'],
    ]);
    expect(e.message).toContain('5 column problems (nothing was uploaded)');
    expect(sent()).toEqual({ uploads: 0, creates: 0 });
  });

  it('refuses read-only fields and an unknown or missing findBy; accepts Owner (field_read_only, yet writable)', async () => {
    const { client: c } = client();
    const owner = zoho.record('Leads', 0)!.Owner!;
    const refuse = async (params: Parameters<typeof c.bulkWrite.import>[0]) => {
      const error = await collect(c.bulkWrite.import(params)).catch((e: unknown) => e);
      expect(RequestValidationError.isInstance(error)).toBe(true);
      return (error as RequestValidationError).issues.map((i) => i.message);
    };
    const base = { Last_Name: 'A', Company: 'C', Owner: owner };
    expect(
      await refuse({
        module: 'Leads',
        operation: 'insert',
        records: [{ ...base, Created_Time: '', Full_Name: '' }],
      }),
    ).toEqual([
      'Created_Time (datetime) cannot be written by the API on insert',
      'Full_Name (text) cannot be written by the API on insert',
    ]);
    expect(await refuse({ module: 'Leads', operation: 'update', findBy: 'Emai', records: [base] })).toEqual([
      'findBy Emai is no field of Leads (did you mean Email?)',
    ]);
    expect(await refuse({ module: 'Leads', operation: 'upsert', findBy: 'Email', records: [base] })).toEqual([
      'findBy Email has no column: every row needs it to find its record',
    ]);
    expect(sent()).toEqual({ uploads: 0, creates: 0 });
    const ok = await collect(c.bulkWrite.import({ module: 'Leads', operation: 'insert', records: [base] }));
    expect(ok.map((r) => r.status)).toEqual(['ADDED']);
  });

  it("maps columns through fieldMappings and lookups through 'Field.find_by' headers", async () => {
    const { client: c } = client();
    const account = zoho.record('Accounts', 0)!.Id!;
    const records = [
      {
        Subject: 'Hi',
        From: '2024-05-01T10:00:00+00:00',
        To: '2024-05-01T11:00:00+00:00',
        'What_Id.id': account,
      },
    ];
    const results = await collect(
      c.bulkWrite.import({
        module: 'Events',
        operation: 'insert',
        records,
        fieldMappings: [
          { api_name: 'Event_Title', column: 'Subject' },
          { api_name: 'Start_DateTime', column: 'From' },
          { api_name: 'End_DateTime', column: 'To' },
          { api_name: 'What_Id', column: 'What_Id.id', find_by: 'id' },
        ],
      }),
    );
    expect(results.map((r) => [r.status, r.errors])).toEqual([['ADDED', []]]);
  });
});

describe("import pre-flight without metadata ('auto' vs explicit)", () => {
  it("'auto' goes on when the fields cannot be read (scope error), with a logged event", async () => {
    zoho.inject({ match: { route: 'settings.fields' }, times: 5, effect: scopeError });
    const events: LogEvent[] = [];
    const { client: c } = client({ logger: (e) => events.push(e) });
    const results = await collect(
      c.bulkWrite.import({
        module: 'Leads',
        operation: 'insert',
        records: [{ Last_Name: 'A', Company: 'C' }],
      }),
    );
    expect(results.map((r) => r.status)).toEqual(['ADDED']);
    expect(events.filter((e) => e.type === 'import-preflight-skipped')).toEqual([
      {
        type: 'import-preflight-skipped',
        module: 'Leads',
        code: 'OAUTH_SCOPE_MISMATCH',
        reason: 'the fields cannot be read (OAUTH_SCOPE_MISMATCH, HTTP 401)',
      },
    ]);
    expect(sent()).toEqual({ uploads: 1, creates: 1 });
  });

  it('a 403 is a scope error too', async () => {
    zoho.inject({
      match: { route: 'settings.fields' },
      effect: { type: 'error', status: 403, code: 'NO_PERMISSION' },
    });
    const events: LogEvent[] = [];
    const { client: c } = client({ logger: (e) => events.push(e) });
    await collect(
      c.bulkWrite.import({
        module: 'Leads',
        operation: 'insert',
        records: [{ Last_Name: 'A', Company: 'C' }],
      }),
    );
    expect(events.some((e) => e.type === 'import-preflight-skipped' && e.code === 'NO_PERMISSION')).toBe(
      true,
    );
  });

  it.each(['columns', 'rows'] as const)(
    "explicit '%s' fails instead, with zero uploads and jobs",
    async (preflight) => {
      zoho.inject({ match: { route: 'settings.fields' }, times: 5, effect: scopeError });
      const { client: c } = client();
      const error = await collect(
        c.bulkWrite.import(
          { module: 'Leads', operation: 'insert', records: [{ Last_Name: 'A', Company: 'C' }] },
          { preflight },
        ),
      ).catch((e: unknown) => e);
      expect((error as { code?: string }).code).toBe('OAUTH_SCOPE_MISMATCH');
      expect(sent()).toEqual({ uploads: 0, creates: 0 });
    },
  );

  it('preflight false reads no fields and checks nothing', async () => {
    const { client: c } = client();
    const results = await collect(
      c.bulkWrite.import(
        {
          module: 'Leads',
          operation: 'insert',
          records: [{ Last_Name: 'A', Company: 'C', Created_Time: '' }],
        },
        { preflight: false },
      ),
    );
    expect(results.map((r) => r.status)).toEqual(['ADDED']);
    expect(routes('settings.fields')).toHaveLength(0);
  });
});

describe('values written by field type', () => {
  it('writes a Date as yyyy-MM-dd to a date field and as ISO to a datetime field, the format in every mapping', async () => {
    const { client: c } = client();
    const day = new Date(Date.UTC(2024, 1, 29, 23, 30, 5));
    await collect(
      c.bulkWrite.import({
        module: 'Events',
        operation: 'insert',
        records: [
          { Event_Title: 'Call', Start_DateTime: day, End_DateTime: new Date(day.getTime() + 3_600_000) },
        ],
      }),
    );
    await collect(
      c.bulkWrite.import({
        module: 'Leads',
        operation: 'insert',
        records: [
          {
            Last_Name: 'A',
            Company: 'C',
            Date_of_Lead: day,
            No_of_Employees: 12,
            Email_Opt_Out: true,
            Service_Interested_In: ['Consulting', 'Training'],
          },
        ],
      }),
    );
    const [events, leads] = jobs();
    expect(events!.csv.rows).toEqual([['Call', '2024-02-29T23:30:05+00:00', '2024-03-01T00:30:05+00:00']]);
    expect(leads!.csv.rows).toEqual([['A', 'C', '2024-02-29', '12', 'true', 'Consulting;Training']]);
    const bodies = routes('bulkWrite.create').map(
      (r) => (r.json as { resource: { field_mappings?: unknown }[] }).resource[0]!.field_mappings,
    );
    expect(bodies).toEqual([
      [
        { api_name: 'Event_Title', index: 0 },
        { api_name: 'Start_DateTime', index: 1, format: "yyyy-MM-dd'T'HH:mm:ssXXX" },
        { api_name: 'End_DateTime', index: 2, format: "yyyy-MM-dd'T'HH:mm:ssXXX" },
      ],
      [
        { api_name: 'Last_Name', index: 0 },
        { api_name: 'Company', index: 1 },
        { api_name: 'Date_of_Lead', index: 2, format: 'yyyy-MM-dd' },
        { api_name: 'No_of_Employees', index: 3 },
        { api_name: 'Email_Opt_Out', index: 4 },
        { api_name: 'Service_Interested_In', index: 5 },
      ],
    ]);
    expect([...zoho.records('Leads')].at(-1)).toMatchObject({
      Date_of_Lead: '2024-02-29',
      Email_Opt_Out: 'true',
    });
  });

  it("the user's dateFormats win; date text is declared in the format it is written in", async () => {
    const { client: c } = client();
    await collect(
      c.bulkWrite.import({
        module: 'Leads',
        operation: 'insert',
        records: [{ Last_Name: 'A', Company: 'C', Date_of_Lead: new Date(Date.UTC(2024, 6, 1)) }],
        dateFormats: { Date_of_Lead: 'dd.MM.yyyy' },
      }),
    );
    await collect(
      c.bulkWrite.import({
        module: 'Leads',
        operation: 'insert',
        records: [{ Last_Name: 'B', Company: 'C', Date_of_Lead: '07/02/2024' }],
      }),
    );
    const [first, second] = jobs();
    expect(first!.csv.rows[0]![2]).toBe('01.07.2024');
    expect(second!.csv.rows[0]![2]).toBe('07/02/2024');
    const formats = routes('bulkWrite.create').map(
      (r) =>
        (r.json as { resource: { field_mappings: { format?: string }[] }[] }).resource[0]!.field_mappings[2]!
          .format,
    );
    expect(formats).toEqual(['dd.MM.yyyy', 'MM/dd/yyyy']);
    expect([...zoho.records('Leads')].slice(-2).map((r) => r.Date_of_Lead)).toEqual([
      '2024-07-01',
      '2024-07-02',
    ]);
  });
});

describe("preflight 'rows'", () => {
  it('holds back unwritable rows as local SKIPPED results at their index; the rest go through', async () => {
    const { client: c } = client();
    const records = [
      { Last_Name: 'A', Company: 'C', No_of_Employees: '12' },
      { Last_Name: 'B', Company: 'C', No_of_Employees: 'twelve' },
      { Last_Name: '', Company: 'C', No_of_Employees: '' },
      { Last_Name: 'D', Company: 'C', No_of_Employees: 3 },
      { Last_Name: 'E'.repeat(81), Company: 'C', No_of_Employees: '' },
    ];
    const results = await collect(
      c.bulkWrite.import({ module: 'Leads', operation: 'insert', records }, { preflight: 'rows' }),
    );
    expect(results.map((r) => [r.index, r.status, r.local ?? false, r.errors])).toEqual([
      [0, 'ADDED', false, []],
      [1, 'SKIPPED', true, [{ code: 'INVALID_DATA', fields: ['No_of_Employees'] }]],
      [2, 'SKIPPED', true, [{ code: 'MANDATORY_NOT_FOUND', fields: ['Last_Name'] }]],
      [3, 'ADDED', false, []],
      [4, 'SKIPPED', true, [{ code: 'INVALID_DATA', fields: ['Last_Name'] }]],
    ]);
    expect(results[1]!.recordId).toBeNull();
    expect(results[1]!.row).toMatchObject({ Last_Name: 'B', No_of_Employees: 'twelve' });
    const [job] = jobs();
    expect(job!.csv.rows.map((r) => r[0])).toEqual(['A', 'D']);
  });

  it('sends nothing when every row is held back', async () => {
    const { client: c } = client();
    const results = await collect(
      c.bulkWrite.import(
        { module: 'Leads', operation: 'insert', records: [{ Last_Name: '', Company: 'C' }] },
        { preflight: 'rows' },
      ),
    );
    expect(results.map((r) => [r.index, r.status, r.local])).toEqual([[0, 'SKIPPED', true]]);
    expect(sent()).toEqual({ uploads: 0, creates: 0 });
  });
});

describe('pre-flight of a parent-child import', () => {
  it('checks the parent columns and each child key against its own module', async () => {
    const { client: c } = client();
    const records = [{ Last_Name: 'A', Company: 'C', Subform_1: [{ Secondary_Emial: 'x@y.example' }] }];
    const error = await collect(
      c.bulkWrite.import({
        module: 'Leads',
        operation: 'insert',
        records,
        children: { Subform_1: 'Leads_Subform' },
      }),
    ).catch((e: unknown) => e);
    expect(RequestValidationError.isInstance(error)).toBe(true);
    expect((error as RequestValidationError).issues.map((i) => i.message)).toEqual([
      'Secondary_Emial is no field of Leads_Subform (did you mean Secondary_Email?)',
    ]);
    expect(sent()).toEqual({ uploads: 0, creates: 0 });
    const ok = await collect(
      c.bulkWrite.import({
        module: 'Leads',
        operation: 'insert',
        records: [{ Last_Name: 'A', Company: 'C', Subform_1: [{ Secondary_Email: 'x@y.example' }] }],
        children: { Subform_1: 'Leads_Subform' },
      }),
    );
    expect(ok.map((r) => r.status)).toEqual(['ADDED']);
  });

  it("'auto' skips a child module whose fields cannot be read (logged), and imports", async () => {
    zoho.inject({
      match: { route: 'settings.fields', path: /.*/ },
      after: 1,
      effect: { type: 'error', status: 400, code: 'INVALID_MODULE' },
    });
    const events: LogEvent[] = [];
    const { client: c } = client({ logger: (e) => events.push(e) });
    const ok = await collect(
      c.bulkWrite.import({
        module: 'Leads',
        operation: 'insert',
        records: [{ Last_Name: 'A', Company: 'C', Subform_1: [{ Secondary_Email: 'x@y.example' }] }],
        children: { Subform_1: 'Leads_Subform' },
      }),
    );
    expect(ok).toHaveLength(1);
    expect(
      events.flatMap((e) => (e.type === 'import-preflight-skipped' ? [[e.module, e.code]] : [])),
    ).toEqual([['Leads_Subform', 'INVALID_MODULE']]);
  });
});
