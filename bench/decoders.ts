/**
 * CSV decoders of the read path on the same bytes: csv-parse (the read path before, driven the
 * way it was), uDSV (streaming `chunk()` with `stringObjs`) and ours (`CsvRecordDecoder`).
 *
 *   npx tsx bench/decoders.ts [records=200000] [rounds=5] [--ascii] [--no-worker]
 *
 * Builds Zoho-shaped rows in code (31 Contacts columns, CRLF, Zoho's quoting rule, some
 * multi-line descriptions, accented and CJK names and an emoji now and then unless `--ascii`),
 * zips them the way Zoho does, and measures, interleaved over the rounds (median reported):
 *   alone     — 64 KiB chunks of the CSV, decoder driven synchronously;
 *   from zip  — `decodeRecords(unzipFirstEntry(zip))`, the read path end to end (node:zlib);
 *   worker    — ours fed by inflate in a worker thread (1 MiB chunks, transferred, at most 8 in
 *               flight) against the same inflate (1 MiB chunks) on the main thread.
 * Ratios are against csv-parse in the same run; records/s per wall second and per CPU second.
 */
import { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { createInflateRaw } from 'node:zlib';
import { type CsvError, Parser } from 'csv-parse';
import { inferSchema, initParser, type Parser as UdsvParser } from 'udsv';
import { CsvRecordDecoder, decodeRecords, type RecordDecoder } from '../src/streaming/csv-records.js';
import { unzipFirstEntry } from '../src/streaming/unzip.js';
import { buildZohoCsv, zipLikeZoho } from './decoders-data.js';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const RECORDS = Number(args[0] ?? 200_000);
const ROUNDS = Number(args[1] ?? 5);
const ASCII = process.argv.includes('--ascii');
const WORKER = !process.argv.includes('--no-worker');
const CHUNK = 64 * 1024;
const BIG_CHUNK = 1024 * 1024;

/** The read path's decoder before this one: csv-parse's `Parser` written and read by hand. */
class CsvParseDecoder implements RecordDecoder<unknown> {
  readonly #parser = new Parser({
    bom: true,
    columns: true,
    record_delimiter: ['\r\n', '\n'],
    relax_column_count: false,
    skip_empty_lines: true,
  });
  constructor() {
    this.#parser.on('error', () => {});
  }
  write(chunk: Uint8Array): unknown[] {
    this.#parser.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    return this.#drain();
  }
  end(): unknown[] {
    this.#parser.end();
    return this.#drain();
  }
  #drain(): unknown[] {
    const out: unknown[] = [];
    for (let r = this.#parser.read(); r !== null; r = this.#parser.read()) out.push(r);
    if (this.#parser.errored) throw new Error((this.#parser.errored as CsvError).code);
    return out;
  }
}

/** uDSV's streaming parser: the schema (header, delimiters) is inferred from the first chunk. */
class UdsvDecoder implements RecordDecoder<unknown> {
  readonly #utf8 = new TextDecoder();
  #parser: UdsvParser | undefined;
  #out: unknown[] = [];
  readonly #push = (row: Record<string, string>) => {
    this.#out.push(row);
  };
  write(chunk: Uint8Array): unknown[] {
    const text = this.#utf8.decode(chunk, { stream: true });
    this.#parser ??= initParser(inferSchema(text));
    this.#parser.chunk<Record<string, string>>(text, this.#parser.stringObjs, this.#push);
    return this.#take();
  }
  end(): unknown[] {
    this.#parser?.end();
    this.#parser = undefined;
    return this.#take();
  }
  #take(): unknown[] {
    const out = this.#out;
    this.#out = [];
    return out;
  }
}

const decoders: Record<string, () => RecordDecoder<unknown>> = {
  'csv-parse': () => new CsvParseDecoder(),
  uDSV: () => new UdsvDecoder(),
  ours: () => new CsvRecordDecoder(),
};

function* slices(bytes: Uint8Array, size: number): Generator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}
async function* chunked(bytes: Uint8Array, size = CHUNK): AsyncGenerator<Uint8Array> {
  yield* slices(bytes, size);
}
function decodeAll(csv: Uint8Array, decoder: RecordDecoder<unknown>): number {
  let n = 0;
  for (const chunk of slices(csv, CHUNK)) n += decoder.write(chunk).length;
  return n + decoder.end().length;
}
async function count(records: AsyncIterable<unknown>): Promise<number> {
  let n = 0;
  for await (const _ of records) n++;
  return n;
}

