/** Compile-time checks of the public Bulk Read API. */
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { CallbackHub } from '../../src/callbacks/callback-hub.js';
import type { CallbackEvent } from '../../src/callbacks/callback-payload.js';
import type { BulkClient } from '../../src/client.js';
import type { BulkRead, BulkReadRecord } from '../../src/resources/bulk-read.js';
import type { ExportProgressEvent } from '../../src/resources/bulk-read-options.js';
import type { BulkReadJob, BulkReadState, ExportCheckpoint } from '../../src/schemas/bulk-read.js';
import { zohoCsv } from '../../src/schemas/coerce.js';
import { where } from '../../src/schemas/criteria-builder.js';

declare const client: BulkClient & { bulkRead: BulkRead };

describe('bulkRead types', () => {
  it('create / get / waitFor return a BulkReadJob with a string id and an open state union', () => {
    expectTypeOf(client.bulkRead.create({ query: { module: 'Contacts' } })).toEqualTypeOf<
      Promise<BulkReadJob>
    >();
    expectTypeOf(client.bulkRead.get('1')).toEqualTypeOf<Promise<BulkReadJob>>();
    expectTypeOf(client.bulkRead.waitFor('1', { interval: 1000 })).toEqualTypeOf<Promise<BulkReadJob>>();
    expectTypeOf<BulkReadJob['id']>().toEqualTypeOf<string>();
    expectTypeOf<'IN PROGRESS'>().toExtend<BulkReadState>();
    expectTypeOf<'SOMETHING NEW'>().toExtend<BulkReadState>();
    expectTypeOf<BulkReadJob['result']>().toEqualTypeOf<BulkReadJob['result'] | undefined>();
    // @ts-expect-error job ids are strings
    void client.bulkRead.get(1);
  });

  it('create accepts module as a string or { api_name } and builder criteria', () => {
    void client.bulkRead.create({
      query: { module: { api_name: 'Leads' }, criteria: where('Email').isNotEmpty(), fields: ['Email'] },
      callback: { url: 'https://hooks.example.com', method: 'post' },
      file_type: 'csv',
    });
    const bad = { api_name: 'x', comparator: 'like', value: 1 } as const;
    // @ts-expect-error comparator must be one of Zoho's
    void client.bulkRead.create({ query: { module: 'Leads', criteria: bad } });
  });

  it('records yields Record<string, string>; with a schema, the schema’s output', () => {
    expectTypeOf(client.bulkRead.records('1')).toEqualTypeOf<
      AsyncGenerator<Record<string, string>, void, undefined>
    >();
    expectTypeOf(client.bulkRead.records('1')).toExtend<AsyncIterable<BulkReadRecord>>();
    const schema = z.object({ Id: zohoCsv.id(), Amount: zohoCsv.number(), Closed: zohoCsv.boolean() });
    expectTypeOf(client.bulkRead.records('1', { schema })).toEqualTypeOf<
      AsyncGenerator<{ Id: string | null; Amount: number | null; Closed: boolean | null }, void, undefined>
    >();
  });

  it('export yields records (or the schema’s output); options are typed', () => {
    expectTypeOf(client.bulkRead.export({ module: 'Contacts' })).toEqualTypeOf<
      AsyncGenerator<Record<string, string>, void, undefined>
    >();
    const schema = z.object({ Id: z.string() });
    expectTypeOf(client.bulkRead.export({ module: 'Contacts' }, { schema })).toEqualTypeOf<
      AsyncGenerator<{ Id: string }, void, undefined>
    >();
    void client.bulkRead.export(
      { module: 'Contacts', fields: ['Email'] as const },
      {
        onProgress: (event) => {
          expectTypeOf(event).toEqualTypeOf<ExportProgressEvent>();
          if (event.type === 'records') expectTypeOf(event.totalRecords).toEqualTypeOf<number>();
        },
        onCheckpoint: (checkpoint) => {
          expectTypeOf(checkpoint).toEqualTypeOf<ExportCheckpoint>();
          expectTypeOf(checkpoint.version).toEqualTypeOf<1>();
        },
        checkpointEvery: 5000,
        poll: { interval: 200 },
        callback: { url: 'https://hooks.example.com/zoho', hub: new CallbackHub() },
      },
    );
    // @ts-expect-error the export walks pages itself
    void client.bulkRead.export({ module: 'Contacts', page: 2 });
  });

  it('CallbackHub', () => {
    const hub = new CallbackHub({ secret: 'x'.repeat(32) });
    expectTypeOf(hub.waitFor('1')).toEqualTypeOf<Promise<CallbackEvent>>();
    expectTypeOf(hub.deliver({})).toEqualTypeOf<CallbackEvent>();
    expectTypeOf<CallbackEvent['state']>().toEqualTypeOf<BulkReadState>();
  });
});
