/** Compile-time checks of the public field-metadata API. */
import { describe, expectTypeOf, it } from 'vitest';
import type { BulkClient } from '../../src/client.js';
import type { RecordSchema, TypedRecord, TypedValue } from '../../src/fields/record-schema.js';
import type { ZohoDataType, ZohoField } from '../../src/schemas/fields.js';

declare const client: BulkClient;

describe('fields types', () => {
  it('list → ZohoField[] with Zoho’s keys; data_type is an open union', () => {
    expectTypeOf(client.fields.list('Deals')).toEqualTypeOf<Promise<ZohoField[]>>();
    expectTypeOf(
      client.fields.list('Deals', { refresh: true, signal: AbortSignal.timeout(1) }),
    ).toEqualTypeOf<Promise<ZohoField[]>>();
    expectTypeOf<ZohoField['api_name']>().toEqualTypeOf<string>();
    expectTypeOf<'multiselectpicklist'>().toExtend<ZohoDataType>();
    expectTypeOf<'a_type_zoho_adds_later'>().toExtend<ZohoDataType>();
    expectTypeOf<ZohoField['profiles']>().toEqualTypeOf<unknown>();
    // @ts-expect-error the module is a string
    void client.fields.list({ api_name: 'Deals' });
  });

  it('recordSchema parses CSV text into typed records; export with it yields them', async () => {
    const schema = await client.fields.recordSchema('Deals', { json: false });
    expectTypeOf(schema).toEqualTypeOf<RecordSchema>();
    expectTypeOf(schema.parse({})).toEqualTypeOf<TypedRecord>();
    expectTypeOf<TypedRecord[string]>().toEqualTypeOf<TypedValue>();
    expectTypeOf<TypedValue>().toEqualTypeOf<string | number | boolean | Date | string[] | null>();
    expectTypeOf(client.bulkRead.export({ module: 'Deals' }, { schema })).toEqualTypeOf<
      AsyncGenerator<TypedRecord, void, undefined>
    >();
  });
});
