/**
 * Write-path benchmark: records → upload zips with `chunkRecords`, against a baseline of
 * csv-stringify (sync) + zlib.deflateRawSync over the same records in the same 25,000-row slices.
 *
 *   node --import tsx bench/write-pipeline.ts [records=100000]
 *
 * Targets: ratio (ours / baseline records per second) ≥ 0.8; peak RSS ≤ 150 MB. Best of ROUNDS
 * (env, default 3) alternating runs per side, since the machine may be shared.
 */
import { deflateRawSync } from 'node:zlib';
import { stringify } from 'csv-stringify/sync';
import { chunkRecords } from '../src/import/split-into-files.js';

const N = Number(process.argv[2] ?? 100_000);
const SLICE = 25_000;

const SOURCES = ['Advertisement', 'Web Download', 'Trade Show', 'Partner', 'Cold Call'];
const SERVICES = ['Website Design & Development', 'Graphic Design & Print', 'SEO', 'Analytics', 'Hosting'];
const CITIES = ['Pleasanton', 'San José', 'Chennai', 'München', 'Austin'];

/** Deterministic records (12 columns: ids, text with commas/quotes/newlines, dates, booleans, multi-selects). */
function* makeRecords(n: number): Generator<Record<string, unknown>> {
  let seed = 42;
  const rand = () => {
    seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  for (let i = 0; i < n; i++) {
    yield {
      External_Id: `EXT-${1_000_000 + i}`,
      First_Name: `Alex${i % 977}`,
      Last_Name: `Example ${Math.floor(rand() * 1e6)}`,
      Email: `alex.${i}@example.com`,
      Company: rand() < 0.2 ? `Acme, Inc. "${i % 13}"` : `Zylker ${i % 101}`,
      Lead_Source: pick(SOURCES),
      City: pick(CITIES),
      Date_of_Birth: new Date(Date.UTC(1960 + (i % 40), i % 12, 1 + (i % 28))),
      Last_Contacted: new Date(Date.UTC(2024, 0, 1) + Math.floor(rand() * 3e10)),
      Email_Opt_Out: rand() < 0.1,
      Services: [pick(SERVICES), pick(SERVICES)],
      Annual_Revenue: Math.round(rand() * 1e8) / 100,
      Description: rand() < 0.05 ? `Line one\r\nLine two, with comma ${i}` : '',
    };
  }
}

const COLUMNS = Object.keys(makeRecords(1).next().value as object);
const DATE_FORMATS = { Date_of_Birth: 'yyyy-MM-dd' } as const;

async function ours(n: number): Promise<{ ms: number; files: number; zipBytes: number; csvBytes: number }> {
  const start = performance.now();
  let files = 0;
  let zipBytes = 0;
  let csvBytes = 0;
  for await (const chunk of chunkRecords(makeRecords(n), { dateFormats: DATE_FORMATS })) {
    files += 1;
    zipBytes += chunk.zip.length;
    csvBytes += chunk.csvBytes;
  }
  return { ms: performance.now() - start, files, zipBytes, csvBytes };
}

const pad = (x: number) => String(x).padStart(2, '0');
function baselineSlice(records: Record<string, unknown>[]): Buffer {
  const text = stringify(records, {
    header: true,
    columns: COLUMNS,
    record_delimiter: '\r\n',
    quote_record_delimiter: true,
    cast: {
      boolean: (v) => (v ? 'true' : 'false'),
      date: (d, ctx) =>
        ctx.column === 'Date_of_Birth'
          ? `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
          : `${d.toISOString().slice(0, 19)}+00:00`,
      object: (v) => (Array.isArray(v) ? v.join(';') : JSON.stringify(v)),
    },
  });
  return deflateRawSync(Buffer.from(text), { level: 6 });
}

function baseline(n: number): { ms: number; files: number; zipBytes: number } {
  const start = performance.now();
  let files = 0;
  let zipBytes = 0;
  let slice: Record<string, unknown>[] = [];
  for (const record of makeRecords(n)) {
    slice.push(record);
    if (slice.length === SLICE) {
      zipBytes += baselineSlice(slice).length;
      files += 1;
      slice = [];
    }
  }
  if (slice.length > 0) {
    zipBytes += baselineSlice(slice).length;
    files += 1;
  }
  return { ms: performance.now() - start, files, zipBytes };
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const rate = (ms: number) => Math.round(N / (ms / 1000));

const rssStart = process.resourceUsage().maxRSS * 1024;
// Warm up both paths (JIT), then measure ours first so peak RSS reflects the streaming pipeline.
// The machine may be shared: alternate ROUNDS times and keep each side's best time.
const ROUNDS = Number(process.env.ROUNDS ?? 3);
await ours(5_000);
baseline(5_000);
let a = await ours(N);
const rssOurs = process.resourceUsage().maxRSS * 1024;
let b = baseline(N);
for (let r = 1; r < ROUNDS; r++) {
  const a2 = await ours(N);
  if (a2.ms < a.ms) a = a2;
  const b2 = baseline(N);
  if (b2.ms < b.ms) b = b2;
}
const ratio = rate(a.ms) / rate(b.ms);

console.log(`records: ${N}, columns: ${COLUMNS.length}`);
console.log(
  `chunkRecords : ${rate(a.ms)} records/s (${a.ms.toFixed(0)} ms), ${a.files} files, ${mb(a.zipBytes)} MB zipped of ${mb(a.csvBytes)} MB CSV`,
);
console.log(
  `baseline     : ${rate(b.ms)} records/s (${b.ms.toFixed(0)} ms), ${b.files} slices, ${mb(b.zipBytes)} MB deflated`,
);
console.log(`ratio        : ${ratio.toFixed(2)} (target >= 0.8)`);
console.log(
  `peak RSS     : ${mb(rssOurs)} MB after chunkRecords (target <= 150 MB; ${mb(rssStart)} MB at start)`,
);
if (ratio < 0.8 || rssOurs > 150 * 1024 * 1024) process.exitCode = 1;
