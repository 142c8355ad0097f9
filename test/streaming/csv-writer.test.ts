import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RequestValidationError } from '../../src/core/errors.js';
import {
  CsvWriter,
  formatCsvValue,
  formatDate,
  formatNumber,
  toCsv,
} from '../../src/streaming/csv-writer.js';

describe('formatCsvValue', () => {
  it('writes scalars the way Zoho reads them', () => {
    expect(formatCsvValue('a, "b"')).toBe('a, "b"');
    expect(formatCsvValue(123.45)).toBe('123.45');
    expect(formatCsvValue(-0)).toBe('0');
    expect(formatCsvValue(1e21)).toBe('1000000000000000000000');
    expect(formatCsvValue(1.5e-7)).toBe('0.00000015');
    expect(formatCsvValue(-2.5e-8)).toBe('-0.000000025');
    expect(formatCsvValue(1.2345e22)).toBe('12345000000000000000000');
    expect(formatCsvValue(4876876000000087501n)).toBe('4876876000000087501');
    expect(formatCsvValue(true)).toBe('true');
    expect(formatCsvValue(false)).toBe('false');
    expect(formatCsvValue(null)).toBe('');
    expect(formatCsvValue(undefined)).toBe('');
  });

  it('joins multi-selects with ; and writes lookups as their id', () => {
    expect(formatCsvValue(['Analytics', 'Bigdata'])).toBe('Analytics;Bigdata');
    expect(formatCsvValue([])).toBe('');
    expect(formatCsvValue({ id: '4876876000000327001', name: 'Patricia' })).toBe('4876876000000327001');
    expect(formatCsvValue({ id: 42n })).toBe('42');
  });

  it('writes Dates per declared format, in UTC, ISO datetime by default', () => {
    const d = new Date(Date.UTC(2024, 6, 1, 9, 5, 7, 123));
    expect(formatCsvValue(d)).toBe('2024-07-01T09:05:07+00:00');
    expect(formatCsvValue(d, { dateFormat: 'yyyy-MM-dd' })).toBe('2024-07-01');
    expect(formatCsvValue(d, { dateFormat: 'MM/dd/yyyy' })).toBe('07/01/2024');
    expect(formatCsvValue(d, { dateFormat: 'MM/dd/yyyy HH:mm:ss' })).toBe('07/01/2024 09:05:07');
    const early = new Date(0);
    early.setUTCFullYear(33, 0, 2);
    expect(formatDate(early, 'yyyy-MM-dd')).toBe('0033-01-02');
    expect(formatCsvValue([d, d], { dateFormat: 'yyyy-MM-dd' })).toBe('2024-07-01;2024-07-01');
  });

  it('fast paths agree with the general pattern formatter (property)', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date(Date.UTC(-5000, 0, 1)),
          max: new Date(Date.UTC(12000, 0, 1)),
          noInvalidDate: true,
        }),
        (d) => {
          expect(formatDate(d)).toBe(formatDate(d, "yyyy-MM-dd'T'HH:mm:ss'+00:00'"));
          expect(formatDate(d, 'yyyy-MM-dd')).toBe(formatDate(d, "yyyy'-'MM'-'dd"));
        },
      ),
      { numRuns: 500 },
    );
    expect(formatDate(new Date(Date.UTC(2024, 1, 3, 4, 5, 6)), "dd.MM.yyyy 'at' HH:mm")).toBe(
      '03.02.2024 at 04:05',
    );
  });

  it.each([
    [Number.NaN, 'NaN has no CSV form'],
    [Number.POSITIVE_INFINITY, 'Infinity has no CSV form'],
    [new Date('nope'), 'Invalid Date'],
    [{ name: 'x' }, 'an object without an id has no CSV form (give a string, or a lookup { id })'],
    [() => 1, 'a function has no CSV form'],
    [Symbol('s'), 'a symbol has no CSV form'],
    [['a', Number.NaN], 'NaN has no CSV form'],
  ])('refuses %s', (value, message) => {
    let error: unknown;
    try {
      formatCsvValue(value);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as RequestValidationError).issues).toEqual([{ code: 'invalid_type', path: [], message }]);
  });

  it('formatNumber gives a plain decimal that reads back to the same double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        const s = formatNumber(n);
        expect(s).toMatch(/^-?\d+(\.\d+)?$/);
        expect(Number(s)).toBe(Object.is(n, -0) ? 0 : n);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('CsvWriter', () => {
  it('takes the header from the first record, writes CRLF, leaves missing keys empty', () => {
    const w = new CsvWriter();
    const a = w.row({ Last_Name: 'Boyle', Company: 'Zylker', Email: 'p@z.com' }, 0);
    const b = w.row({ Last_Name: 'Kennedy', Email: undefined }, 1);
    expect(w.header()).toBe('Last_Name,Company,Email\r\n');
    expect(a).toBe('Boyle,Zylker,p@z.com\r\n');
    expect(b).toBe('Kennedy,,\r\n');
  });

  it('quotes commas, quotes, CR, LF and leading/trailing whitespace only', () => {
    const w = new CsvWriter({ columns: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] });
    expect(
      w.row({ a: 'x,y', b: 'say "hi"', c: 'l1\nl2', d: 'r\r', e: ' lead', f: 'trail\t', g: "it's" }),
    ).toBe('"x,y","say ""hi""","l1\nl2","r\r"," lead","trail\t",it\'s\r\n');
  });

  it('quotes a lone empty cell so the line is not blank', () => {
    const w = new CsvWriter({ columns: ['Only'] });
    expect(w.row({ Only: '' })).toBe('""\r\n');
    expect(w.row({ Only: 'x' })).toBe('x\r\n');
  });

  it('applies dateFormats per column', () => {
    const d = new Date(Date.UTC(1990, 11, 31, 23, 59, 58));
    const w = new CsvWriter({ dateFormats: { Date_of_Birth: 'yyyy-MM-dd' } });
    expect(w.row({ Date_of_Birth: d, Last_Login: d })).toBe('1990-12-31,1990-12-31T23:59:58+00:00\r\n');
  });

  it('refuses a later record with a key that is not a column, naming index and key', () => {
    const w = new CsvWriter();
    w.row({ a: 1 }, 0);
    let error: unknown;
    try {
      w.row({ a: 2, b: 3 }, 7);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as RequestValidationError).message).toContain('Record 7 has key "b"');
    expect((error as RequestValidationError).issues).toEqual([
      { code: 'unrecognized_keys', path: [7, 'b'], message: 'unknown column "b"' },
    ]);
  });

  it('names record and column of a value without CSV form', () => {
    const w = new CsvWriter({ columns: ['x'] });
    expect(() => w.row({ x: Number.NaN }, 3)).toThrow('Record 3, column "x": NaN has no CSV form');
  });

  it('refuses empty or repeated column names, and a header before columns are known', () => {
    expect(() => new CsvWriter({ columns: ['a', 'b', 'a'] })).toThrow('Column 2 is empty or repeated: "a"');
    expect(() => new CsvWriter({ columns: ['a', ''] })).toThrow('Column 1 is empty or repeated: ""');
    expect(() => new CsvWriter().header()).toThrow(RequestValidationError);
  });

  it('toCsv writes header and rows; empty input gives empty text', () => {
    expect(toCsv([{ a: 1, b: [1, 2] }, { a: 2 }])).toBe('a,b\r\n1,1;2\r\n2,\r\n');
    expect(toCsv([])).toBe('');
  });
});

