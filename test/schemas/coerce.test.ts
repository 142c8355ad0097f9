import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { ResponseValidationError } from '../../src/core/errors.js';
import { parseRecord, zohoCsv } from '../../src/schemas/coerce.js';
import { zohoRealPath } from '../fixtures/zoho-real.js';

const fixture = (name: string) =>
  parse(readFileSync(zohoRealPath(name)), { columns: true }) as Record<string, string>[];

const messages = (schema: z.ZodType, input: unknown) => {
  const r = schema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.message);
};

describe('zohoCsv helpers', () => {
  it('boolean', () => {
    const s = zohoCsv.boolean();
    expect([s.parse('true'), s.parse('false'), s.parse('TRUE'), s.parse('')]).toEqual([
      true,
      false,
      true,
      null,
    ]);
    expect(messages(s, 'yes')).toEqual(['expected true or false, got "yes"']);
    expect(messages(s, undefined)).toHaveLength(1);
  });

  it('number and integer', () => {
    const n = zohoCsv.number();
    expect([n.parse('1.000000000'), n.parse('-3'), n.parse('.5'), n.parse('1e3'), n.parse('')]).toEqual([
      1,
      -3,
      0.5,
      1000,
      null,
    ]);
    expect(messages(n, '1,234.5')).toEqual(['expected a number, got "1,234.5"']);
    expect(messages(n, 'NaN')).toEqual(['expected a number, got "NaN"']);
    const i = zohoCsv.integer();
    expect([i.parse('42'), i.parse('-7'), i.parse('10.00'), i.parse('')]).toEqual([42, -7, 10, null]);
    expect(messages(i, '1.5')).toEqual(['expected a whole number, got "1.5"']);
    expect(messages(i, '573545000001101004')).toEqual([
      '"573545000001101004" exceeds 2^53; use zohoCsv.bigint() or id()',
    ]);
    const b = zohoCsv.bigint();
    expect([b.parse('573545000001101004'), b.parse('')]).toEqual([573545000001101004n, null]);
    expect(messages(b, '1.0')).toEqual(['expected a whole number, got "1.0"']);
  });

  it('date → Date at UTC midnight; datetime with offset → Date', () => {
    const d = zohoCsv.date();
    expect(d.parse('2019-03-04')).toEqual(new Date(Date.UTC(2019, 2, 4)));
    expect(d.parse('')).toBeNull();
    expect(messages(d, '03/03/2019')).toEqual(['expected a date yyyy-MM-dd, got "03/03/2019"']);
    expect(messages(d, '2021-02-30')).toEqual(['"2021-02-30" is not a calendar date']);
    const t = zohoCsv.datetime();
    expect(t.parse('2021-08-18T09:00:57-07:00')).toEqual(new Date(Date.UTC(2021, 7, 18, 16, 0, 57)));
    expect(t.parse('2021-08-18T09:00:57Z')?.toISOString()).toBe('2021-08-18T09:00:57.000Z');
    expect(t.parse('')).toBeNull();
    expect(messages(t, '2021-08-18 09:00:57')).toEqual([
      'expected an ISO datetime with offset, got "2021-08-18 09:00:57"',
    ]);
    expect(messages(t, '2021-13-45T99:00:00+00:00')).toHaveLength(1);
  });

  it('multiSelect, string, id, nullable', () => {
    const m = zohoCsv.multiSelect();
    expect(m.parse('Website Design & Development;Graphic Design & Print')).toEqual([
      'Website Design & Development',
      'Graphic Design & Print',
    ]);
    expect(m.parse('')).toEqual([]);
    expect(zohoCsv.string().parse('')).toBeNull();
    expect(zohoCsv.string().parse(' a ')).toBe(' a ');
    expect(zohoCsv.id().parse('573545000028621055')).toBe('573545000028621055');
    expect(zohoCsv.id().parse('')).toBeNull();
    expect(messages(zohoCsv.id(), '57354500002862105512')).toEqual([
      'expected a record id (digits), got "57354500002862105512"',
    ]);
    const status = zohoCsv.nullable(z.enum(['Contacted', 'Not Contacted']));
    expect(status.parse('')).toBeNull();
    expect(status.parse('Contacted')).toBe('Contacted');
    expect(status.safeParse('Other').success).toBe(false);
  });

  it('produces the output types one expects', () => {
    const schema = z.object({
      Id: zohoCsv.id(),
      Opt: zohoCsv.boolean(),
      Tags: zohoCsv.multiSelect(),
      At: zohoCsv.datetime(),
    });
    expectTypeOf<z.output<typeof schema>>().toEqualTypeOf<{
      Id: string | null;
      Opt: boolean | null;
      Tags: string[];
      At: Date | null;
    }>();
  });
});

