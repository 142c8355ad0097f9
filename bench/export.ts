/**
 * Export benchmark: `client.bulkRead.export` over real HTTP against FakeZoho in a child process.
 *
 *   npm run bench -- export   (bundled, plain node; see scripts/bench.mjs)
 *   node --import tsx bench/export.ts [records=1000000] [pageSize=200000] [latencyMs=5000]
 *
 * The child serves two FakeZoho instances with the same 1,000,000 Contacts (5 pages of 200,000):
 * "slow" (jobs complete `latencyMs` of real time after creation) and "fast" (jobs complete on the
 * first status read). It renders each page's zip once at start-up and serves downloads from
 * memory, so the numbers measure this process (download → unzip → CSV → records), not the fake's
 * record generation. This process loads only what it measures (the fake's code is loaded by the
 * child). After a short warm-up of the SDK (JIT), in one run:
 *   (1) SDK export (slow fake, poll interval 200 ms): records/s while streaming (records / the
 *       pages' streaming time, job waits excluded) and end to end; RSS sampled at 200k and at 1M
 *       records, and the peak (`process.memoryUsage().rss` every 20k records,
 *       `resourceUsage().maxRSS`). Targets: peak ≤ 150 MB, growth 200k → 1M ≤ 25 MB. The p99
 *       event-loop delay (`perf_hooks.monitorEventLoopDelay`, 10 ms resolution) while pages stream
 *       (from each 'page-start' to its 'page-complete'; job waits excluded). Target: < 50 ms.
 *   (2) Baseline (fast fake), after its own warm-up: the same pages' zips fetched and read with
 *       zlib inflateRaw (from the local header) + csv-parse `columns: true`, counting records.
 *       Target: SDK / baseline ≥ 5. It runs after (1) so that its memory is not in (1)'s peak.
 *   (3) Overlap: the wall time of (1) against 1.1 × (L + 4·max(L, S) + S), S being the measured
 *       streaming time of one page, and against no overlap 5 × (L + S).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createInflateRaw } from 'node:zlib';
import { parse } from 'csv-parse';
import { BulkClient } from '../src/client.js';
import { BulkRead } from '../src/resources/bulk-read.js';
import type { FakeZoho } from '../src/testing/index.js';

const SERVE = process.argv[2] === '--serve';
const args = process.argv.slice(SERVE ? 3 : 2);
const RECORDS = Number(args[0] ?? 1_000_000);
const PAGE = Number(args[1] ?? 200_000);
const LATENCY = Number(args[2] ?? 5_000);
const FAKE_API = 'https://www.zohoapis.com';
const MB = 1024 * 1024;

interface Endpoint {
  url: string;
  token: string;
}

// ─── child: FakeZoho servers with page zips served from memory ──────────────────────────────

async function readAll(body: ReadableStream<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  const reader = body.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(Buffer.from(r.value));
  return Buffer.concat(parts);
}

/** Resolves on 'drain' or 'close', leaving no listener behind. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

async function serve(): Promise<void> {
  const { FakeZoho } = await import('../src/testing/index.js');
  const common = {
    modules: { Contacts: { records: RECORDS } },
    pageSize: PAGE,
    seed: 7,
    downloadsPerMinute: 1e6,
  };
  const fast = new FakeZoho({ ...common, pollsToComplete: 1 });
  const slow = new FakeZoho({ ...common, jobLatency: LATENCY });
  const pages = new Map<number, Buffer>();

  const call = async (fake: FakeZoho, token: string, method: string, path: string, body?: unknown) => {
    const init: RequestInit = { method, headers: { authorization: `Zoho-oauthtoken ${token}` } };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { ...init.headers, 'content-type': 'application/json' };
    }
    return fake.handle(new Request(`${FAKE_API}${path}`, init));
  };
  // Render every page once (its bytes do not depend on the job).
  const warmToken = fast.issueAccessToken();
  let pageToken: string | undefined;
  for (let page = 1; ; page++) {
    const query = pageToken ? { page_token: pageToken } : { module: { api_name: 'Contacts' } };
    const created = (await (await call(fast, warmToken, 'POST', '/crm/bulk/v8/read', { query })).json()) as {
      data: [{ details: { id: string } }];
    };
    const id = created.data[0].details.id;
    const job = (await (await call(fast, warmToken, 'GET', `/crm/bulk/v8/read/${id}`)).json()) as {
      data: [{ result: { download_url: string; more_records: boolean; next_page_token?: string } }];
    };
    const { result } = job.data[0];
    pages.set(page, await readAll((await call(fast, warmToken, 'GET', result.download_url)).body!));
    if (!result.more_records) break;
    pageToken = result.next_page_token;
  }

  const listen = async (fake: FakeZoho): Promise<Endpoint> => {
    const server = createServer((req, res) => {
      handle(fake, req, res).catch(() => res.destroy());
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, token: fake.issueAccessToken(3_600_000) };
  };
  const handle = async (fake: FakeZoho, req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const download = /^\/crm\/bulk\/v8\/read\/(\d+)\/result$/.exec(req.url ?? '');
    const job = download ? fake.jobs('bulkRead').find((j) => j.id === download[1]) : undefined;
    const cached = job ? pages.get((job as unknown as { page: number }).page) : undefined;
    if (cached) return send(res, 200, { 'content-type': 'application/zip' }, [cached]);
    const headers = new Headers();
    for (const [key, value] of Object.entries(req.headers))
      if (typeof value === 'string') headers.set(key, value);
    const init: RequestInit = { method: req.method ?? 'GET', headers };
    if (chunks.length > 0) init.body = Buffer.concat(chunks);
    const response = await fake.handle(new Request(`${FAKE_API}${req.url}`, init));
    const out: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      out[key] = value;
    });
    await send(res, response.status, out, [Buffer.from(await response.arrayBuffer())]);
  };
  const send = async (
    res: ServerResponse,
    status: number,
    headers: Record<string, string>,
    bodies: Buffer[],
  ) => {
    res.writeHead(status, headers);
    for (const body of bodies) {
      for (let at = 0; at < body.length && !res.destroyed; at += 64 * 1024) {
        if (!res.write(body.subarray(at, at + 64 * 1024)) && !res.destroyed) await drained(res);
      }
    }
    res.end();
  };

  const ready = {
    fast: await listen(fast),
    slow: await listen(slow),
    zipBytes: [...pages.values()].map((b) => b.length),
  };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', () =>
    process.stdout.write(`${JSON.stringify({ maxRSS: process.resourceUsage().maxRSS })}\n`),
  );
  process.stdin.on('end', () => process.exit(0));
}

// ─── parent: the measurements ───────────────────────────────────────────────────────────────

function client(endpoint: Endpoint) {
  const c = new BulkClient({
    auth: endpoint.token,
    apiDomain: endpoint.url,
    poll: { interval: 200, maxInterval: 200 },
  });
  return { client: c, bulkRead: new BulkRead(c, c.fields) };
}

interface SdkRun {
  records: number;
  seconds: number;
  rss200k: number;
  rss1M: number;
  rssPeak: number;
  maxRss: number;
  pageSeconds: number[];
  pageStarts: number[];
  /** p99 / max event-loop delay while pages stream, in ms. */
  loopP99: number;
  loopMax: number;
}

