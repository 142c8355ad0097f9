import { randomBytes } from 'node:crypto';
import { constants, deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deflateBound, ZipWriter } from '../../src/streaming/zip-writer.js';
import { readZip, unzipTest } from './upload-zip-reader.js';

const MTIME = new Date(2024, 6, 1, 12, 0, 0);

describe('ZipWriter', () => {
  it('writes a single-entry zip that unzip and an independent reader accept', () => {
    const zip = new ZipWriter({ mtime: MTIME, segmentBytes: 1000 });
    const entry = zip.entry('leads.csv');
    const lines: string[] = ['Last_Name,Company\r\n'];
    for (let i = 0; i < 2000; i++) lines.push(`Näme ${i} 😀,"Co, ${i}"\r\n`);
    for (const l of lines) entry.write(l);
    zip.end();
    const bytes = zip.toBytes();
    const entries = readZip(bytes);
    expect(entries.map((e) => [e.name, e.method, e.flags & 0x8])).toEqual([['leads.csv', 8, 8]]);
    expect(entries[0]!.data.toString('utf8')).toBe(lines.join(''));
    const report = unzipTest(bytes);
    if (report !== undefined) expect(report).toContain('No errors detected');
    expect(zip.bytesWritten).toBe(bytes.length);
    expect(entry.uncompressedBytes).toBe(Buffer.byteLength(lines.join('')));
  });

  it('writes several entries (parent-child uploads), mixing text and bytes, non-ASCII names', () => {
    const chunks: Uint8Array[] = [];
    const zip = new ZipWriter({ mtime: MTIME, onChunk: (c) => chunks.push(c) });
    zip.entry('leads.csv').write('Last_Name\r\nBoyle\r\n');
    const child = zip.entry('sous-formulaire-é.csv'); // opening ends the previous entry
    child.write(new Uint8Array([0x61, 0x2c, 0x62]));
    child.write('\r\n1,2\r\n');
    zip.entry('empty.csv');
    zip.end();
    const bytes = Buffer.concat(chunks);
    expect(zip.bytesWritten).toBe(bytes.length);
    const entries = readZip(bytes);
    expect(entries.map((e) => [e.name, e.data.toString('utf8')])).toEqual([
      ['leads.csv', 'Last_Name\r\nBoyle\r\n'],
      ['sous-formulaire-é.csv', 'a,b\r\n1,2\r\n'],
      ['empty.csv', ''],
    ]);
    const report = unzipTest(bytes);
    if (report !== undefined) expect(report).toContain('No errors detected');
  });

  it('sizeBound is exact once nothing is pending, and an upper bound otherwise', () => {
    const zip = new ZipWriter({ mtime: MTIME });
    const entry = zip.entry('x.csv');
    const text = 'abc,def\r\n'.repeat(5000);
    entry.write(text);
    const loose = zip.sizeBound();
    expect(loose).toBeGreaterThanOrEqual(entry.pendingBytes);
    entry.flush();
    expect(entry.pendingBytes).toBe(0);
    const exact = zip.sizeBound();
    expect(exact).toBeLessThanOrEqual(loose);
    zip.end();
    expect(zip.toBytes().length).toBe(exact);
  });

  it('the bound holds for any mix of writes, flushes and entries (property)', () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('text' as const),
        text: fc.string({ unit: 'grapheme', maxLength: 300 }),
      }),
      fc.record({ kind: fc.constant('random' as const), n: fc.integer({ min: 0, max: 20_000 }) }),
      fc.record({ kind: fc.constant('flush' as const) }),
      fc.record({ kind: fc.constant('entry' as const) }),
    );
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 25 }),
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 0, max: 20_000 }),
        (ops, level, lastBytes) => {
          const zip = new ZipWriter({ mtime: MTIME, level, segmentBytes: 8192 });
          let entry = zip.entry('e0.csv');
          const expected: Buffer[][] = [[]];
          for (const o of ops) {
            if (o.kind === 'entry') {
              entry = zip.entry(`e${expected.length}.csv`);
              expected.push([]);
            } else if (o.kind === 'flush') {
              entry.flush();
            } else {
              const data = o.kind === 'text' ? Buffer.from(o.text) : randomBytes(o.n);
              expect(zip.sizeBound(data.length)).toBeGreaterThanOrEqual(zip.sizeBound());
              entry.write(o.kind === 'text' ? o.text : data);
              expected.at(-1)!.push(data);
            }
            expect(zip.bytesWritten).toBeLessThanOrEqual(zip.sizeBound());
          }
          const last = randomBytes(lastBytes);
          const predicted = zip.sizeBound(last.length);
          entry.write(last);
          expected.at(-1)!.push(last);
          const finalBound = zip.sizeBound();
          zip.end();
          const bytes = zip.toBytes();
          expect(bytes.length).toBeLessThanOrEqual(finalBound);
          expect(bytes.length).toBeLessThanOrEqual(predicted);
          const entries = readZip(bytes);
          expect(entries.length).toBe(expected.length);
          entries.forEach((e, i) => {
            expect(e.data.equals(Buffer.concat(expected[i]!))).toBe(true);
          });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('deflateBound covers zlib output of a sync-flushed segment at every level', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200_000 }),
        fc.integer({ min: 0, max: 9 }),
        fc.boolean(),
        (n, level, random) => {
          const data = random ? randomBytes(n) : Buffer.alloc(n, 'a,b\r\n');
          const out = deflateRawSync(data, { level, finishFlush: constants.Z_SYNC_FLUSH });
          expect(out.length).toBeLessThanOrEqual(deflateBound(n));
        },
      ),
      { numRuns: 300 },
    );
    expect(deflateBound(0)).toBe(0);
  });

  it('refuses writes after the entry ended and entries after the zip ended', () => {
    const zip = new ZipWriter();
    const entry = zip.entry('a.csv');
    entry.end();
    expect(entry.ended).toBe(true);
    expect(() => entry.write('x')).toThrow('Zip entry a.csv is already ended');
    zip.end();
    expect(() => zip.entry('b.csv')).toThrow('Zip writer is already ended');
    expect(readZip(zip.toBytes()).map((e) => e.name)).toEqual(['a.csv']);
  });

  it('refuses a wrong byteLength hint instead of writing a corrupt entry', () => {
    const entry = new ZipWriter().entry('a.csv');
    expect(() => entry.write('héllo', 5)).toThrow('Zip entry a.csv: byteLength 5 is wrong (6)');
  });

  it('an empty archive is valid', () => {
    const zip = new ZipWriter();
    const bytes = zip.toBytes();
    expect(bytes.length).toBe(22);
    expect(readZip(bytes)).toEqual([]);
  });
});
