import { randomBytes } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { RequestValidationError } from '../../src/core/errors.js';
import { chunkRecords, type UploadChunk } from '../../src/import/split-into-files.js';
import { isZip, zipCsvText } from '../../src/streaming/zip-writer.js';
import { readZip, unzipTest } from '../streaming/upload-zip-reader.js';

async function collect(it: AsyncIterable<UploadChunk>): Promise<UploadChunk[]> {
  const out: UploadChunk[] = [];
  for await (const c of it) out.push(c);
  return out;
}

function csvOf(chunk: UploadChunk): string[][] {
  const entries = readZip(chunk.zip);
  expect(entries.map((e) => e.name)).toEqual([chunk.fileName]);
  const text = entries[0]!.data.toString('utf8');
  expect(Buffer.byteLength(text)).toBe(chunk.csvBytes);
  return parse(text) as string[][];
}

async function rejection(p: Promise<unknown>): Promise<RequestValidationError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(RequestValidationError);
  return e as RequestValidationError;
}

describe('chunkRecords', () => {
  it('splits 60,000 records into 25,000 / 25,000 / 10,000 with the right indexes', async () => {
    function* records() {
      for (let i = 0; i < 60_000; i++) {
        yield {
          Last_Name: `Name ${i}`,
          Company: i % 7 === 0 ? 'Acme, Inc.' : 'Zylker',
          Score: i,
          Opt_Out: i % 2 === 0,
        };
      }
    }
    const chunks = await collect(chunkRecords(records()));
    expect(chunks.map((c) => [c.index, c.firstIndex, c.lastIndex, c.rows, c.fileName])).toEqual([
      [0, 0, 24_999, 25_000, 'records-1.csv'],
      [1, 25_000, 49_999, 25_000, 'records-2.csv'],
      [2, 50_000, 59_999, 10_000, 'records-3.csv'],
    ]);
    for (const chunk of chunks) {
      expect(chunk.columns).toEqual(['Last_Name', 'Company', 'Score', 'Opt_Out']);
      expect(isZip(chunk.zip)).toBe(true);
      const rows = csvOf(chunk);
      expect(rows[0]).toEqual(chunk.columns);
      expect(rows.length).toBe(chunk.rows + 1);
      const i = chunk.firstIndex;
      expect(rows[1]).toEqual([
        `Name ${i}`,
        i % 7 === 0 ? 'Acme, Inc.' : 'Zylker',
        String(i),
        String(i % 2 === 0),
      ]);
      const j = chunk.lastIndex;
      expect(rows.at(-1)).toEqual([
        `Name ${j}`,
        j % 7 === 0 ? 'Acme, Inc.' : 'Zylker',
        String(j),
        String(j % 2 === 0),
      ]);
    }
    const report = unzipTest(chunks[2]!.zip);
    if (report !== undefined) expect(report).toContain('No errors detected');
  });

  it('fills files up to a small maxZipBytes with incompressible text, never over it', async () => {
    const limit = 64 * 1024;
    const values: string[] = [];
    for (let i = 0; i < 3000; i++) values.push(randomBytes(60 + (i % 90)).toString('base64'));
    const records = values.map((v, i) => ({ Id: String(i), Note: v }));
    const chunks = await collect(chunkRecords(records, { maxZipBytes: limit }));
    let next = 0;
    chunks.forEach((chunk, k) => {
      expect(chunk.zip.length).toBeLessThanOrEqual(limit);
      if (k < chunks.length - 1) expect(chunk.zip.length).toBeGreaterThanOrEqual(0.8 * limit);
      expect(chunk.firstIndex).toBe(next);
      const rows = csvOf(chunk).slice(1);
      expect(rows).toEqual(records.slice(chunk.firstIndex, chunk.lastIndex + 1).map((r) => [r.Id, r.Note]));
      next = chunk.lastIndex + 1;
    });
    expect(next).toBe(records.length);
    // Minimal-ish: each full file stops within about one row (≤ 300 bytes of CSV) of the limit.
    for (const chunk of chunks.slice(0, -1)) expect(limit - chunk.zip.length).toBeLessThan(400);
  });

  it('packs compressible rows far beyond the limit in raw CSV size', async () => {
    const limit = 16 * 1024;
    const records = Array.from({ length: 20_000 }, (_, i) => ({
      Id: i % 10,
      Status: 'Qualified Lead',
      City: 'Pleasanton',
    }));
    const chunks = await collect(chunkRecords(records, { maxZipBytes: limit, maxRows: 1_000_000 }));
    for (const [k, chunk] of chunks.entries()) {
      expect(chunk.zip.length).toBeLessThanOrEqual(limit);
      if (k < chunks.length - 1) expect(chunk.zip.length).toBeGreaterThanOrEqual(0.8 * limit);
      expect(chunk.csvBytes).toBeGreaterThan(limit);
    }
    expect(chunks.reduce((n, c) => n + c.rows, 0)).toBe(20_000);
  });

  it('refuses more than 200 columns before producing anything', async () => {
    let pulled = 0;
    function* records() {
      for (let i = 0; i < 5; i++) {
        pulled += 1;
        yield Object.fromEntries(Array.from({ length: 201 }, (_, c) => [`F${c}`, 'x']));
      }
    }
    const gen = chunkRecords(records());
    const e = await rejection(gen.next());
    expect(e.message).toBe('Records have 201 columns; a Zoho bulk-write CSV takes at most 200');
    expect(e.issues).toEqual([
      { code: 'too_big', path: ['columns'], message: '201 columns, at most 200 allowed' },
    ]);
    expect(pulled).toBe(1);
    const columns = Array.from({ length: 201 }, (_, c) => `F${c}`);
    await rejection(chunkRecords([], { columns }).next());
    await rejection(chunkRecords([{}]).next());
  });

  it('names the record and key of a record with an unknown column', async () => {
    const e = await rejection(collect(chunkRecords([{ a: 1 }, { a: 2 }, { a: 3, b: 4 }])));
    expect(e.issues).toEqual([{ code: 'unrecognized_keys', path: [2, 'b'], message: 'unknown column "b"' }]);
  });

  it('refuses a record that cannot fit any file alone, keeps one that fits only when measured', async () => {
    const limit = 8 * 1024;
    const huge = await rejection(
      collect(chunkRecords([{ a: 'ok' }, { a: randomBytes(9000).toString('hex') }], { maxZipBytes: limit })),
    );
    expect(huge.issues).toEqual([
      { code: 'too_big', path: [1], message: 'record exceeds the 8192-byte zip limit' },
    ]);
    const chunks = await collect(
      chunkRecords([{ a: 'x'.repeat(50_000) }, { a: 'y' }], { maxZipBytes: limit }),
    );
    expect(chunks.map((c) => [c.firstIndex, c.lastIndex])).toEqual([[0, 1]]);
    expect(csvOf(chunks[0]!).slice(1)).toEqual([['x'.repeat(50_000)], ['y']]);
  });

  it('takes async iterables, columns, dateFormats, fileName and maxRows', async () => {
    async function* records() {
      for (let i = 0; i < 5; i++)
        yield { Date_of_Birth: new Date(Date.UTC(2000, 0, i + 1)), Name: `n${i}`, Tags: ['a', 'b'] };
    }
    const chunks = await collect(
      chunkRecords(records(), {
        columns: ['Name', 'Date_of_Birth', 'Tags'],
        dateFormats: { Date_of_Birth: 'yyyy-MM-dd' },
        fileName: (i) => `leads-${i}.csv`,
        maxRows: 2,
      }),
    );
    expect(chunks.map((c) => [c.fileName, c.rows])).toEqual([
      ['leads-0.csv', 2],
      ['leads-1.csv', 2],
      ['leads-2.csv', 1],
    ]);
    expect(csvOf(chunks[2]!)).toEqual([
      ['Name', 'Date_of_Birth', 'Tags'],
      ['n4', '2000-01-05', 'a;b'],
    ]);
  });

  it('accepts records typed by an interface (no index signature needed)', async () => {
    interface Lead {
      Last_Name: string;
      Annual_Revenue?: number;
    }
    const leads: Lead[] = [{ Last_Name: 'Boyle', Annual_Revenue: 1.5e6 }, { Last_Name: 'Kennedy' }];
    const [chunk] = await collect(chunkRecords(leads, { columns: ['Last_Name', 'Annual_Revenue'] }));
    expect(csvOf(chunk!)).toEqual([
      ['Last_Name', 'Annual_Revenue'],
      ['Boyle', '1500000'],
      ['Kennedy', ''],
    ]);
  });

  it('yields nothing for no records', async () => {
    expect(await collect(chunkRecords([]))).toEqual([]);
  });

  it('stops with the signal reason when aborted', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    function* records() {
      yield { a: 1 };
      controller.abort(reason);
      yield { a: 2 };
    }
    await expect(collect(chunkRecords(records(), { signal: controller.signal }))).rejects.toBe(reason);
  });
});

describe('zipCsvText / isZip', () => {
  it('zips CSV text or bytes as one entry', () => {
    const text = 'Last_Name,Email\r\nBoyle,"a,b"\r\n';
    for (const input of [text, new TextEncoder().encode(text)]) {
      const zip = zipCsvText(input, 'leads.csv');
      expect(isZip(zip)).toBe(true);
      const entries = readZip(zip);
      expect(entries.map((e) => [e.name, e.data.toString('utf8')])).toEqual([['leads.csv', text]]);
    }
    expect(readZip(zipCsvText('a\r\n', undefined, 0))[0]!.name).toBe('records.csv');
  });

  it('recognises zip signatures only', () => {
    expect(isZip(new Uint8Array([0x50, 0x4b, 0x05, 0x06]))).toBe(true);
    expect(isZip(new TextEncoder().encode('Id,Name'))).toBe(false);
    expect(isZip(new Uint8Array([0x50, 0x4b]))).toBe(false);
  });
});
