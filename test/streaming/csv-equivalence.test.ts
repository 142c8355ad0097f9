/**
 * The CSV decoder against csv-parse, property by property: for generated CSV (well-formed in
 * Zoho's dialect and others, malformed, and arbitrary bytes), cut into chunks anywhere — between
 * CR and LF, between the two quotes of `""`, inside a multi-byte character — the records, the
 * records before an error, and the error's line and record are csv-parse's, with and without
 * `skip` and `columns`.
 */
import { type CsvError, parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DownloadError } from '../../src/core/errors.js';
import { CsvRecordDecoder } from '../../src/streaming/csv-records.js';
import { splitAt } from './helpers.js';

const JOB = '111000000000000042';
const PREFIX = `Result file of job ${JOB} is not valid CSV `;

interface Outcome {
  records: Record<string, string>[];
  header?: readonly string[];
  /** `at line L (record R): reason`, as in the DownloadError message. */
  error?: string;
}

interface Options {
  skip?: number;
  columns?: readonly string[];
}

const reasons: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted value is not closed',
  CSV_INVALID_CLOSING_QUOTE: 'a closing quote is followed by other characters',
  INVALID_OPENING_QUOTE: 'a quote appears inside an unquoted value',
};

/** csv-parse with the options the read path used before, records collected up to an error. */
function csvParse(bytes: Uint8Array, o: Options = {}): Outcome {
  const outcome: Outcome = { records: [] };
  try {
    parse(Buffer.from(bytes), {
      bom: true,
      columns:
        o.columns === undefined
          ? (header: string[]) => {
              outcome.header = header;
              return header;
            }
          : [...o.columns],
      record_delimiter: ['\r\n', '\n'],
      relax_column_count: false,
      skip_empty_lines: true,
      from: (o.skip ?? 0) + 1,
      on_record: (record: Record<string, string>) => {
        outcome.records.push(record);
        return record;
      },
    });
  } catch (e) {
    const error = e as CsvError & { lines: number; records: number; record?: unknown[] };
    const reason =
      error.code === 'CSV_RECORD_INCONSISTENT_COLUMNS'
        ? `expected ${(error.columns as unknown[]).length} columns, got ${(error.record as unknown[]).length}`
        : (reasons[error.code] ?? error.code);
    outcome.error = `at line ${error.lines} (record ${error.records + 1}): ${reason}`;
  }
  return outcome;
}

/** Our decoder over `chunks`. */
function decode(chunks: readonly Uint8Array[], o: Options = {}): Outcome {
  const outcome: Outcome = { records: [] };
  const decoder = new CsvRecordDecoder({
    jobId: JOB,
    ...o,
    ...(o.columns === undefined ? { onHeader: (h) => (outcome.header = h) } : {}),
  });
  try {
    for (const chunk of chunks) outcome.records.push(...decoder.write(chunk));
    outcome.records.push(...decoder.end());
    decoder.end();
  } catch (error) {
    expect(error).toBeInstanceOf(DownloadError);
    const message = (error as Error).message;
    expect(message.startsWith(PREFIX)).toBe(true);
    outcome.error = message.slice(PREFIX.length);
  }
  return outcome;
}

/**
 * Cut positions: `picks` choose among the places most likely to break a decoder (between CR and
 * LF, between two quotes, before a comma, inside a UTF-8 character), `random` anywhere.
 */
function cuts(bytes: Uint8Array, picks: readonly number[], random: readonly number[]): number[] {
  const risky: number[] = [];
  for (let p = 1; p < bytes.length; p++) {
    const [a, b] = [bytes[p - 1]!, bytes[p]!];
    if ((a === 13 && b === 10) || (a === 34 && b === 34) || b === 44 || (b & 0xc0) === 0x80) risky.push(p);
  }
  const chosen = risky.length === 0 ? [] : picks.map((i) => risky[i % risky.length]!);
  return [...chosen, ...random.map((r) => r % (bytes.length + 1))];
}

const chunking = {
  picks: fc.array(fc.nat(), { maxLength: 12 }),
  random: fc.array(fc.nat(), { maxLength: 6 }),
};

/** Decodes whole, byte by byte and in the given chunks; all three must equal csv-parse. */
function expectSame(bytes: Uint8Array, picks: number[], random: number[], o: Options = {}): Outcome {
  const expected = csvParse(bytes, o);
  expect(decode([bytes], o)).toEqual(expected);
  expect(decode(splitAt(bytes, cuts(bytes, picks, random)), o)).toEqual(expected);
  const bytewise = Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
  expect(decode(bytewise, o)).toEqual(expected);
  return expected;
}

// ---------------------------------------------------------------------------------------------
// Generators