async function sdkExport(
  endpoint: Endpoint,
  sampleMemory: boolean,
  stopAfter = Number.POSITIVE_INFINITY,
): Promise<SdkRun> {
  const { client: c, bulkRead } = client(endpoint);
  const started = performance.now();
  let records = 0;
  let rss200k = 0;
  let rssPeak = 0;
  const starts = new Map<number, number>();
  const pageSeconds: number[] = [];
  const loop = monitorEventLoopDelay({ resolution: 10 });
  for await (const record of bulkRead.export(
    { module: 'Contacts' },
    {
      onProgress: (event) => {
        if (event.type === 'page-start') {
          starts.set(event.page, performance.now());
          loop.enable();
        }
        if (event.type === 'page-complete') {
          loop.disable();
          pageSeconds.push((performance.now() - (starts.get(event.page) ?? started)) / 1000);
        }
      },
    },
  )) {
    if (record.Id === undefined) throw new Error('record without Id');
    records++;
    if (records >= stopAfter) break;
    if (sampleMemory && records % 20_000 === 0) {
      const rss = process.memoryUsage().rss;
      rssPeak = Math.max(rssPeak, rss);
      if (records === 200_000) rss200k = rss;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  loop.disable();
  const rss1M = process.memoryUsage().rss;
  await c.close();
  return {
    records,
    seconds,
    rss200k,
    rss1M,
    rssPeak: Math.max(rssPeak, rss1M),
    maxRss: process.resourceUsage().maxRSS * 1024,
    pageSeconds,
    pageStarts: [...starts.values()].map((t) => (t - started) / 1000),
    loopP99: loop.count > 0 ? loop.percentile(99) / 1e6 : 0,
    loopMax: loop.count > 0 ? loop.max / 1e6 : 0,
  };
}

/** Creates every page's job with plain fetch, then times download + inflate + csv-parse of all pages. */
async function baseline(
  endpoint: Endpoint,
  maxPages = Number.POSITIVE_INFINITY,
  maxRecords = Number.POSITIVE_INFINITY,
): Promise<{ records: number; seconds: number }> {
  const headers = { authorization: `Zoho-oauthtoken ${endpoint.token}` };
  const urls: string[] = [];
  let pageToken: string | undefined;
  for (;;) {
    const query = pageToken ? { page_token: pageToken } : { module: { api_name: 'Contacts' } };
    const created = await fetch(`${endpoint.url}/crm/bulk/v8/read`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    const id = ((await created.json()) as { data: [{ details: { id: string } }] }).data[0].details.id;
    const job = (await (await fetch(`${endpoint.url}/crm/bulk/v8/read/${id}`, { headers })).json()) as {
      data: [{ result: { download_url: string; more_records: boolean; next_page_token?: string } }];
    };
    const { result } = job.data[0];
    urls.push(`${endpoint.url}${result.download_url}`);
    if (!result.more_records || urls.length >= maxPages) break;
    pageToken = result.next_page_token;
  }
  const started = performance.now();
  let records = 0;
  for (const url of urls) {
    const stop = new AbortController();
    const response = await fetch(url, { headers, signal: stop.signal });
    const inflate = createInflateRaw();
    const parser = inflate.pipe(parse({ columns: true }));
    const feeding = (async () => {
      let head: Buffer | undefined = Buffer.alloc(0);
      const reader = response.body!.getReader();
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        let chunk: Buffer = Buffer.from(r.value);
        if (head) {
          head = Buffer.concat([head, chunk]);
          if (head.length < 30) continue;
          const start = 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
          if (head.length < start) continue;
          chunk = head.subarray(start);
          head = undefined;
        }
        // inflate stops by itself at the end of the deflate stream (the descriptor is ignored)
        if (!inflate.writableEnded && !inflate.write(chunk))
          await once(inflate, 'drain', { signal: stop.signal });
      }
      inflate.end();
    })();
    for await (const _ of parser) if (++records >= maxRecords) break;
    if (records >= maxRecords) {
      feeding.catch(() => {});
      stop.abort();
      inflate.destroy();
      break;
    }
    await feeding;
  }
  return { records, seconds: (performance.now() - started) / 1000 };
}

async function main(): Promise<void> {
  const child: ChildProcess = spawn(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), '--serve', ...args],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const t0 = performance.now();
  const ready = JSON.parse(String((await lines.next()).value)) as {
    fast: Endpoint;
    slow: Endpoint;
    zipBytes: number[];
  };
  const warm = (performance.now() - t0) / 1000;
  const zipMb = ready.zipBytes.reduce((a, b) => a + b, 0) / 1e6;
  console.log(
    `child ready in ${warm.toFixed(1)} s: ${ready.zipBytes.length} pages, ${zipMb.toFixed(0)} MB of zips in memory`,
  );

  const rssStart = process.memoryUsage().rss;
  // Warm-up (JIT) of each path before it is measured, so neither is measured cold.
  await sdkExport(ready.fast, false, Math.min(50_000, RECORDS));
  const sdk = await sdkExport(ready.slow, true);
  await baseline(ready.fast, 1, 50_000);
  const base = await baseline(ready.fast);
  child.stdin!.write('rss\n');
  const childRss = (JSON.parse(String((await lines.next()).value)) as { maxRSS: number }).maxRSS * 1024;
  child.stdin!.end();

  const pages = sdk.pageSeconds.length;
  const S = sdk.pageSeconds.reduce((a, b) => a + b, 0) / Math.max(1, pages);
  const L = LATENCY / 1000;
  const bound = 1.1 * (L + (pages - 1) * Math.max(L, S) + S);
  const noOverlap = pages * (L + S);
  const streaming = sdk.pageSeconds.reduce((a, b) => a + b, 0);
  const sdkRate = sdk.records / streaming;
  const baseRate = base.records / base.seconds;
  const mb = (n: number) => `${(n / MB).toFixed(0)} MB`;
  const ok = (pass: boolean) => (pass ? 'ok' : 'MISSED');
  const rows: [string, string, string][] = [
    [
      '(1) SDK records/s while streaming',
      `${Math.round(sdkRate).toLocaleString('en')} (${sdk.records.toLocaleString('en')} in ${streaming.toFixed(1)} s)`,
      '',
    ],
    [
      '(1) SDK records/s end to end',
      `${Math.round(sdk.records / sdk.seconds).toLocaleString('en')} (incl. the ${L.toFixed(0)} s job waits)`,
      '',
    ],
    ['(1) RSS before any export', mb(rssStart), '(node + modules)'],
    ['(1) RSS at 200k / at 1M', `${mb(sdk.rss200k)} / ${mb(sdk.rss1M)}`, ''],
    [
      '(1) RSS growth 200k → 1M',
      mb(sdk.rss1M - sdk.rss200k),
      `≤ 25 MB ${ok(sdk.rss1M - sdk.rss200k <= 25 * MB)}`,
    ],
    [
      '(1) peak RSS (sampled / maxRSS)',
      `${mb(sdk.rssPeak)} / ${mb(sdk.maxRss)}`,
      `≤ 150 MB ${ok(sdk.maxRss <= 150 * MB)}`,
    ],
    [
      '(1) event-loop delay p99 / max',
      `${sdk.loopP99.toFixed(1)} ms / ${sdk.loopMax.toFixed(1)} ms`,
      `p99 < 50 ms ${ok(sdk.loopP99 < 50)}`,
    ],
    [
      '(1) streaming time per page S',
      `${S.toFixed(2)} s (${sdk.pageSeconds.map((s) => s.toFixed(1)).join(', ')})`,
      '',
    ],
    [
      '(2) baseline records/s',
      `${Math.round(baseRate).toLocaleString('en')} (${base.records.toLocaleString('en')} in ${base.seconds.toFixed(1)} s)`,
      '',
    ],
    ['(2) ratio SDK / baseline', (sdkRate / baseRate).toFixed(2), `≥ 5 ${ok(sdkRate / baseRate >= 5)}`],
    ['(3) job latency L', `${L.toFixed(1)} s per page`, ''],
    ['(3) export wall time', `${sdk.seconds.toFixed(1)} s (${pages} pages)`, ''],
    ['(3) bound 1.1·(L + 4·max(L,S) + S)', `${bound.toFixed(1)} s`, ok(sdk.seconds <= bound)],
    [
      '(3) no overlap 5·(L + S)',
      `${noOverlap.toFixed(1)} s`,
      `saved ${(noOverlap - sdk.seconds).toFixed(1)} s`,
    ],
    ['(3) page starts', `${sdk.pageStarts.map((t) => t.toFixed(1)).join(', ')} s`, ''],
    ['child (FakeZoho) peak RSS', mb(childRss), 'not counted'],
  ];
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  console.log(
    `\nbulkRead.export — ${RECORDS.toLocaleString('en')} Contacts, pages of ${PAGE.toLocaleString('en')}, Node ${process.version}\n`,
  );
  for (const [a, b, c] of rows) console.log(`${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`);
  if (rows.some((r) => r[2].includes('MISSED'))) process.exitCode = 1;
}

if (SERVE) await serve();
else await main();