/** Cell text that stresses quoting: quotes, separators, CR, LF, CRLF, spaces, non-ASCII, emoji. */
const nastyText = fc.oneof(
  fc.string({
    unit: fc.constantFrom(
      '"',
      ',',
      '\r',
      '\n',
      '\r\n',
      ' ',
      '\t',
      "'",
      ';',
      'a',
      'Z',
      '0',
      'é',
      'ß',
      '中',
      '😀',
      '👩‍💻',
    ),
    maxLength: 12,
  }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

describe('CSV round trip (property)', () => {
  it('any records of strings come back unchanged through csv-parse', () => {
    const columnsArb = fc.uniqueArray(
      nastyText.filter((s) => s !== '' && s !== '__proto__'),
      { minLength: 1, maxLength: 6 },
    );
    const caseArb = columnsArb.chain((columns) =>
      fc.tuple(
        fc.constant(columns),
        fc.array(fc.array(nastyText, { minLength: columns.length, maxLength: columns.length }), {
          minLength: 1,
          maxLength: 8,
        }),
      ),
    );
    fc.assert(
      fc.property(caseArb, ([columns, rows]) => {
        const records = rows.map((values) => Object.fromEntries(columns.map((c, i) => [c, values[i]])));
        const text = toCsv(records, { columns });
        expect(text.endsWith('\r\n')).toBe(true);
        const parsed = parse(text, { relax_quotes: false }) as string[][];
        expect(parsed).toEqual([columns, ...rows]);
      }),
      { numRuns: 1500 },
    );
  });
});
