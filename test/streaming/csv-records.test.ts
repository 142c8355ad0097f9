import { parse as parseSync } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DownloadError } from '../../src/core/errors.js';
import { CsvRecordDecoder, csvRecords } from '../../src/streaming/csv-records.js';
import {
  chunksOf,
  collect,
  contactsCsvPath,
  fromChunks,
  leadsCsvPath,
  readFixture,
  rejection,
  splitAt,
} from './helpers.js';

const JOB = '111000000000000042';
const records = (chunks: Iterable<Uint8Array>, opts: Parameters<typeof csvRecords>[1] = {}) =>
  collect(csvRecords(fromChunks(chunks), { jobId: JOB, ...opts }));

// BOM, CRLF record ends, quoted LF / CRLF / CR, "" escapes, empty values, 2-, 3- and 4-byte
// UTF-8 characters, a last record without a line break.
const tricky = Buffer.from(
  '\uFEFFId,Name,Note,Empty\r\n' +
    '1,"Zoë ""Z"" O\'Neil","line1\nline2",\r\n' +
    '2,日本語,"a\r\nb\rc",\r\n' +
    '3,😀,"x, y",\r\n' +
    '4,,"",',
);
const trickyRecords = [
  { Id: '1', Name: 'Zoë "Z" O\'Neil', Note: 'line1\nline2', Empty: '' },
  { Id: '2', Name: '日本語', Note: 'a\r\nb\rc', Empty: '' },
  { Id: '3', Name: '😀', Note: 'x, y', Empty: '' },
  { Id: '4', Name: '', Note: '', Empty: '' },
];

describe('csvRecords: decoding', () => {
  it('keys from the header, values as CSV text, exactly', async () => {
    expect(await records([tricky])).toEqual(trickyRecords);
  });

  it('the same records with the input split at every position, and byte by byte', async () => {
    for (let cut = 0; cut <= tricky.length; cut++) {
      expect(await records(splitAt(tricky, [cut]))).toEqual(trickyRecords);
    }
    expect(await records(chunksOf(tricky, 1))).toEqual(trickyRecords);
  });

  it('the same records for every pair of cut positions', async () => {
    for (let a = 1; a < tricky.length; a += 3) {
      for (let b = a + 1; b < tricky.length; b++) {
        expect(await records(splitAt(tricky, [a, b]))).toEqual(trickyRecords);
      }
    }
  });

  it('LF record ends and a trailing line break; blank lines are skipped', async () => {
    const lf = Buffer.from('Id,Name\n1,"a\nb"\n2,c\n\n');
    expect(await records([lf])).toEqual([
      { Id: '1', Name: 'a\nb' },
      { Id: '2', Name: 'c' },
    ]);
  });

  for (const [label, path] of [
    ['Contacts (193 columns)', contactsCsvPath],
    ['Leads (114 columns)', leadsCsvPath],
  ] as const) {
    it(`the real ${label} sample equals csv-parse/sync of the same bytes, in random chunkings`, async () => {
      const bytes = readFixture(path);
      const expected = parseSync(bytes, { columns: true }) as Record<string, string>[];
      expect(expected.length).toBeGreaterThan(5);
      const whole = await records([bytes]);
      expect(whole).toEqual(expected);
      expect(Object.keys(whole[0]!)[0]).toBe('Id');
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.integer({ min: 0, max: bytes.length }), { maxLength: 40 }),
          async (cuts) => {
            const got = await records(splitAt(bytes, cuts));
            expect(got.length).toBe(expected.length);
            expect(got).toEqual(expected);
          },
        ),
        { numRuns: 40 },
      );
    });
  }

  it('keeps quoted CRLF and bare LF from the real sample', async () => {
    const got = await records([readFixture(contactsCsvPath)]);
    const values = got.flatMap((r) => Object.values(r));
    expect(values.some((v) => v.includes('\r\n'))).toBe(true);
    expect(values.some((v) => /[^\r]\n/.test(v))).toBe(true);
  });
});

