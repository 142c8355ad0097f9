import { createServer } from 'node:net';
import { HttpResponse, http, passthrough } from 'msw';
import { describe, expect, it } from 'vitest';
import { BulkClient } from '../../src/client.js';
import { ConnectionError, RateLimitError, ZohoApiError } from '../../src/core/errors.js';
import type { LogEvent } from '../../src/core/logger.js';
import type { BulkClientOptions, FetchLike } from '../../src/core/options.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { expectNoSecrets, raw, rejectionOf, route, useMswServer } from './support.js';

const server = useMswServer();
const TOKEN = 'static-access-secret-0001';
const API = 'https://www.zohoapis.com';

function client(extra: Partial<BulkClientOptions> = {}) {
  const clock = new FakeClock();
  const events: LogEvent[] = [];
  const c = new BulkClient({ auth: TOKEN, clock, logger: (e) => events.push(e), ...extra });
  return { c, clock, events };
}

const refused = () =>
  new TypeError('fetch failed', {
    cause: Object.assign(new Error('connect ECONNREFUSED 1.2.3.4:443'), { code: 'ECONNREFUSED' }),
  });

describe('Transport.request', () => {
  it('sends auth, user agent and query; parses big integers as exact strings; logs', async () => {
    const r = route('get', `${API}/crm/bulk/v8/read/1`, () =>
      raw('{"data":[{"id":4876876000001492610,"file_id":1234567890123456789,"n":7}]}', 200, {
        'content-type': 'application/json',
      }),
    );
    server.use(r.handler);
    const { c, events } = client();
    const res = await c.transport.request({
      method: 'GET',
      path: '/crm/bulk/v8/read/1',
      query: { page: 2, skip: undefined, flag: true },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: [{ id: '4876876000001492610', file_id: '1234567890123456789', n: 7 }] });
    const seen = r.seen[0];
    expect(seen?.headers.get('authorization')).toBe(`Zoho-oauthtoken ${TOKEN}`);
    expect(seen?.headers.get('user-agent')).toBe('zoho-bulk/0.1.0');
    expect(seen?.headers.get('accept')).toBe('application/json');
    expect(seen?.url.search).toBe('?page=2&flag=true');
    expect(events.map((e) => e.type)).toEqual(['request', 'response']);
    expect(events[0]).toEqual({
      type: 'request',
      method: 'GET',
      url: `${API}/crm/bulk/v8/read/1`,
      attempt: 1,
    });
    expectNoSecrets(events, [TOKEN]);
  });

  it('sends json bodies, keeps caller headers, and returns undefined for 204 and empty bodies', async () => {
    const r = route('post', `${API}/crm/v8/x`, (n) =>
      n === 1 ? new HttpResponse(null, { status: 204 }) : raw(''),
    );
    server.use(r.handler);
    const { c } = client();
    const spec = {
      method: 'POST' as const,
      path: 'crm/v8/x',
      json: { a: 1 },
      headers: { 'X-Custom': 'yes' },
    };
    expect((await c.transport.request(spec)).body).toBeUndefined();
    expect((await c.transport.request(spec)).body).toBeUndefined();
    expect(r.seen[0]?.body).toBe('{"a":1}');
    expect(r.seen[0]?.headers.get('content-type')).toBe('application/json');
    expect(r.seen[0]?.headers.get('x-custom')).toBe('yes');
    await expect(c.transport.request({ ...spec, body: 'x' })).rejects.toThrow(TypeError);
  });

  it('429 with Retry-After: 7 → retried after 7000 ms on the injected clock (a POST too)', async () => {
    const r = route('post', `${API}/crm/bulk/v8/read`, (n) =>
      n === 1
        ? HttpResponse.json(
            { code: 'TOO_MANY_REQUESTS', details: {}, message: 'too many', status: 'error' },
            { status: 429, headers: { 'Retry-After': '7' } },
          )
        : HttpResponse.json({ data: [{ status: 'success' }] }, { status: 201 }),
    );
    server.use(r.handler);
    const { c, clock, events } = client();
    const res = await c.transport.request({ method: 'POST', path: '/crm/bulk/v8/read', json: {} });
    expect(res.status).toBe(201);
    expect(clock.sleeps).toEqual([7000]);
    expect(r.seen).toHaveLength(2);
    expect(events.find((e) => e.type === 'retry')).toEqual({
      type: 'retry',
      method: 'POST',
      url: `${API}/crm/bulk/v8/read`,
      attempt: 1,
      delayMs: 7000,
      reason: 'HTTP 429 TOO_MANY_REQUESTS',
    });
  });

  it('429 out of retries → RateLimitError with retryAfterMs (HTTP-date form)', async () => {
    const { c, clock } = client({ maxRetries: 0 });
    const at = new Date(clock.now() + 30_000).toUTCString();
    server.use(route('get', `${API}/a`, () => raw('', 429, { 'retry-after': at })).handler);
    const error = await rejectionOf(c.transport.request({ method: 'GET', path: '/a', operation: 'test.op' }));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, code: 'HTTP_429', retryAfterMs: 30_000, isRetryable: true });
    expect((error as Error).message).toBe('test.op (GET /a) failed: HTTP 429 with an empty body');
  });

  it('500 on a POST (not idempotent) → not retried, exactly one request', async () => {
    const r = route('post', `${API}/crm/bulk/v8/write`, () =>
      HttpResponse.json(
        { code: 'INTERNAL_ERROR', details: {}, message: 'oops', status: 'error' },
        { status: 500 },
      ),
    );
    server.use(r.handler);
    const { c, clock } = client();
    const error = await rejectionOf(
      c.transport.request({ method: 'POST', path: '/crm/bulk/v8/write', json: {} }),
    );
    expect(error).toBeInstanceOf(ZohoApiError);
    expect(error).toMatchObject({
      status: 500,
      code: 'INTERNAL_ERROR',
      isRetryable: true,
      endpoint: 'POST /crm/bulk/v8/write',
    });
    expect(r.seen).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('a POST marked idempotent is retried on 500', async () => {
    const r = route('post', `${API}/p`, (n) => (n === 1 ? raw('', 500) : { ok: 1 }));
    server.use(r.handler);
    const { c } = client();
    expect((await c.transport.request({ method: 'POST', path: '/p', idempotent: true })).body).toEqual({
      ok: 1,
    });
    expect(r.seen).toHaveLength(2);
  });

  it('HTML 502 then success on a GET → success', async () => {
    const r = route('get', `${API}/crm/bulk/v8/read/9`, (n) =>
      n === 1
        ? raw('<html><body><h1>502 Bad Gateway</h1></body></html>', 502, { 'content-type': 'text/html' })
        : { data: [] },
    );
    server.use(r.handler);
    const { c, clock } = client();
    expect((await c.transport.request({ method: 'GET', path: '/crm/bulk/v8/read/9' })).body).toEqual({
      data: [],
    });
    expect(clock.sleeps).toHaveLength(1);
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(500);
    expect(clock.sleeps[0]).toBeLessThanOrEqual(1000);
  });

  it('HTML 502 to the end → ZohoApiError HTTP_502 with a redacted excerpt of at most 200 chars', async () => {
    const page = `<html>proxy echoed Authorization: Zoho-oauthtoken ${TOKEN} and ${TOKEN} ${'x'.repeat(400)}</html>`;
    server.use(route('get', `${API}/b`, () => raw(page, 502, { 'content-type': 'text/html' })).handler);
    const { c, clock } = client({ maxRetries: 2 });
    const error = await rejectionOf(c.transport.request({ method: 'GET', path: '/b' }));
    expect(error).toBeInstanceOf(ZohoApiError);
    expect(error).not.toBeInstanceOf(SyntaxError);
    const e = error as ZohoApiError;
    expect([e.status, e.code, e.isRetryable]).toEqual([502, 'HTTP_502', true]);
    expect(e.bodyExcerpt?.length).toBeLessThanOrEqual(200);
    expect(e.bodyExcerpt).toContain('Zoho-oauthtoken [REDACTED]');
    expect(clock.sleeps).toHaveLength(2);
    expectNoSecrets(error, [TOKEN]);
  });

  it('a JSON 404 without an envelope and a non-JSON 200 are ZohoApiErrors', async () => {
    server.use(
      route('get', `${API}/nf`, () => HttpResponse.json({ message: 'no' }, { status: 404 })).handler,
      route('get', `${API}/html`, () => raw('<html>ok</html>')).handler,
    );
    const { c } = client();
    expect(await rejectionOf(c.transport.request({ method: 'GET', path: '/nf' }))).toMatchObject({
      status: 404,
      code: 'HTTP_404',
      isRetryable: false,
    });
    expect(await rejectionOf(c.transport.request({ method: 'GET', path: '/html' }))).toMatchObject({
      status: 200,
      code: 'HTTP_200',
      bodyExcerpt: '<html>ok</html>',
    });
  });

  it('connection refused on a POST → retried (the request never left)', async () => {
    let calls = 0;
    const fetch: FetchLike = async () => {
      calls++;
      if (calls === 1) throw refused();
      return Response.json({ data: [{ code: 'SUCCESS', status: 'success' }] }, { status: 201 });
    };
    const { c, clock, events } = client({ fetch });
    const res = await c.transport.request({ method: 'POST', path: '/crm/bulk/v8/read', json: {} });
    expect(res.status).toBe(201);
    expect(calls).toBe(2);
    expect(clock.sleeps).toHaveLength(1);
    expect(events.find((e) => e.type === 'retry')).toMatchObject({ reason: 'ECONNREFUSED' });
  });

  it('a network error that may have reached the server (msw HttpResponse.error) is not retried on a POST', async () => {
    const post = route('post', `${API}/w`, () => HttpResponse.error());
    const get = route('get', `${API}/r`, (n) => (n === 1 ? HttpResponse.error() : { ok: true }));
    server.use(post.handler, get.handler);
    const { c } = client();
    const error = await rejectionOf(c.transport.request({ method: 'POST', path: '/w', json: {} }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ notSent: false, isTimeout: false, endpoint: 'POST /w' });
    expect(post.seen).toHaveLength(1);
    expect((await c.transport.request({ method: 'GET', path: '/r' })).body).toEqual({ ok: true });
    expect(get.seen).toHaveLength(2);
  });

  it('a real refused connection on loopback maps to ConnectionError(notSent)', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
    });
    server.use(http.all(`http://127.0.0.1:${port}/*`, () => passthrough()));
    const { c } = client({ apiDomain: `http://127.0.0.1:${port}`, maxRetries: 0 });
    const error = await rejectionOf(c.transport.request({ method: 'POST', path: '/x', json: {} }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ notSent: true });
    expect((error as Error).message).toContain('ECONNREFUSED');
    await c.close();
  });

  it('the per-request timeout → ConnectionError(isTimeout); GETs are retried after it', async () => {
    let calls = 0;
    const fetch: FetchLike = (_url, init) => {
      calls++;
      if (calls === 2) return Promise.resolve(Response.json({ late: false }));
      return new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    };
    const { c } = client({ fetch, timeout: 5, maxRetries: 0 });
    const error = await rejectionOf(c.transport.request({ method: 'POST', path: '/slow' }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ isTimeout: true, notSent: false });
    expect((error as Error).message).toBe('POST /slow timed out after 5 ms');
    calls = 0;
    const retrying = client({ fetch, timeout: 5, maxRetries: 1 }).c;
    expect((await retrying.transport.request({ method: 'GET', path: '/slow' })).body).toEqual({
      late: false,
    });
  });

  it("the caller's abort rejects with its reason and is not retried", async () => {
    const controller = new AbortController();
    let calls = 0;
    const fetch: FetchLike = (_url, init) => {
      calls++;
      queueMicrotask(() => controller.abort(new Error('user stop')));
      return new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    };
    const { c } = client({ fetch });
    const error = await rejectionOf(
      c.transport.request({ method: 'GET', path: '/x', signal: controller.signal }),
    );
    expect((error as Error).message).toBe('user stop');
    expect(calls).toBe(1);
    await expect(
      c.transport.request({ method: 'GET', path: '/x', signal: controller.signal }),
    ).rejects.toThrow('user stop');
  });

  it('a fetch that throws a programming error is not turned into a ConnectionError', async () => {
    const bug = new TypeError('Invalid header value');
    const { c } = client({ fetch: async () => Promise.reject(bug) });
    expect(await rejectionOf(c.transport.request({ method: 'GET', path: '/x' }))).toBe(bug);
  });

  it('caps requests in flight at maxConcurrency', async () => {
    let inFlight = 0;
    let peak = 0;
    const fetch: FetchLike = async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      return Response.json({ ok: true });
    };
    const { c } = client({ fetch, maxConcurrency: 2 });
    await Promise.all(Array.from({ length: 7 }, () => c.transport.request({ method: 'GET', path: '/c' })));
    expect(peak).toBe(2);
  });

  it('a throwing logger does not fail requests', async () => {
    server.use(route('get', `${API}/l`, () => ({ ok: 1 })).handler);
    const c = new BulkClient({
      auth: TOKEN,
      logger: () => {
        throw new Error('logger broke');
      },
    });
    expect((await c.transport.request({ method: 'GET', path: '/l' })).body).toEqual({ ok: 1 });
  });
});

