/**
 * A 1,000,000-record export (5 pages of 200,000) served by FakeZoho's listen() in a child process,
 * read here with fetch as a stream (bytes and lines counted, nothing kept). The child's peak RSS
 * must stay under 200 MB: records are generated while the zip streams.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createInflateRaw } from 'node:zlib';
import { afterAll, expect, it } from 'vitest';
import type { AnswerJson, JobJson } from './helpers.js';

const RECORDS = 1_000_000;
let child: ChildProcess | undefined;
afterAll(() => {
  child?.stdin?.end();
});

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

it('streams 1,000,000 records in 5 pages from a child process under 200 MB peak RSS', async () => {
  child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/testing/fixtures/serve-fake.ts', String(RECORDS)],
    {
      cwd: new URL('../..', import.meta.url).pathname,
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const { url, accessToken } = JSON.parse(String((await lines.next()).value)) as {
    url: string;
    accessToken: string;
  };
  const headers = { authorization: `Zoho-oauthtoken ${accessToken}` };
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
    const id = ((await created.json()) as AnswerJson).data[0].details.id;
    const job = (
      (await (await fetch(`${url}/crm/bulk/v8/read/${id}`, { headers })).json()) as { data: [JobJson] }
    ).data[0];
    expect(job.state).toBe('COMPLETED');
    const res = await fetch(`${url}${job.result.download_url}`, { headers });
    const counted = await countRecords(res.body!);
    expect(counted.crlf - 1).toBeGreaterThanOrEqual(job.result.count); // header + ≥1 CRLF per record
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
    `1M export: ${pages} pages, ${total} records, ${(csvBytes / 1e6).toFixed(0)} MB CSV, ` +
      `${(zipBytes / 1e6).toFixed(0)} MB zip, ${seconds.toFixed(1)} s, child peak RSS ${rssMb.toFixed(0)} MB`,
  );
  expect(pages).toBe(5);
  expect(total).toBe(RECORDS);
  expect(rssMb).toBeLessThan(200);
}, 180_000);
