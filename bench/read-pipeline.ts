/**
 * Read-pipeline benchmark: zip bytes → records, against a baseline measured in the same run.
 *
 *   node --import tsx bench/read-pipeline.ts [records=200000] [rounds=3]   (add --expose-gc for steadier runs)
 *
 * Builds a realistic result file (the real Contacts sample's 193-column rows, cycled with new
 * ids), zips it the way Zoho does (deflate, flag 0x0808, data descriptor with signature), feeds
 * it in 64 KiB chunks and measures:
 *   (csv)         — the CSV layer alone: `for await` over `Readable.pipe(parse({ columns: true }))`
 *                   vs csvRecords on the same uncompressed chunks
 *   (a) baseline  — createInflateRaw piped into csv-parse `columns: true`, `for await` (no zip
 *                   parsing, no checks: the floor for this CSV on this machine)
 *   (b) ours      — csvRecords(unzipFirstEntry(body))
 *   (b') stream   — streamRecords({ open }) (the resource-facing stream, with retry wrapper)
 *   (c) fflate    — fflate's streaming Unzip + csv-parse (for comparison)
 *   and the bytes-only layers: one-shot zlib, zlib stream, unzipFirstEntry, fflate Unzip, in MB/s.
 * It also runs fflate on an archive whose compressed data contains `PK\x07\x08` and reports.
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { createInflateRaw, inflateRawSync } from 'node:zlib';
import { Parser, parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { Unzip, UnzipInflate } from 'fflate';
import { defaultClock } from '../src/core/options.js';
import { csvRecords } from '../src/streaming/csv-records.js';
import { streamRecords } from '../src/streaming/record-stream.js';
import { unzipFirstEntry } from '../src/streaming/unzip.js';
import { contactsCsvPath } from '../test/fixtures/zoho-real.js';
import { prng } from '../test/streaming/helpers.js';
import { zipLikeZoho } from './decoders-data.js';

const RECORDS = Number(process.argv[2] ?? 200_000);
const ROUNDS = Number(process.argv[3] ?? 3);
const CHUNK = 64 * 1024;

/**
 * The sample's rows cycled with new ids; every other digit and the letters of a few text cells
 * are varied per row so the archive compresses like real data (~7x), not like 9 repeated rows.
 */
function buildCsv(n: number): Buffer {
  const random = prng(1);
  const digit = () => String.fromCharCode(48 + Math.floor(random() * 10));
  const letter = () => String.fromCharCode(97 + Math.floor(random() * 26));
  const sample = readFileSync(contactsCsvPath);
  const rows = parseSync(sample, { raw: true }) as unknown as { raw: string }[];
  const strip = (s: string) => s.replace(/[\r\n]+$/, '');
  const header = strip(rows[0]!.raw);
  const bodies = rows.slice(1).map((r) => strip(r.raw).replace(/^\d+/, ''));
  const parts = [`${header}\r\n`];
  for (let i = 0; i < n; i++) {
    const row = bodies[i % bodies.length]!.replace(/\d/g, digit).replace(
      /[a-z]{6,}@/g,
      (m) => `${m.replace(/./g, letter)}`,
    );
    parts.push(`${573545000054017003n + BigInt(i)}${row}\r\n`);
  }
  return Buffer.from(parts.join(''));
}

async function* chunked(bytes: Buffer): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += CHUNK) yield bytes.subarray(at, at + CHUNK);
}