describe('csvRecords: options', () => {
  it('skip drops the first records (resume)', async () => {
    expect(await records([tricky], { skip: 2 })).toEqual(trickyRecords.slice(2));
    expect(await records([tricky], { skip: 4 })).toEqual([]);
    expect(await records([tricky], { skip: 9 })).toEqual([]);
    expect(() => csvRecords(fromChunks([]), { skip: -1 })).toThrow(TypeError);
  });

  it('onHeader receives the header; a header-only file has no records', async () => {
    const headers: (readonly string[])[] = [];
    expect(await records([Buffer.from('Id,Last_Name\r\n')], { onHeader: (h) => headers.push(h) })).toEqual(
      [],
    );
    expect(headers).toEqual([['Id', 'Last_Name']]);
  });

  it('columns replaces the header row', async () => {
    expect(await records([Buffer.from('1,a\r\n2,b\r\n')], { columns: ['Id', 'Name'] })).toEqual([
      { Id: '1', Name: 'a' },
      { Id: '2', Name: 'b' },
    ]);
  });

  it('an empty file has no records', async () => {
    expect(await records([])).toEqual([]);
  });
});

describe('csvRecords: malformed CSV', () => {
  it('an unclosed quote: DownloadError naming job, line and record', async () => {
    const error = await rejection(() => records([Buffer.from('Id,Name\r\n1,a\r\n2,"b\r\n')]));
    expect(error).toBeInstanceOf(DownloadError);
    expect((error as DownloadError).jobId).toBe(JOB);
    expect(error.message).toBe(
      `Result file of job ${JOB} is not valid CSV at line 4 (record 2): a quoted value is not closed`,
    );
  });

  it('a wrong column count, after the good records before it', async () => {
    const got: Record<string, string>[] = [];
    const error = await rejection(async () => {
      for await (const r of csvRecords(fromChunks([Buffer.from('Id,Name\r\n1,a\r\n2,b,c\r\n3,d\r\n')]), {
        jobId: JOB,
      })) {
        got.push(r);
      }
    });
    expect(got).toEqual([{ Id: '1', Name: 'a' }]);
    expect(error.message).toBe(
      `Result file of job ${JOB} is not valid CSV at line 3 (record 2): expected 2 columns, got 3`,
    );
    expect((error as DownloadError).isRetryable).toBe(false);
  });

  it('a character after a closing quote; cell text stays out of the message', async () => {
    const error = await rejection(() => records([Buffer.from('Id,Name\r\n1,"secret"x\r\n')]));
    expect(error.message).toBe(
      `Result file of job ${JOB} is not valid CSV at line 2 (record 1): a closing quote is followed by other characters`,
    );
    expect(error.message).not.toContain('secret');
  });

  it('the decoder keeps failing after an error', () => {
    const decoder = new CsvRecordDecoder({ jobId: JOB });
    expect(decoder.write(Buffer.from('a,b\r\n1,2\r\n1,"x"y\r\n'))).toEqual([{ a: '1', b: '2' }]);
    expect(() => decoder.write(Buffer.from('3,4\r\n'))).toThrow(DownloadError);
    expect(() => decoder.end()).toThrow(DownloadError);
  });
});

describe('csvRecords: pull-based', () => {
  it('does not read ahead of the consumer', async () => {
    const rows = ['Id,Name'];
    for (let i = 0; i < 2000; i++) rows.push(`${i},name ${i}`);
    const chunks = chunksOf(Buffer.from(rows.join('\r\n')), 1024);
    let pulled = 0;
    let released = false;
    const source = (async function* () {
      try {
        for (const chunk of chunks) {
          pulled++;
          yield chunk;
        }
      } finally {
        released = true;
      }
    })();
    const iterator = csvRecords(source, { jobId: JOB });
    expect((await iterator.next()).value).toEqual({ Id: '0', Name: 'name 0' });
    expect(pulled).toBe(1);
    for (let i = 1; i < 60; i++) await iterator.next();
    expect(pulled).toBeLessThanOrEqual(2);
    await iterator.return(undefined);
    expect(released).toBe(true);
  });
});