/** Inflates raw deflate data in a worker, `BIG_CHUNK` at a time, at most 8 chunks in flight. */
async function* inflateInWorker(compressed: Uint8Array): AsyncGenerator<Uint8Array> {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const inflate = require('node:zlib').createInflateRaw({ chunkSize: ${BIG_CHUNK} });
     let credit = 8;
     parentPort.on('message', () => { credit++; if (credit > 0) inflate.resume(); });
     inflate.on('data', (c) => {
       const copy = new Uint8Array(c);
       parentPort.postMessage(copy, [copy.buffer]);
       if (--credit <= 0) inflate.pause();
     });
     inflate.on('end', () => parentPort.postMessage(null));
     inflate.end(workerData);`,
    { eval: true, workerData: compressed },
  );
  const queue: (Uint8Array | null)[] = [];
  let wake: (() => void) | undefined;
  worker.on('message', (m: Uint8Array | null) => {
    queue.push(m);
    wake?.();
  });
  try {
    for (;;) {
      if (queue.length === 0) await new Promise<void>((r) => (wake = r));
      const chunk = queue.shift();
      if (chunk === null) return;
      if (chunk === undefined) continue;
      worker.postMessage(1);
      yield chunk;
    }
  } finally {
    await worker.terminate();
  }
}

async function time(run: () => number | Promise<number>): Promise<{ wall: number; cpu: number }> {
  global.gc?.();
  const start = performance.now();
  const cpu = process.cpuUsage();
  const n = await run();
  const used = process.cpuUsage(cpu);
  if (n !== RECORDS) throw new Error(`counted ${n} records, expected ${RECORDS}`);
  return {
    wall: RECORDS / ((performance.now() - start) / 1000),
    cpu: RECORDS / ((used.user + used.system) / 1e6),
  };
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

/** Every decoder gives csv-parse's records for the bench data (a sample compared in full). */
function check(csv: Uint8Array): void {
  const all = Object.fromEntries(
    Object.entries(decoders).map(([name, make]) => {
      const d = make();
      const records: unknown[] = [];
      for (const chunk of slices(csv, CHUNK)) records.push(...d.write(chunk));
      records.push(...d.end());
      return [name, records];
    }),
  );
  const base = all['csv-parse']!;
  for (const [name, records] of Object.entries(all)) {
    const same =
      records.length === base.length &&
      records.every((r, i) => i % 97 !== 0 || JSON.stringify(r) === JSON.stringify(base[i]));
    if (!same) console.log(`  ! ${name} differs from csv-parse on the bench data`);
  }
}

/**
 * Why not uDSV: it checks nothing, so malformed input gives wrong records silently (rows merged,
 * values cut), and it reads one record end (the header's) for the whole file.
 */
function udsvDivergences(): void {
  const cases: [string, string][] = [
    ['a quote inside an unquoted value', 'a,b\r\n1,x"y\r\n'],
    ['text after a closing quote', 'a,b\r\n"x"y,2\r\n'],
    ['a quote not closed', 'a,b\r\n1,"x\r\n'],
    ['a record too long', 'a,b\r\n1,2,3\r\n4,5\r\n'],
    ['a record too short', 'a,b,c\r\n1,2\r\n4,5,6\r\n'],
    ['an LF record end in a CRLF file', 'a,b\r\n1,2\n3,4\r\n'],
  ];
  console.log('\nuDSV on malformed or mixed input (csv-parse and ours agree on every one):');
  for (const [label, text] of cases) {
    const outcome = (make: () => RecordDecoder<unknown>) => {
      try {
        const d = make();
        return JSON.stringify([...d.write(Buffer.from(text)), ...d.end()]);
      } catch (error) {
        return `error ${(error as Error).message.replace(/^Result file is not valid CSV /, '')}`;
      }
    };
    const [base, ours, udsv] = ['csv-parse', 'ours', 'uDSV'].map((name) => outcome(decoders[name]!));
    const agree = ours?.startsWith('error') === base?.startsWith('error') ? '' : ' (ours differs!)';
    console.log(`  ${label.padEnd(34)} ours: ${ours}${agree}\n  ${''.padEnd(34)} uDSV: ${udsv}`);
  }
}

async function main() {
  const csv = buildZohoCsv(RECORDS, { ascii: ASCII });
  const { zip, compressed } = zipLikeZoho(csv);
  console.log(
    `node ${process.version}; ${RECORDS} records × 31 columns, CSV ${(csv.length / 1e6).toFixed(1)} MB ` +
      `(${ASCII ? 'ASCII only' : 'some non-ASCII'}), zip ${(zip.length / 1e6).toFixed(1)} MB; ${ROUNDS} rounds`,
  );
  check(csv);
  udsvDivergences();
  const runs: Record<string, () => number | Promise<number>> = {};
  for (const [name, make] of Object.entries(decoders))
    runs[`alone     ${name}`] = () => decodeAll(csv, make());
  for (const [name, make] of Object.entries(decoders))
    runs[`from zip  ${name}`] = () => count(decodeRecords(unzipFirstEntry(chunked(zip)), make()));
  if (WORKER) {
    runs['worker    ours, inflate 1 MiB in this thread'] = () =>
      count(
        decodeRecords(
          Readable.from(chunked(compressed, BIG_CHUNK)).pipe(createInflateRaw({ chunkSize: BIG_CHUNK })),
          new CsvRecordDecoder(),
        ),
      );
    runs['worker    ours, inflate 1 MiB in a worker'] = () =>
      count(decodeRecords(inflateInWorker(compressed), new CsvRecordDecoder()));
  }
  const results: Record<string, { wall: number[]; cpu: number[] }> = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const [label, run] of Object.entries(runs)) {
      const { wall, cpu } = await time(run);
      results[label] ??= { wall: [], cpu: [] };
      results[label].wall.push(wall);
      results[label].cpu.push(cpu);
    }
  }
  console.log(
    `\n${'records/s (median)'.padEnd(46)}${'wall'.padStart(9)}  vs csv-parse${'CPU'.padStart(10)}  vs csv-parse`,
  );
  for (const [label, r] of Object.entries(results)) {
    const base = results[label.startsWith('alone') ? 'alone     csv-parse' : 'from zip  csv-parse']!;
    const [wall, cpu] = [median(r.wall), median(r.cpu)];
    const ratio = (a: number, b: number[]) => `×${(a / median(b)).toFixed(2)}`.padStart(12);
    console.log(
      `  ${label.padEnd(44)}${Math.round(wall).toString().padStart(9)}${ratio(wall, base.wall)}${Math.round(cpu).toString().padStart(11)}${ratio(cpu, base.cpu)}`,
    );
  }
}

await main();