/** fflate streaming Unzip → bytes of the first entry (or an error). */
async function* fflateEntry(zip: Buffer): AsyncGenerator<Uint8Array> {
  const queue: Uint8Array[] = [];
  let failure: unknown;
  let done = false;
  const unzip = new Unzip((file) => {
    file.ondata = (error, data, final) => {
      if (error) failure = error;
      else queue.push(data);
      if (final) done = true;
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  for await (const chunk of chunked(zip)) {
    unzip.push(chunk, false);
    if (failure) throw failure;
    yield* queue.splice(0);
  }
  unzip.push(new Uint8Array(0), true);
  if (failure) throw failure;
  yield* queue.splice(0);
  if (!done) throw new Error('fflate: entry did not end');
}

async function count(records: AsyncIterable<unknown>): Promise<number> {
  let n = 0;
  for await (const _ of records) n++;
  return n;
}

async function countBytes(chunks: AsyncIterable<Uint8Array>): Promise<number> {
  let n = 0;
  for await (const chunk of chunks) n += chunk.length;
  return n;
}

async function* parsed(source: AsyncIterable<Uint8Array>): AsyncGenerator<unknown> {
  const parser = new Parser({ columns: true });
  for await (const chunk of source) {
    parser.write(chunk);
    for (let r = parser.read(); r !== null; r = parser.read()) yield r;
  }
  parser.end();
  for (let r = parser.read(); r !== null; r = parser.read()) yield r;
}

/** Wall time and CPU time (all threads, so zlib's thread pool counts) of one run. */
async function time<T>(run: () => Promise<T>): Promise<{ ms: number; cpuMs: number; value: T }> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const value = await run();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, value };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main() {
  console.log(`node ${process.version}; building ${RECORDS} records ...`);
  const csv = buildCsv(RECORDS);
  const { zip, compressed } = zipLikeZoho(csv, '573545000054017003.csv');
  console.log(
    `CSV ${(csv.length / 1e6).toFixed(1)} MB, zip ${(zip.length / 1e6).toFixed(1)} MB, ${(csv.length / RECORDS).toFixed(0)} B/record`,
  );

  const recordRuns: Record<string, () => Promise<number>> = {
    '(csv) csv-parse pipe, plain CSV': () =>
      count(Readable.from(chunked(csv)).pipe(parse({ columns: true }))),
    '(csv) csvRecords, plain CSV': () => count(csvRecords(chunked(csv))),
    '(a) baseline zlib+csv-parse': () =>
      count(
        Readable.from(chunked(compressed))
          .pipe(createInflateRaw())
          .pipe(parse({ columns: true })),
      ),
    '(b) unzipFirstEntry+csvRecords': () =>
      count(csvRecords(unzipFirstEntry(chunked(zip), { jobId: 'bench' }))),
    "(b') streamRecords": () =>
      count(
        streamRecords({ jobId: 'bench', clock: defaultClock, open: async () => ({ body: chunked(zip) }) }),
      ),
    '(c) fflate Unzip+csv-parse': () => count(parsed(fflateEntry(zip))),
  };
  const byteRuns: Record<string, () => Promise<number>> = {
    'raw zlib inflateRawSync': async () => inflateRawSync(compressed).length,
    'zlib createInflateRaw stream': () =>
      countBytes(Readable.from(chunked(compressed)).pipe(createInflateRaw({ chunkSize: 64 * 1024 }))),
    unzipFirstEntry: () => countBytes(unzipFirstEntry(chunked(zip))),
    'fflate Unzip': () => countBytes(fflateEntry(zip)),
  };

  const rates: Record<string, number[]> = {};
  const cpuRates: Record<string, number[]> = {};
  const add = (table: Record<string, number[]>, label: string, value: number) => {
    const list = table[label] ?? [];
    table[label] = list;
    list.push(value);
  };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [label, run] of [...Object.entries(recordRuns), ...Object.entries(byteRuns)]) {
      try {
        global.gc?.();
        const { ms, cpuMs, value } = await time(run);
        const isBytes = label in byteRuns;
        if (!isBytes && value !== RECORDS) throw new Error(`counted ${value} records, expected ${RECORDS}`);
        if (isBytes && value !== csv.length) throw new Error(`got ${value} bytes, expected ${csv.length}`);
        const amount = isBytes ? value / 1e6 : value;
        add(rates, label, amount / (ms / 1000));
        add(cpuRates, label, amount / (cpuMs / 1000));
      } catch (error) {
        console.log(`  ${label}: FAILED (${(error as Error).message})`);
      }
    }
  }

  const report = (labels: string[], baseOf: (label: string) => string, digits: number) => {
    for (const label of labels) {
      const wall = rates[label];
      const cpu = cpuRates[label];
      if (!wall || !cpu) continue;
      const base = baseOf(label);
      const w = median(wall);
      const c = median(cpu);
      const wx = w / median(rates[base] ?? [Number.NaN]);
      const cx = c / median(cpuRates[base] ?? [Number.NaN]);
      console.log(
        `  ${label.padEnd(32)} ${w.toFixed(digits).padStart(8)} x${wx.toFixed(3)}   ${c.toFixed(digits).padStart(8)} x${cx.toFixed(3)}`,
      );
    }
  };
  console.log(`\nrecords/s, median of ${ROUNDS}: wall clock, then per CPU-second (all threads)`);
  console.log('  ratios: (csv) rows to the csv-parse pipe, (b)/(c) rows to (a)');
  report(
    Object.keys(recordRuns),
    (label) =>
      label.startsWith('(csv)') ? '(csv) csv-parse pipe, plain CSV' : '(a) baseline zlib+csv-parse',
    0,
  );
  console.log(`\nMB/s of CSV out (bytes only; ratio to one-shot zlib): wall clock, then per CPU-second`);
  report(Object.keys(byteRuns), () => 'raw zlib inflateRawSync', 0);

  // An archive whose compressed data holds the descriptor signature (stored deflate blocks of
  // incompressible bytes carry it verbatim), as ~1% of real 24 MB pages do by chance.
  const poisoned = Buffer.concat([
    Buffer.from('Id,Blob\r\n1,"'),
    Buffer.alloc(70_000, 'x'),
    Buffer.from('"\r\n'),
  ]);
  const random = prng(9);
  for (let i = 13; i < 70_000; i++) {
    const byte = Math.floor(random() * 256);
    poisoned[i] = byte === 0x22 ? 0x21 : byte; // incompressible, no quote
  }
  poisoned.set([0x50, 0x4b, 0x07, 0x08], 30_000);
  const { zip: trap, compressed: trapData } = zipLikeZoho(poisoned, 'trap.csv');
  console.log(
    `\narchive with PK\\x07\\x08 inside its compressed data (${trapData.includes(Buffer.from([0x50, 0x4b, 7, 8])) ? 'present' : 'absent'}):`,
  );
  const ours = await countBytes(unzipFirstEntry(chunked(trap))).catch((e: Error) => `FAILED ${e.message}`);
  const theirs = await countBytes(fflateEntry(trap)).catch((e: Error) => `FAILED ${e.message}`);
  console.log(`  unzipFirstEntry: ${ours === poisoned.length ? 'ok' : ours}`);
  console.log(
    `  fflate Unzip:    ${theirs === poisoned.length ? 'ok' : typeof theirs === 'number' ? `wrong length ${theirs} of ${poisoned.length}` : theirs}`,
  );
  console.log(
    `\npeak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (includes the in-memory CSV and zip)`,
  );
}

await main();
