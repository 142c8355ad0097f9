/** The public bulk-write types are derived from the zod schemas (no hand-written shadows). */
import { describe, expectTypeOf, it } from 'vitest';
import type { BulkWriteImportError } from '../../src/import/import-error.js';
import type { BulkWriteImportOptions, BulkWriteImportParams } from '../../src/import/import-params.js';
import type {
  BulkWriteCreated,
  BulkWriteFileCounts,
  BulkWriteJob,
  BulkWriteJobResource,
  BulkWriteStatus,
  UploadedFile,
} from '../../src/schemas/bulk-write.js';
import type { BulkWriteCreateBody, BulkWriteFieldMapping } from '../../src/schemas/bulk-write-body.js';

describe('bulk-write types', () => {
  it('jobs and answers: ids are strings, status an open union, nullable keys optional', () => {
    expectTypeOf<BulkWriteJob['id']>().toEqualTypeOf<string>();
    expectTypeOf<BulkWriteJob['status']>().toEqualTypeOf<BulkWriteStatus>();
    expectTypeOf<'IN PROGRESS'>().toExtend<BulkWriteStatus>();
    expectTypeOf<NonNullable<BulkWriteJob['result']>['download_url']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<BulkWriteJobResource['file']>().toEqualTypeOf<BulkWriteFileCounts | undefined>();
    expectTypeOf<BulkWriteFileCounts['added_count']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<BulkWriteJobResource['status']>().toEqualTypeOf<BulkWriteStatus | undefined>();
    expectTypeOf<BulkWriteFileCounts['status']>().toEqualTypeOf<BulkWriteStatus | undefined>();
    expectTypeOf<BulkWriteJob['operation']>().toEqualTypeOf<
      'insert' | 'update' | 'upsert' | (string & {}) | undefined
    >();
    expectTypeOf<BulkWriteJobResource['ignore_empty']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<BulkWriteCreated['id']>().toEqualTypeOf<string>();
    expectTypeOf<UploadedFile['file_id']>().toEqualTypeOf<string>();
    expectTypeOf<{ id: '1'; status: 'COMPLETED' }>().toExtend<BulkWriteJob>();
  });

  it('the create body takes what Zoho documents', () => {
    // Compiles: every key below is typed.
    const body: BulkWriteCreateBody = {
      operation: 'upsert',
      ignore_empty: true,
      character_encoding: 'UTF-8',
      callback: { url: 'http://hooks.example.com/zoho', method: 'post' },
      resource: [
        {
          module: 'Leads',
          file_id: '1',
          find_by: 'Email',
          ignore_empty: false,
          field_mappings: [
            { api_name: 'Owner', index: 0, default_value: { name: 'Patricia', module: 'users' } },
          ],
        },
      ],
    };
    expectTypeOf(body.resource[0]!.ignore_empty).toEqualTypeOf<boolean | undefined>();
    expectTypeOf<{ api_name: 'Layout'; default_value: { value: '1' } }>().toExtend<BulkWriteFieldMapping>();
    expectTypeOf<BulkWriteCreateBody['operation']>().toEqualTypeOf<'insert' | 'update' | 'upsert'>();
    expectTypeOf<{ url: string; method: 'get' }>().not.toExtend<
      NonNullable<BulkWriteCreateBody['callback']>
    >();
  });

  it('import: characterEncoding, callback; the error keeps its cause', () => {
    expectTypeOf<BulkWriteImportParams['characterEncoding']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<NonNullable<BulkWriteImportOptions['callback']>['url']>().toEqualTypeOf<string>();
    expectTypeOf<BulkWriteImportError['cause']>().toEqualTypeOf<unknown>();
    expectTypeOf<BulkWriteImportError['chunk']['firstIndex']>().toEqualTypeOf<number>();
  });
});