describe('fixture rows (real Zoho CSV)', () => {
  it('Leads parse with a typed schema', () => {
    const Lead = z.object({
      Id: zohoCsv.id(),
      Owner: zohoCsv.id(),
      Email_Opt_Out: zohoCsv.boolean(),
      $converted: zohoCsv.boolean(),
      Created_Time: zohoCsv.datetime(),
      Exchange_Rate: zohoCsv.number(),
      Annual_Revenue: zohoCsv.number(),
      Score: zohoCsv.integer(),
      No_of_Employees: zohoCsv.integer(),
      Lead_Status: zohoCsv.string(),
      Industry: zohoCsv.string(),
    });
    const rows = fixture('bulk_read_result_leads_114cols_redacted.csv');
    const leads = rows.map((row, i) =>
      parseRecord(Lead, row, { rowNumber: i + 1, jobId: '573545000054022001' }),
    );
    expect(leads).toHaveLength(rows.length);
    expect(leads[0]).toEqual({
      Id: '573545000028621055',
      Owner: '573545000001101004',
      Email_Opt_Out: false,
      $converted: false,
      Created_Time: new Date('2021-08-18T16:00:57Z'),
      Exchange_Rate: 1,
      Annual_Revenue: null,
      Score: 10,
      No_of_Employees: null,
      Lead_Status: 'Lost Lead',
      Industry: null,
    });
  });

  it('Contacts parse, multi-selects and dates included', () => {
    const Contact = z.object({
      Id: zohoCsv.id(),
      Account_Name: zohoCsv.id(),
      Service_Interested_In: zohoCsv.multiSelect(),
      Date_of_Lead: zohoCsv.date(),
      Deal_Size: zohoCsv.number(),
      Inactive: zohoCsv.boolean(),
      Modified_Time: zohoCsv.datetime(),
    });
    const rows = fixture('bulk_read_result_contacts_193cols_redacted.csv');
    const contacts = rows.map((row, i) => parseRecord(Contact, row, { rowNumber: i + 1 }));
    expect(contacts[0]!.Service_Interested_In).toEqual([
      'Website Design & Development',
      'Graphic Design & Print',
    ]);
    expect(contacts[1]!.Deal_Size).toBe(5000);
    expect(contacts.filter((c) => c.Date_of_Lead !== null).map((c) => c.Date_of_Lead!.toISOString())).toEqual(
      ['2019-03-04T00:00:00.000Z'],
    );
    expect(contacts.some((c) => c.Inactive === true)).toBe(true);
    expect(contacts[0]!.Modified_Time).toEqual(new Date('2019-05-08T17:59:20Z'));
  });

  it('a mismatching column throws ResponseValidationError naming row, column and job', () => {
    const rows = fixture('bulk_read_result_contacts_193cols_redacted.csv');
    const Wrong = z.object({ Id: zohoCsv.id(), Conversion_Date: zohoCsv.date(), Phone: zohoCsv.integer() });
    const row = rows.find((r) => r.Conversion_Date !== '')!;
    let error: unknown;
    try {
      parseRecord(Wrong, row, { rowNumber: 4, jobId: '573545000054017003' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ResponseValidationError);
    const e = error as ResponseValidationError;
    expect(e.message).toBe(
      `Record 4 of job 573545000054017003 does not match the schema, column Conversion_Date: expected a date yyyy-MM-dd, got "${row.Conversion_Date}" (and 1 more issue)`,
    );
    expect(e.issues.map((i) => i.path)).toEqual([['Conversion_Date'], ['Phone']]);
    expect(e.endpoint).toBe('bulkRead.records');
    expect(e.value).toBe(row);
  });

  it('names dotted columns in bracket form', () => {
    const s = z.object({ 'Account_Name.Account_Name': zohoCsv.id() });
    expect(() =>
      parseRecord(s, { 'Account_Name.Account_Name': 'Zylker' }, { rowNumber: 1, endpoint: 'x' }),
    ).toThrow(
      'Record 1 does not match the schema, column ["Account_Name.Account_Name"]: expected a record id (digits), got "Zylker"',
    );
  });
});
