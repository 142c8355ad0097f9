/**
 * FakeZoho's memory while it serves a big export: 1,000,000 Contacts in 5 pages of 200,000 from
 * FakeZoho's listen() in a child process, read here with fetch as a stream (bytes and CRLFs
 * counted, nothing kept).
 *
 *   node --import tsx bench/fake-export.ts [records=1000000]
 *
 * Target: the child's peak RSS (process.resourceUsage().maxRSS) stays under 200 MB, since records
 * are generated while the zip streams. Exits 1 when the target or a count is missed.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createInflateRaw } from 'node:zlib';
import { FakeZoho } from '../src/testing/index.js';

const SERVE = process.argv[2] === '--serve';
const RECORDS = Number(process.argv[SERVE ? 3 : 2] ?? 1_000_000);
const PAGE = 200_000;
const MAX_RSS_MB = 200;

interface JobJson {
  state: string;
  result: { count: number; download_url: string; more_records: boolean; next_page_token?: string };
}

// ─── child: FakeZoho on loopback; answers each stdin line with its peak RSS ───────────────────

async function serve(): Promise<void> {
  const fake = new FakeZoho({
    modules: { Contacts: { records: RECORDS }, Accounts: { records: 10_000 } },
    seed: 7,
    pollsToComplete: 1,
  });
  const server = await fake.listen();
  process.stdout.write(`${JSON.stringify({ url: server.url, accessToken: fake.credentials.accessToken })}\n`);
  const lines = createInterface({ input: process.stdin });
  lines.on('line', () => {
    process.stdout.write(`${JSON.stringify({ maxRSS: process.resourceUsage().maxRSS })}\n`);
  });
  lines.on('close', () => {
    void server.close().then(() => process.exit(0));
  });
}

// ─── parent: the export over HTTP ────────────────────────────────────────────────────────────

/** Counts the CSV lines (CRLF record ends, header included) of a streamed zip without keeping it. */
async function countRecords(
  body: ReadableStream<Uint8Array>,
): Promise<{ zipBytes: number; csvBytes: number; crlf: number }> {
  const reader = body.getReader();
  const inflate = createInflateRaw();
  let zipBytes = 0;
  let csvBytes = 0;
  let crlf = 0;
  let lastWasCr = false;
  inflate.on('data', (chunk: Buffer) => {
    csvBytes += chunk.length;
    if (lastWasCr && chunk[0] === 0x0a) crlf++;
    for (let i = chunk.indexOf('\r\n'); i >= 0; i = chunk.indexOf('\r\n', i + 2)) crlf++;
    lastWasCr = chunk[chunk.length - 1] === 0x0d;
  });
  const ended = new Promise<void>((resolve, reject) => {
    inflate.on('end', resolve);
    inflate.on('error', reject);
  });
  let header: Buffer | undefined = Buffer.alloc(0);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    zipBytes += value.length;
    let chunk: Buffer = Buffer.from(value);
    if (header) {
      header = Buffer.concat([header, chunk]);
      if (header.length < 30) continue;
      const start = 30 + header.readUInt16LE(26);
      if (header.length < start) continue;
      chunk = header.subarray(start);
      header = undefined;
    }
    // inflate stops by itself at the end of the deflate stream (descriptor and directory ignored)
    if (!inflate.writableEnded && !inflate.write(chunk)) await new Promise((r) => inflate.once('drain', r));
  }
  inflate.end();
  await ended;
  return { zipBytes, csvBytes, crlf };
}

function check(failures: string[], ok: boolean, what: string): void {
  if (!ok) failures.push(what);
}

async function main(): Promise<number> {
  const child = spawn(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), '--serve', String(RECORDS)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  try {
    const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    const { url, accessToken } = JSON.parse(String((await lines.next()).value)) as {
      url: string;
      accessToken: string;
    };
    const headers = { authorization: `Zoho-oauthtoken ${accessToken}` };
    const failures: string[] = [];
    const started = performance.now();
    let token: string | undefined;
    let total = 0;
    let pages = 0;
    let zipBytes = 0;
    let csvBytes = 0;
    for (;;) {
      const query = token ? { page_token: token } : { module: { api_name: 'Contacts' } };
      const created = await fetch(`${url}/crm/bulk/v8/read`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
      const id = ((await created.json()) as { data: [{ details: { id: string } }] }).data[0].details.id;
      const job = (
        (await (await fetch(`${url}/crm/bulk/v8/read/${id}`, { headers })).json()) as { data: [JobJson] }
      ).data[0];
      check(failures, job.state === 'COMPLETED', `page ${pages + 1}: job ${job.state}, not COMPLETED`);
      const res = await fetch(`${url}${job.result.download_url}`, { headers });
      const counted = await countRecords(res.body!);
      // header + at least one CRLF per record
      check(failures, counted.crlf - 1 >= job.result.count, `page ${pages + 1}: fewer lines than records`);
      total += job.result.count;
      zipBytes += counted.zipBytes;
      csvBytes += counted.csvBytes;
      pages++;
      if (!job.result.more_records) break;
      token = job.result.next_page_token;
    }
    const seconds = (performance.now() - started) / 1000;
    child.stdin!.write('rss\n');
    const { maxRSS } = JSON.parse(String((await lines.next()).value)) as { maxRSS: number };
    const rssMb = maxRSS / 1024;
    console.log(
      `${RECORDS.toLocaleString('en')} records export: ${pages} pages, ${total} records, ` +
        `${(csvBytes / 1e6).toFixed(0)} MB CSV, ${(zipBytes / 1e6).toFixed(0)} MB zip, ` +
        `${seconds.toFixed(1)} s, FakeZoho child peak RSS ${rssMb.toFixed(0)} MB (target < ${MAX_RSS_MB} MB)`,
    );
    check(
      failures,
      pages === Math.ceil(RECORDS / PAGE),
      `${pages} pages, expected ${Math.ceil(RECORDS / PAGE)}`,
    );
    check(failures, total === RECORDS, `${total} records, expected ${RECORDS}`);
    check(failures, rssMb < MAX_RSS_MB, `child peak RSS ${rssMb.toFixed(0)} MB ≥ ${MAX_RSS_MB} MB`);
    for (const failure of failures) console.error(`FAIL ${failure}`);
    return failures.length > 0 ? 1 : 0;
  } finally {
    child.stdin!.end();
  }
}

if (SERVE) await serve();
else process.exitCode = await main();