describe('Zoho error envelopes', () => {
  it('data[] where every item is an error, HTTP 400 → ZohoApiError from the first item', async () => {
    server.use(
      route('post', `${API}/crm/bulk/v8/read`, () =>
        HttpResponse.json(
          {
            data: [
              {
                code: 'INVALID_DATA',
                details: { api_name: 'Lead_Status' },
                message: 'invalid data',
                status: 'error',
              },
              { code: 'INVALID_DATA', details: {}, message: 'invalid data', status: 'error' },
            ],
          },
          { status: 400 },
        ),
      ).handler,
    );
    const { c } = client();
    const error = await rejectionOf(
      c.transport.request({
        method: 'POST',
        path: '/crm/bulk/v8/read',
        json: {},
        operation: 'bulkRead.create',
      }),
    );
    expect(error).toBeInstanceOf(ZohoApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 'INVALID_DATA',
      details: { api_name: 'Lead_Status' },
      isRetryable: false,
    });
    expect((error as Error).message).toBe(
      'bulkRead.create (POST /crm/bulk/v8/read) failed: INVALID_DATA invalid data (and 1 more item errors) (HTTP 400)',
    );
  });

  it('200/207 with mixed (or all-error) data items is returned as is', async () => {
    const mixed = {
      data: [
        { code: 'SUCCESS', details: { id: 1 }, message: 'ok', status: 'success' },
        { code: 'INVALID_DATA', details: {}, message: 'bad', status: 'error' },
      ],
    };
    server.use(
      route('put', `${API}/crm/v8/Leads/actions/mass_update`, (n) =>
        HttpResponse.json(n === 1 ? mixed : { data: [mixed.data[1]] }, { status: n === 1 ? 207 : 200 }),
      ).handler,
    );
    const { c } = client();
    const path = '/crm/v8/Leads/actions/mass_update';
    expect(await c.transport.request({ method: 'PUT', path, json: {} })).toMatchObject({
      status: 207,
      body: mixed,
    });
    expect((await c.transport.request({ method: 'PUT', path, json: {} })).body).toEqual({
      data: [mixed.data[1]],
    });
  });

  it('the upload host shape { ERROR_CODE, x-error, … } → ZohoApiError', async () => {
    server.use(
      route('post', 'https://content.zohoapis.com/crm/v8/upload', () =>
        HttpResponse.json(
          {
            ERROR_CODE: 400,
            ERROR_MESSAGE: 'Bad Request',
            'x-error': 'check if headers [feature, X-CRM-ORG] are present and valid',
            info: 'Forbidden',
            'x-info': 'Link not valid',
            http_status: 400,
          },
          { status: 400 },
        ),
      ).handler,
    );
    const { c } = client();
    const error = await rejectionOf(
      c.transport.request({ method: 'POST', path: '/crm/v8/upload', origin: 'upload', body: 'z' }),
    );
    expect(error).toBeInstanceOf(ZohoApiError);
    expect(error).toMatchObject({
      status: 400,
      code: '400',
      details: {
        ERROR_MESSAGE: 'Bad Request',
        info: 'Forbidden',
        'x-info': 'Link not valid',
        http_status: 400,
      },
    });
    expect((error as Error).message).toContain('check if headers [feature, X-CRM-ORG] are present and valid');
  });

  it('the upload host shape with HTTP 200 and its own http_status 500 is retryable', async () => {
    server.use(
      route('post', 'https://content.zohoapis.com/u', () => ({ 'x-error': 'down', http_status: 500 }))
        .handler,
    );
    const { c } = client();
    const error = await rejectionOf(c.transport.request({ method: 'POST', path: '/u', origin: 'upload' }));
    expect(error).toMatchObject({ status: 200, code: 'HTTP_200', isRetryable: true });
  });

  it('an HTTP-200 top-level error envelope throws', async () => {
    server.use(
      route('post', 'https://content.zohoapis.com/crm/v8/upload', () => ({
        code: 'INVALID_FILE_FORMAT',
        details: { created_time: '2021-05-11T12:03:47+05:30' },
        message: 'invalid file format. only zip format is supported',
        status: 'error',
      })).handler,
    );
    const { c } = client();
    const error = await rejectionOf(
      c.transport.request({ method: 'POST', path: '/crm/v8/upload', origin: 'upload' }),
    );
    expect(error).toBeInstanceOf(ZohoApiError);
    expect(error).toMatchObject({ status: 200, code: 'INVALID_FILE_FORMAT', isRetryable: false });
    expect((error as Error).message).toBe(
      'POST /crm/v8/upload failed: INVALID_FILE_FORMAT invalid file format. only zip format is supported (HTTP 200)',
    );
  });

  it('an envelope with status error but no code uses HTTP_<status>', async () => {
    server.use(
      route('get', `${API}/e`, () => HttpResponse.json({ status: 'error', details: 'x' }, { status: 400 }))
        .handler,
    );
    const { c } = client();
    expect(await rejectionOf(c.transport.request({ method: 'GET', path: '/e' }))).toMatchObject({
      code: 'HTTP_400',
      details: {},
    });
  });
});

