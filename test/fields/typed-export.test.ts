/**
 * Typed records end to end: BulkClient + FakeZoho over msw, with a fields route of our own served
 * in front of the fake's (so a test can make metadata and data disagree), and once with the fake's
 * own `settings/fields`. `typed: true` is `schema: await client.fields.recordSchema(module)`.
 */
import { describe, expect, it } from 'vitest';
import { RequestValidationError, ResponseValidationError } from '../../src/core/errors.js';
import { resolveTypedSchema } from '../../src/fields/typed-schema.js';
import { collect, fakeRecords, rejectionOf, setup, useMsw } from '../bulk-read/support.js';
import { contactsFields } from './fixtures.js';
import { byModule, fieldsRoute } from './support.js';

const server = useMsw();

function typedSetup(fields = contactsFields()) {
  const s = setup(server, { modules: { Contacts: { records: 120 } } });
  const route = fieldsRoute(byModule({ Contacts: { fields } }));
  server.use(route.handler);
  return { ...s, route };
}

const day = (text: string) => (text === '' ? null : new Date(`${text}T00:00:00.000Z`));
const instant = (text: string) => (text === '' ? null : new Date(text));
const num = (text: string) => (text === '' ? null : Number(text));
const str = (text: string) => (text === '' ? null : text);

describe('typed: true', () => {
  it('export() yields numbers, booleans, Dates and arrays, in the CSV header’s column order', async () => {
    const { fake, client, route } = typedSetup();
    const got = await collect(client.bulkRead.export({ module: 'Contacts' }, { typed: true }));
    const raw = fakeRecords(fake, 'Contacts');
    expect(got).toHaveLength(120);
    got.forEach((record, i) => {
      const r = raw[i]!;
      expect(Object.keys(record)).toEqual(Object.keys(r));
      expect(record).toEqual({
        ...Object.fromEntries(Object.entries(r).map(([k, v]) => [k, str(v)])),
        Id: r.Id,
        Score: num(r.Score!),
        Annual_Spend: num(r.Annual_Spend!),
        Exchange_Rate: num(r.Exchange_Rate!),
        Email_Opt_Out: r.Email_Opt_Out === '' ? null : r.Email_Opt_Out === 'true',
        Locked__s: r.Locked__s === '' ? null : r.Locked__s === 'true',
        Date_of_Birth: day(r.Date_of_Birth!),
        Created_Time: instant(r.Created_Time!),
        Modified_Time: instant(r.Modified_Time!),
        Last_Activity_Time: instant(r.Last_Activity_Time!),
        Service_Interested_In: r.Service_Interested_In === '' ? [] : r.Service_Interested_In!.split(';'),
      });
    });
    expect(typeof got[0]!.Score).toBe('number');
    expect(got.some((r) => r.Date_of_Birth instanceof Date)).toBe(true);
    expect(route.seen).toHaveLength(1);
  });

  it('records(job) and records(id) parse the same way, the fields read once', async () => {
    const { fake, client, route } = typedSetup();
    const { id } = await client.bulkRead.create({ query: { module: 'Contacts', fields: ['Score', 'Tag'] } });
    const job = await client.bulkRead.waitFor(id);
    const raw = fakeRecords(fake, 'Contacts', ['Score', 'Tag']);
    const want = raw.map((r) => ({ Id: r.Id, Score: Number(r.Score), Tag: str(r.Tag!) }));
    expect(await collect(client.bulkRead.records(job, { typed: true }))).toEqual(want);
    expect(await collect(client.bulkRead.records(id, { typed: true }))).toEqual(want);
    expect(route.seen).toHaveLength(1);
  });

  it('works from the fake’s own settings/fields, and typed with schema is refused before any job', async () => {
    const { fake, client } = setup(server, { modules: { Contacts: { records: 30 } } });
    const got = await collect(client.bulkRead.export({ module: 'Contacts' }, { typed: true }));
    expect(got).toHaveLength(30);
    expect(got.every((r) => typeof r.Score === 'number' || r.Score === null)).toBe(true);
    const schema = await client.fields.recordSchema('Contacts');
    const both = { typed: true, schema } as unknown as { typed: true };
    const error = await rejectionOf(collect(client.bulkRead.export({ module: 'Contacts' }, both)));
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(fake.jobs('bulkRead')).toHaveLength(1);
  });

  it('a cell that does not fit its type is a ResponseValidationError naming job, row and column', async () => {
    // Metadata that says Last_Name is an integer: the first record's text does not fit.
    const { fake, client } = typedSetup(contactsFields({ Last_Name: 'integer' }));
    const error = await rejectionOf(collect(client.bulkRead.export({ module: 'Contacts' }, { typed: true })));
    expect(error).toBeInstanceOf(ResponseValidationError);
    const [job] = fake.jobs('bulkRead') as unknown as { id: string }[];
    expect(error.message).toMatch(
      new RegExp(
        `^Record 1 of job ${job!.id} does not match the schema, column Last_Name: expected a whole number`,
      ),
    );
    expect((error as ResponseValidationError).issues[0]?.path).toEqual(['Last_Name']);
  });
});

describe('resolveTypedSchema (what typed: true does)', () => {
  it('typed: true → the module’s record schema, read once per client', async () => {
    const { client, route } = typedSetup();
    const schema = await resolveTypedSchema(client.fields, 'Contacts', { typed: true });
    expect(schema).toBe(await client.fields.recordSchema('Contacts'));
    expect(await resolveTypedSchema(client.fields, { api_name: 'Contacts' }, { typed: true })).toBe(schema);
    expect(route.seen).toHaveLength(1);
  });

  it('without typed, the caller’s schema (or none) passes through with no request', async () => {
    const { client, route } = typedSetup();
    const own = (await client.fields.recordSchema('Contacts')) as unknown as import('zod').ZodType;
    route.seen.length = 0;
    expect(await resolveTypedSchema(client.fields, 'Contacts', { schema: own })).toBe(own);
    expect(await resolveTypedSchema(client.fields, 'Contacts', { typed: false })).toBeUndefined();
    expect(route.seen).toHaveLength(0);
  });

  it('typed with schema, or typed without a module, is a RequestValidationError', async () => {
    const { client, route } = typedSetup();
    const own = await client.fields.recordSchema('Contacts');
    route.seen.length = 0;
    const both = await rejectionOf(
      resolveTypedSchema(client.fields, 'Contacts', { typed: true, schema: own }),
    );
    expect(both).toBeInstanceOf(RequestValidationError);
    expect(both.message).toContain('either `typed: true` or `schema`');
    const none = await rejectionOf(
      resolveTypedSchema(client.fields, { id: '1' }, { typed: true }, 'bulkRead.records'),
    );
    expect(none).toBeInstanceOf(RequestValidationError);
    expect(none.message).toMatch(/^Invalid input for bulkRead\.records: `typed: true` needs the module/);
    expect(route.seen).toHaveLength(0);
  });
});
