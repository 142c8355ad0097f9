/** recordSchema: every data type of API.md's "Typed values" table, from Zoho-shaped metadata over msw. */
import { describe, expect, it } from 'vitest';
import { buildRecordSchema } from '../../src/fields/record-schema.js';
import type { ZohoField } from '../../src/schemas/fields.js';
import { useMswServer } from '../client/support.js';
import { dealsFields, dealsRecord, dealsResponse, emptyDealsRecord } from './fixtures.js';
import { byModule, fieldsClient, fieldsRoute } from './support.js';

const server = useMswServer();

async function dealsSchema() {
  const route = fieldsRoute(byModule({ Deals: dealsResponse }));
  server.use(route.handler);
  return fieldsClient().fields.recordSchema('Deals');
}

const utcDay = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

describe('fields.recordSchema', () => {
  it('types each column by its field’s data_type; other columns stay text', async () => {
    const schema = await dealsSchema();
    expect(schema.parse(dealsRecord)).toEqual({
      Id: '4832675000001122001', // ids → string
      Owner: '4832675000000410001', // ownerlookup: the user id, as text
      Deal_Name: 'ExampleCo – Renewal, 2025', // text
      Amount: 5000, // currency → number
      Stage: 'Id. Decision Makers', // picklist → string
      Lead_Source: 'OnlineStore',
      Probability: 40, // integer → number
      Score: 87.25, // double → number
      Discount: 12.5, // percent → number
      Reference_Number: '9007199254740993123', // bigint → string (beyond 2^53)
      Priority: true, // boolean
      Closing_Date: utcDay(2025, 3, 31), // date → Date at UTC midnight
      Created_Time: new Date('2021-08-18T16:00:57.000Z'), // datetime → the instant
      Services: ['Analytics', 'Design & Print'], // multiselectpicklist → string[]
      Account_Name: '4832675000000987001', // lookup id → string
      'Account_Name.Account_Name': 'ExampleCo', // lookup name column → text
      Email: 'alex.example@example.com',
      Phone: '(555) 010-0123',
      Website: 'example.com',
      Description: 'Line one\r\nLine two, with "quotes"', // textarea, kept verbatim
      Tag: 'Client,New Website',
      Margin: 1250.5, // formula with return_type double → number
      Deal_Number: 'D-17', // autonumber → text
      Layout: '4832675000000095055',
      Record_Image: '0hko000000000000000000000000000000000',
      Currency: 'USD', // no field in the metadata → text
      Exchange_Rate: '1.000000000',
      $converted: 'false', // pseudo-columns → text
      Locked__s: 'false',
    });
  });

  it('an empty cell is null, a multi-select []', async () => {
    const schema = await dealsSchema();
    const parsed = schema.parse(emptyDealsRecord);
    for (const [column, value] of Object.entries(parsed)) {
      if (column === 'Id') expect(value).toBe(dealsRecord.Id);
      else if (column === 'Services') expect(value).toEqual([]);
      else expect(value, column).toBeNull();
    }
    expect(Object.keys(parsed)).toEqual(Object.keys(emptyDealsRecord));
  });

  it('columns are optional: an export of some fields parses', async () => {
    const schema = await dealsSchema();
    expect(schema.parse({ Id: '7', Amount: '12.30', Priority: 'FALSE' })).toEqual({
      Id: '7',
      Amount: 12.3,
      Priority: false,
    });
  });

  it('tolerates a trailing % on percent cells and signs on bigint cells', async () => {
    const schema = await dealsSchema();
    expect(schema.parse({ Discount: '7.5%', Reference_Number: '-42' })).toEqual({
      Discount: 7.5,
      Reference_Number: '-42',
    });
  });

  it.each([
    ['Id', 'not-an-id'],
    ['Amount', '5,000.00'],
    ['Probability', '40.5'],
    ['Probability', 'forty'],
    ['Score', 'NaN'],
    ['Discount', 'ten percent'],
    ['Reference_Number', '12e3'],
    ['Priority', 'yes'],
    ['Closing_Date', '03/31/2025'],
    ['Closing_Date', '2025-02-30'],
    ['Created_Time', '2021-08-18 09:00:57'],
    ['Margin', 'n/a'],
  ])('refuses %s = %j, naming the column', async (column, text) => {
    const schema = await dealsSchema();
    const result = schema.safeParse({ ...dealsRecord, [column]: text });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path)).toEqual([[column]]);
  });

  it('json: true keeps dates and datetimes as their ISO text (numbers, booleans, lists still typed)', async () => {
    const route = fieldsRoute(byModule({ Deals: dealsResponse }));
    server.use(route.handler);
    const client = fieldsClient();
    const schema = await client.fields.recordSchema('Deals', { json: true });
    expect(schema.parse(dealsRecord)).toMatchObject({
      Closing_Date: '2025-03-31',
      Created_Time: '2021-08-18T09:00:57-07:00',
      Amount: 5000,
      Priority: true,
      Services: ['Analytics', 'Design & Print'],
    });
    expect(schema.parse({ Closing_Date: '', Created_Time: '' })).toEqual({
      Closing_Date: null,
      Created_Time: null,
    });
    const bad = schema.safeParse({ Closing_Date: '2025-02-30' });
    expect(bad.error?.issues[0]?.path).toEqual(['Closing_Date']);
    // Both variants come from one cached read.
    expect(await client.fields.recordSchema('Deals')).not.toBe(schema);
    expect(await client.fields.recordSchema('Deals', { json: true })).toBe(schema);
    expect(route.seen).toHaveLength(1);
  });
});

describe('buildRecordSchema: computed and unusual fields', () => {
  const field = (api_name: string, data_type: string, extra: Partial<ZohoField> = {}): ZohoField => ({
    api_name,
    data_type,
    ...extra,
  });

  it('formula and rollup fields follow their return type (or json_type); unknown types are text', () => {
    const schema = buildRecordSchema([
      field('F_Bool', 'formula', { formula: { return_type: 'boolean' } }),
      field('F_Date', 'formula', { formula: { return_type: 'date' } }),
      field('F_Currency', 'formula', { formula: { return_type: 'currency' } }),
      field('F_Text', 'formula', { formula: { return_type: 'string' } }),
      field('F_Json', 'formula', { formula: {}, json_type: 'integer' }),
      field('R_Count', 'rollup_summary', { rollup_summary: { return_type: 'integer' } }),
      field('Hologram', 'hologram', { json_type: 'double' }),
    ]);
    expect(
      schema.parse({
        F_Bool: 'true',
        F_Date: '2024-02-29',
        F_Currency: '10.50',
        F_Text: '00123',
        F_Json: '3',
        R_Count: '12',
        Hologram: '1.5',
      }),
    ).toEqual({
      F_Bool: true,
      F_Date: utcDay(2024, 2, 29),
      F_Currency: 10.5,
      F_Text: '00123',
      F_Json: 3,
      R_Count: 12,
      Hologram: '1.5',
    });
  });

  it('the v4+ `id` field reads the `Id` column; fields without a CSV column add nothing', () => {
    const types = dealsFields.filter((f) =>
      ['subform', 'multiselectlookup', 'fileupload'].includes(f.data_type),
    );
    expect(types).toHaveLength(3);
    const schema = buildRecordSchema(dealsFields as ZohoField[]);
    // Such a column, should one appear, is kept as text like any unknown column.
    expect(schema.parse({ Id: '1', Line_Items: 'x', Products: '' })).toEqual({
      Id: '1',
      Line_Items: 'x',
      Products: null,
    });
    expect(schema.safeParse({ Id: 'x1' }).success).toBe(false);
  });
});