describe('Transport.stream', () => {
  it('returns the unread 2xx Response after retrying until headers arrive', async () => {
    const r = route('get', 'https://download-accl.zoho.com/v2/crm/1/bulk-write/2.zip', (n) =>
      n === 1 ? raw('busy', 503) : raw('PK-zip-bytes', 200, { 'content-type': 'application/zip' }),
    );
    server.use(r.handler);
    const { c } = client();
    const res = await c.transport.stream({
      method: 'GET',
      path: 'https://download-accl.zoho.com/v2/crm/1/bulk-write/2.zip',
    });
    expect(res.bodyUsed).toBe(false);
    expect(await res.text()).toBe('PK-zip-bytes');
    expect(r.seen).toHaveLength(2);
    expect(r.seen[1]?.headers.get('authorization')).toBe(`Zoho-oauthtoken ${TOKEN}`);
    expect(r.seen[1]?.headers.get('accept')).toBeNull();
  });

  it('non-2xx → ZohoApiError from the envelope, or HTTP_<status>', async () => {
    server.use(
      route('get', `${API}/dl/1`, () =>
        HttpResponse.json(
          { code: 'RESOURCE_NOT_FOUND', details: {}, message: 'gone', status: 'error' },
          { status: 400 },
        ),
      ).handler,
      route('get', `${API}/dl/2`, () => raw('<html/>', 404)).handler,
      route('get', `${API}/dl/3`, () => raw('', 403)).handler,
      route('get', `${API}/dl/4`, () => HttpResponse.json({ weird: 1 }, { status: 410 })).handler,
    );
    const { c } = client();
    const codes = [];
    for (const n of [1, 2, 3, 4]) {
      codes.push(
        ((await rejectionOf(c.transport.stream({ method: 'GET', path: `/dl/${n}` }))) as ZohoApiError).code,
      );
    }
    expect(codes).toEqual(['RESOURCE_NOT_FOUND', 'HTTP_404', 'HTTP_403', 'HTTP_410']);
  });
});
