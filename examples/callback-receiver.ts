/**
 * Job callbacks: Zoho POSTs to a URL of yours when a bulk-read job finishes. Poll rarely and let
 * the callback wake the waiting code at once.
 *
 *   node --import tsx examples/callback-receiver.ts
 *
 * Against real Zoho the callback must reach this process over https: run a tunnel (ngrok,
 * cloudflared …) to PORT and set CALLBACK_PUBLIC_URL=https://<tunnel host>. Set CALLBACK_SECRET
 * (≥ 16 bytes) to keep URLs valid across restarts; without it a random secret is used.
 *
 * FakeZoho validates the callback URL of a job but never calls it, so against the fake this
 * script plays Zoho's part itself: it POSTs the callback body to its own server (see the end).
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
// In your project: import { CallbackHub, … } from 'zoho-bulk';
import { CallbackHub, createCallbackUrl, parseCallbackPayload, verifyCallbackUrl } from '../src/index.js';
import { connect } from './_connect.js';

const PATH = '/zoho/bulk-callback';
const secret = process.env.CALLBACK_SECRET ?? randomBytes(32).toString('base64url');

// The hub connects callbacks to waiting code: deliver() a callback, and every
// hub.waitFor(jobId) for that job settles (also one that starts later: recent callbacks are kept).
const hub = new CallbackHub();

// With a web-standard framework (Hono, Next.js route handlers, Bun, Deno) all of the endpoint below
// is one line: `new CallbackHub({ secret })` and `app.post(PATH, (c) => hub.handle(c.req.raw))`.
//
// Zoho does not sign callbacks, so the URL carries a signed token (HMAC of your secret) and the
// endpoint checks it. A callback is only a hint anyway: waitFor still reads the job from Zoho.
const server = createServer(async (req, res) => {
  if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://x').pathname !== PATH) {
    res.writeHead(404).end();
    return;
  }
  const check = verifyCallbackUrl(req, { secret }); // req.url holds ?zb_token=…
  if (!check.ok) {
    console.error(`callback refused: ${check.reason}`); // 'missing' | 'malformed' | 'invalid' | 'expired'
    res.writeHead(401).end();
    return;
  }
  try {
    // Either documented shape: { job_id, state, … } or { data: [{ id, state, … }] }.
    const event = parseCallbackPayload(await readBody(req));
    console.error(`callback: job ${event.jobId} ${event.state}`);
    hub.deliver(event.raw);
    res.writeHead(200).end();
  } catch {
    res.writeHead(400).end(); // not JSON, or neither shape
  }
});
server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1');
await once(server, 'listening');
const local = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

// Deals: 500 generated records in the fake.
const { client, fake, close } = await connect();

try {
  const publicBase = process.env.CALLBACK_PUBLIC_URL ?? (fake ? local : undefined);
  if (publicBase === undefined)
    throw new Error('Set CALLBACK_PUBLIC_URL to an https URL that reaches this server');
  // A signed URL, valid 24 h (ttl option); one URL can serve every job.
  const callbackUrl = createCallbackUrl(new URL(PATH, publicBase), { secret });

  const job = await client.bulkRead.create({
    query: { module: 'Deals', fields: ['Deal_Name', 'Amount', 'Stage'] },
    callback: { url: callbackUrl, method: 'post' },
  });
  console.log(`job ${job.id} created, callback to ${publicBase}${PATH}`);
  // Fake only: play Zoho's part 300 ms from now (the real Zoho calls when the job has ended).
  const zohoSide = fake ? sleep(300).then(() => actAsZoho(callbackUrl, job.id)) : undefined;

  const started = Date.now();
  let reads = 0;
  // Poll once a minute only: the callback ends the sleep early (the job is then read again).
  const done = await client.bulkRead.waitFor(job.id, {
    interval: 60_000,
    maxInterval: 300_000,
    wake: hub.waitFor(job.id),
    onProgress: (j) => {
      reads++;
      console.error(`job ${j.id}: ${j.state}`);
    },
  });
  console.log(`job ${done.id} ${done.state} after ${reads} status reads, ${Date.now() - started} ms`);
  await zohoSide;

  let records = 0;
  for await (const _deal of client.bulkRead.records(done)) records++;
  console.log(`read ${records} records`);
} finally {
  await close();
  server.close();
}

/** Reads a request body (Zoho's callbacks are a few hundred bytes; refuse anything large). */
async function readBody(req: IncomingMessage, limit = 1_000_000): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('callback body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Fake only: what Zoho would do when the job ends — plus a forged call without the token. */
async function actAsZoho(callbackUrl: string, jobId: string): Promise<void> {
  const body = JSON.stringify({ job_id: jobId, operation: 'read', state: 'COMPLETED' });
  const forged = new URL(callbackUrl);
  forged.search = '';
  const refused = await fetch(forged, { method: 'POST', body });
  const accepted = await fetch(callbackUrl, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json' },
  });
  console.log(`simulated callbacks: without token → ${refused.status}, signed → ${accepted.status}`);
}
