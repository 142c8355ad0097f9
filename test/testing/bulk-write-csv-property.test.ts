/**
 * Properties across the write path and the fake: what the SDK's upload files hold is exactly what
 * FakeZoho's upload host reads back, and the SDK's row/column counter agrees with a real parser.
 */
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkRecords } from '../../src/import/split-into-files.js';
import { CsvShapeCounter } from '../../src/resources/bulk-write-upload.js';
import { formatRowErrors, parseRowErrors } from '../../src/schemas/row-errors.js';
import { toCsv } from '../../src/streaming/csv-writer.js';
import { parseUploadedCsv, readZipEntries } from '../../src/testing/bulk-write/upload-file.js';

const column = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,12}$/);
const cell = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    'a,b',
    '"quoted"',
    'line\r\nbreak',
    'lf\nonly',
    ' lead',
    'trail ',
    ';',
    "O'Brien",
    '\u00e9\u4e2d',
  ),
);
const table = fc
  .uniqueArray(column, { minLength: 1, maxLength: 6 })
  .chain((columns) =>
    fc.tuple(
      fc.constant(columns),
      fc.array(fc.tuple(...columns.map(() => cell)), { minLength: 1, maxLength: 30 }),
    ),
  );

describe('upload files (property)', () => {
  it('records → chunkRecords zip → FakeZoho upload parse gives back every cell', async () => {
    await fc.assert(
      fc.asyncProperty(table, fc.integer({ min: 1, max: 7 }), async ([columns, rows], maxRows) => {
        const records = rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]])));
        const back: string[][] = [];
        for await (const chunk of chunkRecords(records, { maxRows })) {
          const entries = readZipEntries(chunk.zip);
          expect(entries).toHaveLength(1);
          const csv = parseUploadedCsv(entries![0]!.name, entries![0]!.data);
          expect(csv.header).toEqual(columns);
          expect(csv.rows).toHaveLength(chunk.rows);
          back.push(...csv.rows);
        }
        expect(back).toEqual(rows.map((row) => [...row]));
      }),
      { numRuns: 150 },
    );
  });

  it('the upload row/column counter agrees with csv-parse', () => {
    fc.assert(
      fc.property(table, fc.integer({ min: 1, max: 50 }), ([columns, rows], split) => {
        const text = toCsv(rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]]))));
        const bytes = new TextEncoder().encode(text);
        const counter = new CsvShapeCounter();
        for (let i = 0; i < bytes.length; i += split) counter.write(bytes.subarray(i, i + split));
        counter.end();
        const parsed = parse(text, { relax_column_count: true }) as string[][];
        expect(counter.rows).toBe(parsed.length - 1);
        expect(counter.columns).toBe(columns.length);
      }),
      { numRuns: 200 },
    );
  });

  it('the fake writes ERRORS cells that parse back to what it meant', () => {
    const code = fc.constantFrom(
      'MANDATORY_NOT_FOUND',
      'INVALID_DATA',
      'DUPLICATE_DATA',
      'RESOURCE_NOT_FOUND',
    );
    const field = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,10}$/);
    fc.assert(
      fc.property(
        fc.uniqueArray(code, { maxLength: 4 }),
        fc.array(fc.uniqueArray(field, { minLength: 1, maxLength: 3 })),
        (codes, fields) => {
          const errors = codes.map((c, i) => ({ code: c, fields: fields[i] ?? ['X'] }));
          expect(parseRowErrors(formatRowErrors(errors))).toEqual(errors);
        },
      ),
    );
  });
});
