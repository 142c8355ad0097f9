import { HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { BulkClient } from '../../src/client.js';
import { ConnectionError, OAuthError, ZohoApiError } from '../../src/core/errors.js';
import type { LogEvent } from '../../src/core/logger.js';
import type { BulkClientOptions } from '../../src/core/options.js';
import { FakeClock } from '../helpers/fake-clock.js';
import {
  accountsHandler,
  CLIENT_ID,
  CLIENT_SECRET,
  expectNoSecrets,
  raw,
  rejectionOf,
  route,
  uniqueRefreshToken,
  useMswServer,
} from './support.js';

const server = useMswServer();
const API = 'https://www.zohoapis.com';
const invalidToken = () =>
  HttpResponse.json(
    { code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'error' },
    { status: 401 },
  );

function client(extra: Partial<BulkClientOptions> = {}) {
  const clock = new FakeClock();
  const events: LogEvent[] = [];
  const refreshToken = uniqueRefreshToken();
  const c = new BulkClient({
    auth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, refreshToken },
    clock,
    logger: (e) => events.push(e),
    ...extra,
  });
  return { c, clock, events, refreshToken };
}

describe('authentication through BulkClient', () => {
  it('20 concurrent calls with an expired token → exactly one token request', async () => {
    const accounts = accountsHandler();
    const api = route('get', `${API}/crm/v8/x`, () => ({ ok: true }));
    server.use(accounts.handler, api.handler);
    const { c, clock } = client();
    await c.transport.request({ method: 'GET', path: '/crm/v8/x' });
    expect(accounts.calls).toHaveLength(1);
    clock.advance(3_600_000);
    await Promise.all(
      Array.from({ length: 20 }, () => c.transport.request({ method: 'GET', path: '/crm/v8/x' })),
    );
    expect(accounts.calls).toHaveLength(2);
    expect(
      api.seen.slice(1).every((r) => r.headers.get('authorization') === 'Zoho-oauthtoken access-secret-2'),
    ).toBe(true);
  });

  it('401 INVALID_TOKEN → one refresh and one replay with the new token', async () => {
    const accounts = accountsHandler();
    const api = route('post', `${API}/crm/bulk/v8/read`, (n) => (n === 1 ? invalidToken() : { data: [] }));
    server.use(accounts.handler, api.handler);
    const { c, events } = client();
    const res = await c.transport.request({ method: 'POST', path: '/crm/bulk/v8/read', json: { q: 1 } });
    expect(res.body).toEqual({ data: [] });
    expect(accounts.calls).toHaveLength(2);
    expect(api.seen.map((r) => r.headers.get('authorization'))).toEqual([
      'Zoho-oauthtoken access-secret-1',
      'Zoho-oauthtoken access-secret-2',
    ]);
    expect(api.seen[1]?.body).toBe('{"q":1}');
    expect(
      events.filter((e) => e.type === 'token-refresh').map((e) => (e as { reason: string }).reason),
    ).toEqual(['initial', 'forced']);
  });

  it('a second 401 after the replay is thrown, not looped', async () => {
    const accounts = accountsHandler();
    const api = route('get', `${API}/y`, () => invalidToken());
    server.use(accounts.handler, api.handler);
    const { c } = client();
    const error = await rejectionOf(c.transport.request({ method: 'GET', path: '/y' }));
    expect(error).toMatchObject({ status: 401, code: 'INVALID_TOKEN', isRetryable: false });
    expect(api.seen).toHaveLength(2);
    expect(accounts.calls).toHaveLength(2);
  });

  it('AUTHENTICATION_FAILURE and INVALID_OAUTHTOKEN also refresh once', async () => {
    const accounts = accountsHandler();
    const api = route('get', `${API}/z`, (n) =>
      n === 1
        ? HttpResponse.json(
            {
              code: 'AUTHENTICATION_FAILURE',
              details: {},
              message: 'Authentication failed',
              status: 'error',
            },
            { status: 401 },
          )
        : n === 3
          ? HttpResponse.json(
              { code: 'INVALID_OAUTHTOKEN', details: {}, message: 'x', status: 'error' },
              { status: 401 },
            )
          : { ok: n },
    );
    server.use(accounts.handler, api.handler);
    const { c } = client();
    expect((await c.transport.request({ method: 'GET', path: '/z' })).body).toEqual({ ok: 2 });
    expect((await c.transport.request({ method: 'GET', path: '/z' })).body).toEqual({ ok: 4 });
    expect(accounts.calls).toHaveLength(3);
  });

  it('401 OAUTH_SCOPE_MISMATCH → no refresh, one request', async () => {
    const accounts = accountsHandler();
    const api = route('get', `${API}/s`, () =>
      HttpResponse.json(
        { code: 'OAUTH_SCOPE_MISMATCH', details: {}, message: 'Unauthorized', status: 'error' },
        { status: 401 },
      ),
    );
    server.use(accounts.handler, api.handler);
    const { c } = client();
    const error = await rejectionOf(c.transport.request({ method: 'GET', path: '/s' }));
    expect(error).toBeInstanceOf(ZohoApiError);
    expect(error).toMatchObject({ status: 401, code: 'OAUTH_SCOPE_MISMATCH' });
    expect(api.seen).toHaveLength(1);
    expect(accounts.calls).toHaveLength(1);
  });

  it('concurrent 401s for the same token share one forced refresh', async () => {
    const accounts = accountsHandler();
    const api = route('get', `${API}/c`, (_n, req) =>
      req.headers.get('authorization') === 'Zoho-oauthtoken access-secret-1' ? invalidToken() : { ok: true },
    );
    server.use(accounts.handler, api.handler);
    const { c } = client();
    await Promise.all(Array.from({ length: 6 }, () => c.transport.request({ method: 'GET', path: '/c' })));
    expect(accounts.calls).toHaveLength(2);
    // A request that used the old token after the refresh replays with the current one, no new refresh.
    expect(
      api.seen.filter((r) => r.headers.get('authorization') === 'Zoho-oauthtoken access-secret-2'),
    ).toHaveLength(6);
  });

  it('a static token rejected with 401 is not replayed (nothing new to send)', async () => {
    const api = route('get', `${API}/t`, () => invalidToken());
    server.use(api.handler);
    const c = new BulkClient({ auth: 'static-secret-tkn', clock: new FakeClock() });
    expect(await rejectionOf(c.transport.request({ method: 'GET', path: '/t' }))).toMatchObject({
      code: 'INVALID_TOKEN',
    });
    expect(api.seen).toHaveLength(1);
  });

  it('HTTP 200 + invalid_client from the token endpoint → OAuthError, one token request, no API request', async () => {
    const accounts = accountsHandler({ reply: () => ({ error: 'invalid_client' }) });
    const api = route('get', `${API}/q`, () => ({}));
    server.use(accounts.handler, api.handler);
    const { c, refreshToken } = client();
    const error = await rejectionOf(c.transport.request({ method: 'GET', path: '/q' }));
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ code: 'invalid_client' });
    expect(accounts.calls).toHaveLength(1);
    expect(api.seen).toHaveLength(0);
    expectNoSecrets(error, [CLIENT_SECRET, refreshToken]);
  });

  it('Access Denied during a replay refresh fails the request without a storm', async () => {
    const accounts = accountsHandler({
      reply: (n) =>
        n === 1 ? { access_token: 'access-secret-x', expires_in: 3600 } : { error: 'Access Denied' },
    });
    const api = route('get', `${API}/ad`, () => invalidToken());
    server.use(accounts.handler, api.handler);
    const { c } = client();
    const error = await rejectionOf(c.transport.request({ method: 'GET', path: '/ad' }));
    expect(error).toMatchObject({ code: 'Access Denied' });
    expect(await rejectionOf(c.transport.request({ method: 'GET', path: '/ad' }))).toMatchObject({
      code: 'LOCAL_REFRESH_BUDGET',
    });
    expect(accounts.calls).toHaveLength(2);
    expect(api.seen).toHaveLength(2);
  });

  it('the local budget of 10 refreshes holds through the client', async () => {
    const accounts = accountsHandler();
    const api = route('get', `${API}/b`, () => invalidToken());
    server.use(accounts.handler, api.handler);
    const { c } = client();
    // Each request: one refresh (the first also the initial one) then a failed replay.
    for (let i = 0; i < 4; i++) await rejectionOf(c.transport.request({ method: 'GET', path: '/b' }));
    expect(accounts.calls).toHaveLength(5);
    for (let i = 0; i < 5; i++) await rejectionOf(c.transport.request({ method: 'GET', path: '/b' }));
    expect(accounts.calls).toHaveLength(10);
    const error = await rejectionOf(c.transport.request({ method: 'GET', path: '/b' }));
    expect(error).toMatchObject({ code: 'LOCAL_REFRESH_BUDGET' });
    expect(accounts.calls).toHaveLength(10);
  });

  it('accepts a custom TokenProvider as is, and rejects a bad auth option', async () => {
    const api = route('get', `${API}/p`, () => ({ ok: 1 }));
    server.use(api.handler);
    const c = new BulkClient({
      auth: { getToken: async () => ({ accessToken: 'custom-tok' }) },
      clock: new FakeClock(),
    });
    await c.transport.request({ method: 'GET', path: '/p' });
    expect(api.seen[0]?.headers.get('authorization')).toBe('Zoho-oauthtoken custom-tok');
    expect(() => new BulkClient({ auth: 42 as unknown as string })).toThrow(TypeError);
    expect(() => new BulkClient({ auth: 'x', dataCenter: 'mars' as 'us' })).toThrow(TypeError);
  });

  it('no secret reaches errors, logger events, or the client object', async () => {
    const accessSecret = 'access-secret-1';
    const echo = `<html>token=${accessSecret}&refresh_token=abc Zoho-oauthtoken ${accessSecret}</html>`;
    server.use(
      accountsHandler().handler,
      route('get', `${API}/e1`, () => raw(echo, 502)).handler,
      route('get', `${API}/e2`, () =>
        HttpResponse.json(
          {
            code: 'INVALID_DATA',
            details: { echoed: accessSecret },
            message: `bad ${accessSecret}`,
            status: 'error',
          },
          { status: 400 },
        ),
      ).handler,
      route('get', `${API}/e3`, () => HttpResponse.error()).handler,
    );
    const { c, events, refreshToken } = client({ maxRetries: 1 });
    const secrets = [accessSecret, refreshToken, CLIENT_SECRET];
    const errors = [
      await rejectionOf(c.transport.request({ method: 'GET', path: '/e1' })),
      await rejectionOf(c.transport.request({ method: 'GET', path: '/e2' })),
      await rejectionOf(c.transport.request({ method: 'GET', path: '/e3' })),
      await rejectionOf(c.transport.request({ method: 'GET', path: 'https://evil.example/x' })),
    ];
    expect(errors.map((e) => (e as Error).constructor.name)).toEqual([
      'ZohoApiError',
      'ZohoApiError',
      'ConnectionError',
      'RequestValidationError',
    ]);
    expect(errors[2]).toBeInstanceOf(ConnectionError);
    for (const error of errors) expectNoSecrets(error, secrets);
    expect(events.length).toBeGreaterThan(5);
    expectNoSecrets(events, secrets);
    expectNoSecrets(c, secrets);
  });
});

describe('client.close()', () => {
  it('also closes the token provider (its connections to the accounts server)', async () => {
    const close = vi.fn(async () => {});
    const client = new BulkClient({ auth: { getToken: async () => ({ accessToken: 'x-token' }), close } });
    await client.close();
    expect(close).toHaveBeenCalledTimes(1);
  });
});
