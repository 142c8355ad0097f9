/** Callback URLs (signed), payload parsing, CallbackHub, and waitFor / export woken by a callback. */
import { describe, expect, it } from 'vitest';
import { CallbackHub } from '../../src/callbacks/callback-hub.js';
import { parseCallbackPayload } from '../../src/callbacks/callback-payload.js';
import {
  createCallbackToken,
  createCallbackUrl,
  verifyCallbackToken,
  verifyCallbackUrl,
} from '../../src/callbacks/callback-token.js';
import { RequestValidationError, ResponseValidationError } from '../../src/core/errors.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { collect, rejectionOf, routes, setup, useMsw } from './support.js';

const server = useMsw();
const SECRET = 'a-very-secret-callback-key-0123456789';
const NOW = Date.UTC(2024, 6, 1);
const opts = { secret: SECRET, now: () => NOW };

describe('signed callback URLs', () => {
  it('verify ok; the URL keeps its own parameters; every URL is different (nonce)', () => {
    const url = createCallbackUrl('https://hooks.example.com/zoho?tenant=7', opts);
    const parsed = new URL(url);
    expect(parsed.origin + parsed.pathname).toBe('https://hooks.example.com/zoho');
    expect(parsed.searchParams.get('tenant')).toBe('7');
    expect(parsed.searchParams.get('zb_token')).toMatch(/^v1\.\d+\.[\w-]{22}\.[\w-]{43}$/);
    expect(url).not.toContain(SECRET);
    expect(verifyCallbackUrl(url, opts)).toEqual({ ok: true, expiresAt: NOW + 86_400_000 });
    expect(createCallbackUrl('https://hooks.example.com/zoho', opts)).not.toBe(
      createCallbackUrl('https://hooks.example.com/zoho', opts),
    );
  });

  it('accepts what servers hand over: a path with query, a web Request, an IncomingMessage-like object', () => {
    const url = new URL(createCallbackUrl('https://hooks.example.com/zoho', opts));
    const path = `${url.pathname}${url.search}`;
    expect(verifyCallbackUrl(path, opts).ok).toBe(true);
    expect(verifyCallbackUrl(new Request(url, { method: 'POST' }), opts).ok).toBe(true);
    expect(verifyCallbackUrl({ url: path }, opts).ok).toBe(true);
  });

  it('tampered signature, tampered expiry, another secret → invalid', () => {
    const token = createCallbackToken(opts);
    const [v, exp, nonce, sig] = token.split('.') as [string, string, string, string];
    const flipped = `${sig.slice(0, -2)}${sig.at(-2) === 'A' ? 'B' : 'A'}${sig.at(-1)}`;
    expect(verifyCallbackToken(`${v}.${exp}.${nonce}.${flipped}`, opts)).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(verifyCallbackToken(`${v}.${Number(exp) + 3600}.${nonce}.${sig}`, opts)).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(verifyCallbackToken(`${v}.${exp}.${nonce}x.${sig}`, opts)).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(verifyCallbackToken(token, { ...opts, secret: `${SECRET}!` })).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('expired → expired (only once the signature is right)', () => {
    const token = createCallbackToken({ ...opts, ttl: 60_000 });
    expect(verifyCallbackToken(token, { ...opts, now: () => NOW + 59_000 }).ok).toBe(true);
    expect(verifyCallbackToken(token, { ...opts, now: () => NOW + 60_000 })).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('missing, malformed, repeated parameter', () => {
    expect(verifyCallbackUrl('https://hooks.example.com/zoho', opts)).toEqual({
      ok: false,
      reason: 'missing',
    });
    expect(verifyCallbackUrl('/zoho?zb_token=abc', opts)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyCallbackUrl('/zoho?zb_token=v1.1.2.3', opts)).toEqual({ ok: false, reason: 'malformed' });
    const url = createCallbackUrl('https://hooks.example.com/zoho', opts);
    expect(verifyCallbackUrl(`${url}&zb_token=x`, opts)).toEqual({ ok: false, reason: 'malformed' });
    const custom = createCallbackUrl('https://h.example/z', { ...opts, param: 'sig' });
    expect(verifyCallbackUrl(custom, { ...opts, param: 'sig' }).ok).toBe(true);
  });

  it('a short secret is refused without echoing it', () => {
    let error: unknown;
    try {
      createCallbackUrl('https://hooks.example.com/zoho', { secret: 'short-secret' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as Error).message).toBe('callback secret must be at least 16 bytes');
    expect(() => createCallbackUrl('not a url', opts)).toThrow(RequestValidationError);
  });
});

describe('callback payloads', () => {
  it('the flat v2 shape with job_id', () => {
    const raw = {
      job_id: '554023000000568002',
      operation: 'read',
      state: 'COMPLETED',
      query: { module: 'Contacts', page: 1 },
      result: {
        page: 1,
        count: 1588,
        more_records: false,
        download_url: '/crm/bulk/v2/read/554023000000568002/result',
      },
    };
    expect(parseCallbackPayload(raw)).toEqual({ jobId: '554023000000568002', state: 'COMPLETED', raw });
  });

  it('the v7 { data: [...] } shape with id, as JSON text with a bare 19-digit id', () => {
    const text =
      '{"data":[{"id":4876876000001294251,"state":"FAILURE","result":{"error_message":{"code":"INTERNAL_SERVER_ERROR"}}}]}';
    const event = parseCallbackPayload(text);
    expect(event.jobId).toBe('4876876000001294251');
    expect(event.state).toBe('FAILURE');
    expect(parseCallbackPayload(new TextEncoder().encode(text)).jobId).toBe('4876876000001294251');
  });

  it('anything else is a ResponseValidationError', () => {
    expect(() => parseCallbackPayload({ id: '1' })).toThrow(ResponseValidationError);
    expect(() => parseCallbackPayload('not json')).toThrow(ResponseValidationError);
    expect(() => parseCallbackPayload({ data: [] })).toThrow(ResponseValidationError);
  });
});

describe('CallbackHub', () => {
  it('deliver wakes waiters; a later waitFor sees a remembered callback; abort forgets the waiter', async () => {
    const hub = new CallbackHub({ remember: 1 });
    const waiting = hub.waitFor('11');
    expect(hub.deliver({ job_id: '11', state: 'COMPLETED' })).toMatchObject({ jobId: '11' });
    expect(await waiting).toMatchObject({ jobId: '11', state: 'COMPLETED' });
    expect(await hub.waitFor('11')).toMatchObject({ jobId: '11' });
    hub.deliver({ data: [{ id: '12', state: 'COMPLETED' }] });
    const controller = new AbortController();
    const forgotten = hub.waitFor('11', { signal: controller.signal }); // 11 was dropped (remember: 1)
    controller.abort(new Error('gone'));
    expect((await rejectionOf(forgotten)).message).toBe('gone');
  });

  it('only the canonical spelling of the signature is accepted (its last character carries padding bits)', () => {
    const url = createCallbackUrl('https://hooks.example.com/zoho', { secret: SECRET });
    // Every other last character: at least three of them decode to the same bytes as the real one.
    const last = url.at(-1) as string;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (const c of alphabet.replace(last, '')) {
      expect(verifyCallbackUrl(url.slice(0, -1) + c, { secret: SECRET })).toEqual({
        ok: false,
        reason: 'invalid',
      });
    }
    expect(verifyCallbackUrl(url, { secret: SECRET }).ok).toBe(true);
  });

  it('handle(): 405 for GET, 401 for a bad token, 400 for a bad body, 200 and delivered otherwise', async () => {
    const hub = new CallbackHub({ secret: SECRET });
    const url = hub.callbackUrl('https://hooks.example.com/zoho');
    const post = (u: string, body: string) => new Request(u, { method: 'POST', body });
    const body = JSON.stringify({ job_id: '21', state: 'COMPLETED' });
    expect((await hub.handle(new Request(url))).status).toBe(405);
    expect((await hub.handle(post('https://hooks.example.com/zoho', body))).status).toBe(401);
    expect(
      (
        await hub.handle(
          post(
            url.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
            body,
          ),
        )
      ).status,
    ).toBe(401);
    expect((await hub.handle(post(url, '{"nope":1}'))).status).toBe(400);
    expect((await hub.handle(post(url, ' '.repeat(1_000_001)))).status).toBe(413);
    const waiting = hub.waitFor('21');
    expect((await hub.handle(post(url, body))).status).toBe(200);
    expect(await waiting).toMatchObject({ jobId: '21', state: 'COMPLETED' });
    expect(() => new CallbackHub().callbackUrl('https://x.example')).toThrow(RequestValidationError);
  });
});

describe('waitFor woken by a callback', () => {
  /** Job done after 20 s of fake time; the client polls every 10 minutes. */
  const slowPoll = { interval: 600_000, maxInterval: 600_000, timeout: 3_600_000 };

  it('finishes when the callback arrives (still reading the job), not at the next poll', async () => {
    const clock = new FakeClock({ auto: false });
    const { client, fake } = setup(server, { jobLatency: 20_000 }, { poll: slowPoll }, clock);
    const hub = new CallbackHub({ secret: SECRET });
    const start = clock.now();
    const job = await client.bulkRead.create({
      query: { module: 'Contacts' },
      callback: { url: hub.callbackUrl('https://hooks.example.com/zoho'), method: 'post' },
    });
    expect(fake.requests[0]!.json).toMatchObject({
      callback: { method: 'post', url: expect.stringContaining('zb_token=') },
    });
    const done = client.bulkRead.waitFor(job.id, { wake: hub.waitFor(job.id) });
    await clock.waitForSleep();
    clock.advance(20_000); // the job completes on Zoho's side; the poll sleep (10 min) goes on
    hub.deliver({ data: [{ id: job.id, state: 'COMPLETED' }] });
    expect((await done).state).toBe('COMPLETED');
    expect(clock.now() - start).toBe(20_000);
    expect(routes(fake)).toEqual(['create', 'get', 'get']); // 2 polls
  });

  it('without the callback: the same poll interval finishes 10 minutes later; finishing at 20 s needs 21 polls', async () => {
    const { client, fake, clock } = setup(server, { jobLatency: 20_000 }, { poll: slowPoll });
    const start = clock.now();
    await client.bulkRead.waitFor((await client.bulkRead.create({ query: { module: 'Contacts' } })).id);
    expect(clock.now() - start).toBe(600_000);
    const fast = setup(server, { jobLatency: 20_000 }, { poll: { interval: 1_000, maxInterval: 1_000 } });
    await fast.client.bulkRead.waitFor(
      (await fast.client.bulkRead.create({ query: { module: 'Contacts' } })).id,
    );
    expect(routes(fast.fake).filter((r) => r === 'get')).toHaveLength(21);
    expect(routes(fake).filter((r) => r === 'get')).toHaveLength(2);
  });

  it('export: callback URL on every job, and the wait ends on the callback', async () => {
    const clock = new FakeClock({ auto: false });
    const { client, fake } = setup(server, { jobLatency: 20_000 }, { poll: slowPoll }, clock);
    const hub = new CallbackHub({ secret: SECRET });
    const url = hub.callbackUrl('https://hooks.example.com/zoho');
    const iterator = client.bulkRead
      .export({ module: 'Contacts' }, { callback: { url, hub } })
      [Symbol.asyncIterator]();
    const first = iterator.next();
    await clock.waitForSleep();
    clock.advance(20_000);
    hub.deliver({ job_id: fake.jobs()[0]!.id, state: 'COMPLETED' });
    expect((await first).done).toBe(false);
    expect(fake.requests[0]!.json).toEqual({
      query: { module: { api_name: 'Contacts' } },
      callback: { url, method: 'post' },
    });
    clock.auto = true;
    expect(await collect({ [Symbol.asyncIterator]: () => iterator })).toHaveLength(999);
  });
});
