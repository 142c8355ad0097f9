/** The fast paths of typed cells agree with the zohoCsv helpers wherever they answer. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ColumnKind } from '../../src/fields/column-kind.js';
import { fastCell, SLOW } from '../../src/fields/fast-cells.js';
import { buildRecordSchema, cellSchema } from '../../src/fields/record-schema.js';

const KINDS: ColumnKind[] = [
  'text',
  'picklist',
  'multiselect',
  'integer',
  'number',
  'percent',
  'digits',
  'id',
  'boolean',
  'date',
  'datetime',
];

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Cells shaped like Zoho's, near misses, and noise. */
const cells = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '',
    ' ',
    'true',
    'false',
    'TRUE',
    ' true',
    '0',
    '-0',
    '007',
    '+5',
    '1.50',
    '1.',
    '.5',
    '1e3',
    '5,000.00',
    '12.5%',
    '123456789012345',
    '1234567890123456',
    '9007199254740993123',
    '12345678901234567890',
    '2024-02-29',
    '2023-02-29',
    '2021-13-01',
    '2021-08-18T09:00:57-07:00',
    '2021-08-18T09:00:57Z',
    '2021-08-18T09:00:57.123+05:30',
    '2021-08-18T09:00-07:00',
    '2021-02-30T00:00:00+00:00',
    '2021-08-18T25:00:00+00:00',
    'A;B',
    'A;;B;',
    ';',
  ),
  fc.integer().map(String),
  fc.double({ noNaN: true }).map(String),
  fc
    .tuple(
      fc.integer({ min: 1, max: 9999 }),
      fc.integer({ min: 0, max: 13 }),
      fc.integer({ min: 0, max: 32 }),
    )
    .map(([y, m, d]) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`),
  fc
    .tuple(
      fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
      fc.integer({ min: -12, max: 14 }),
      fc.constantFrom(':', ''),
    )
    .map(([d, h, sep]) => {
      const offset = h === 0 && sep === '' ? 'Z' : `${h < 0 ? '-' : '+'}${pad(Math.abs(h))}:00`;
      return `${d.toISOString().slice(0, 19)}${offset}`;
    }),
);

describe('fast cell paths', () => {
  for (const json of [false, true]) {
    it(`agree with the zod helpers for every kind (json: ${json})`, () => {
      fc.assert(
        fc.property(fc.constantFrom(...KINDS), cells, (kind, text) => {
          const quick = fastCell(kind, json)(text);
          if (quick === SLOW) return;
          const slow = cellSchema(kind, { json }).safeParse(text);
          expect(slow.success, `${kind} ${JSON.stringify(text)}`).toBe(true);
          expect(quick).toEqual(slow.data);
        }),
        { numRuns: 3000 },
      );
    });
  }

  it('take the common Zoho forms (so typed exports are fast)', () => {
    const taken: [ColumnKind, string][] = [
      ['integer', '40'],
      ['number', '5000.00'],
      ['percent', '12.5'],
      ['id', '4832675000001122001'],
      ['digits', '9007199254740993123'],
      ['boolean', 'false'],
      ['date', '2025-03-31'],
      ['datetime', '2021-08-18T09:00:57-07:00'],
      ['multiselect', 'A;B'],
      ['text', 'x'],
    ];
    for (const [kind, text] of taken) expect(fastCell(kind, false)(text), kind).not.toBe(SLOW);
  });

  it('a record mixes both paths: odd but valid cells still parse, errors still name the column', () => {
    const schema = buildRecordSchema([
      { api_name: 'Score', data_type: 'integer' },
      { api_name: 'Flag', data_type: 'boolean' },
    ]);
    expect(schema.parse({ Id: ' 12 ', Score: ' +7.00 ', Flag: 'TRUE' })).toEqual({
      Id: '12',
      Score: 7,
      Flag: true,
    });
    const bad = schema.safeParse({ Score: '7', Flag: 'maybe', Other: 3 as unknown as string });
    expect(bad.error?.issues.map((i) => [i.path, i.message])).toEqual([
      [['Flag'], 'expected true or false, got "maybe"'],
      [['Other'], "expected the cell's text, got number"],
    ]);
    expect(schema.safeParse(['not', 'a', 'record']).success).toBe(false);
  });
});