/** Cell text: quotes, commas, CR, LF, CRLF, apostrophes, spaces, 2-, 3- and 4-byte characters. */
const cellText = fc.string({
  unit: fc.constantFrom('a', 'Z', '7', ' ', ',', '"', "'", '\r', '\n', '\r\n', 'é', '日', '😀', ';', '-'),
  maxLength: 8,
});
/** Column names, sometimes repeated, empty, numeric or `__proto__`. */
const columnName = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('Id', 'Last_Name', 'Email', 'Tag', 'Description', 'Né', '日付') },
  { weight: 1, arbitrary: fc.constantFrom('', '0', '12', '__proto__', 'constructor', 'a b', 'x,y', 'q"q') },
);

/** Zoho's rule: quote a value holding whitespace, a comma, a quote or an apostrophe. */
const zohoQuote = (v: string) => (/[\s,"']/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

interface Table {
  header: string[];
  rows: string[][];
  /** 'crlf', 'lf' or 'mixed' record ends. */
  ends: 'crlf' | 'lf' | 'mixed';
  quoting: 'zoho' | 'all' | 'needed';
  bom: boolean;
  finalEnd: boolean;
  /** Row indexes before which an empty line is inserted. */
  blanks: number[];
}

const table: fc.Arbitrary<Table> = fc.integer({ min: 1, max: 5 }).chain((width) =>
  fc.record({
    header: fc.array(columnName, { minLength: width, maxLength: width }),
    rows: fc.array(fc.array(cellText, { minLength: width, maxLength: width }), { maxLength: 6 }),
    ends: fc.constantFrom('crlf' as const, 'lf' as const, 'mixed' as const),
    quoting: fc.constantFrom('zoho' as const, 'all' as const, 'needed' as const),
    bom: fc.boolean(),
    finalEnd: fc.boolean(),
    blanks: fc.array(fc.nat({ max: 6 }), { maxLength: 2 }),
  }),
);

function quoteCell(v: string, quoting: Table['quoting']): string {
  if (quoting === 'all') return `"${v.replaceAll('"', '""')}"`;
  if (quoting === 'zoho') return zohoQuote(v);
  // Only when needed: a bare CR stays unquoted unless it would join the record's LF.
  return /[,"\n]|\r$/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

function render(t: Table): Buffer {
  const lines = [t.header, ...t.rows].map((cells) => cells.map((c) => quoteCell(c, t.quoting)).join(','));
  let text = t.bom ? '\uFEFF' : '';
  lines.forEach((line, i) => {
    const end = t.ends === 'crlf' || (t.ends === 'mixed' && i % 2 === 0) ? '\r\n' : '\n';
    if (t.blanks.includes(i) && i > 0) text += end;
    text += line;
    if (i < lines.length - 1 || t.finalEnd) text += end;
  });
  return Buffer.from(text);
}

/** Damage: a quote, comma, CR, LF or byte inserted, or a byte removed, somewhere. */
const damage = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('"', ',', '\r', '\n', 'x', '\0', 'delete'),
});

function damaged(bytes: Buffer, d: { at: number; kind: string }): Buffer {
  const at = d.at % (bytes.length + 1);
  if (d.kind === 'delete') return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)]);
  return Buffer.concat([bytes.subarray(0, at), Buffer.from(d.kind), bytes.subarray(at)]);
}

/** Arbitrary bytes from CSV's special bytes, UTF-8 pieces (valid or not) and letters. */
const someBytes = fc
  .array(
    fc.constantFrom(
      ...Buffer.from(
        '2222 2c2c 0d0a0a 616220 2700 c3a9 e697a5 f09f9880 efbbbf ff'.replaceAll(' ', ''),
        'hex',
      ),
    ),
    { maxLength: 60 },
  )
  // csv-parse reads a leading FF FE as a UTF-16 BOM and switches encoding; Zoho writes UTF-8.
  .filter((b) => !(b[0] === 0xff && b[1] === 0xfe))
  .map((b) => Buffer.from(b));

const RUNS = { numRuns: 400 };

// ---------------------------------------------------------------------------------------------

describe('csv decoder = csv-parse', () => {
  it('well-formed tables (Zoho quoting, all quoted, minimal), any chunking', () => {
    fc.assert(
      fc.property(table, chunking.picks, chunking.random, (t, picks, random) => {
        expectSame(render(t), picks, random);
      }),
      RUNS,
    );
  });

  it('damaged tables: the same records before the error, the same line and record', () => {
    let errors = 0;
    fc.assert(
      fc.property(table, damage, chunking.picks, chunking.random, (t, d, picks, random) => {
        if (expectSame(damaged(render(t), d), picks, random).error) errors++;
      }),
      RUNS,
    );
    expect(errors).toBeGreaterThan(RUNS.numRuns / 5);
  });

  it('arbitrary bytes (malformed UTF-8 too)', () => {
    fc.assert(
      fc.property(someBytes, chunking.picks, chunking.random, (bytes, picks, random) => {
        expectSame(bytes, picks, random);
      }),
      RUNS,
    );
  });

  it('skip counts records exactly (resume), errors keep their record numbers', () => {
    fc.assert(
      fc.property(
        table,
        fc.option(damage, { nil: undefined }),
        fc.nat({ max: 8 }),
        chunking.picks,
        chunking.random,
        (t, d, skip, picks, random) => {
          const bytes = d === undefined ? render(t) : damaged(render(t), d);
          const all = csvParse(bytes);
          const expected = expectSame(bytes, picks, random, { skip });
          if (all.error === undefined) expect(expected.records).toEqual(all.records.slice(skip));
        },
      ),
      RUNS,
    );
  });

  it('columns instead of a header row', () => {
    fc.assert(
      fc.property(table, fc.boolean(), chunking.picks, chunking.random, (t, short, picks, random) => {
        const columns = short ? t.header.slice(1) : t.header;
        expectSame(render({ ...t, header: t.rows[0] ?? t.header }), picks, random, { columns });
      }),
      RUNS,
    );
  });
});

describe('csv decoder: cases worth naming', () => {
  const cases: [string, string][] = [
    ['CR LF split in a quoted cell', 'a,b\r\n"x\r\ny",2\r\n'],
    ['"" at the end of a chunk', 'a\r\n"x""y"\r\n'],
    ['a bare CR in an unquoted cell', 'a,b\r\nx\ry,2\r\n'],
    ['a CR before the end of input', 'a,b\r\n1,2\r'],
    ['a closing quote then CR at the end', 'a\r\n"x"\r'],
    ['a NUL after a closing quote', 'a,b\r\n"x"\0y,2\r\n'],
    ['a quoted empty cell alone on a line', 'a\r\n""\r\n\r\n'],
    ['an unclosed quote ending in CRLF', 'a\r\n"x\r\n'],
    ['an unclosed quote ending in LF', 'a\n"x\r\ny\n'],
    ['only a BOM', '\uFEFF'],
    ['blank lines before the header', '\r\n\n\r\nId\r\n1'],
    ['too few columns at the end', 'a,b\n1,2\n3'],
    ['a record ending in a comma at the end', 'a,b\n1,'],
    ['a stray quote after text', 'a,b\r\n1,x"y\r\n'],
    ['duplicate and odd names', '__proto__,a,a,,0\r\n1,2,3,4,5\r\n'],
  ];
  for (const [label, text] of cases) {
    it(label, () => {
      const bytes = Buffer.from(text);
      for (let a = 0; a <= bytes.length; a++) {
        for (let b = a; b <= bytes.length; b++) {
          expect(decode(splitAt(bytes, [a, b]))).toEqual(csvParse(bytes));
        }
      }
    });
  }

  it('a header wider than the compiled record literal', () => {
    const width = 2500;
    const names = Array.from({ length: width }, (_, i) =>
      i === 7 ? '__proto__' : i % 500 === 3 ? 'dup' : `c${i}`,
    );
    const row = Array.from({ length: width }, (_, i) => `${i}`);
    const bytes = Buffer.from(`${names.join(',')}\r\n${row.join(',')}\r\n${row.slice(1).join(',')}\r\n`);
    const expected = csvParse(bytes);
    expect(expected.records).toHaveLength(1);
    expect(decode([bytes])).toEqual(expected);
  });

  it('records are the same where code generation from strings is disallowed', () => {
    const bytes = Buffer.from('Id,__proto__,a,a\r\n1,2,3,4\r\n');
    const real = globalThis.Function;
    globalThis.Function = function disallowed() {
      throw new EvalError('Code generation from strings disallowed for this context');
    } as unknown as FunctionConstructor;
    let got: Outcome;
    try {
      got = decode([bytes]);
    } finally {
      globalThis.Function = real;
    }
    expect(got).toEqual(csvParse(bytes));
  });

  it('a long quoted cell over many chunks is read once (no quadratic rescanning)', () => {
    const cell = 'x'.repeat(4_000_000);
    const bytes = Buffer.from(`a,b\r\n"${cell}\r\n",2\r\n`);
    const chunks = splitAt(
      bytes,
      Array.from({ length: Math.ceil(bytes.length / 1024) }, (_, i) => i * 1024),
    );
    // Rescanning the cell for each of its ~4000 chunks would take minutes: the test would time out.
    expect(decode(chunks)).toEqual({ records: [{ a: `${cell}\r\n`, b: '2' }], header: ['a', 'b'] });
  });
});
