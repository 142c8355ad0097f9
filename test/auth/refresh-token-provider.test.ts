import { inspect } from 'node:util';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  RefreshTokenProvider,
  type RefreshTokenProviderOptions,
} from '../../src/auth/refresh-token-provider.js';
import type { StoredToken } from '../../src/auth/token-provider.js';
import { ConnectionError, OAuthError, ZohoApiError } from '../../src/core/errors.js';
import type { LogEvent } from '../../src/core/logger.js';
import {
  accountsHandler,
  CLIENT_ID,
  CLIENT_SECRET,
  expectNoSecrets,
  rejectionOf,
  uniqueRefreshToken,
  useMswServer,
} from '../client/support.js';
import { FakeClock } from '../helpers/fake-clock.js';

const server = useMswServer();

function provider(extra: Partial<RefreshTokenProviderOptions> = {}) {
  const clock = extra.clock instanceof FakeClock ? extra.clock : new FakeClock();
  const refreshToken = extra.refreshToken ?? uniqueRefreshToken();
  const p = new RefreshTokenProvider({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    refreshToken,
    clock,
    ...extra,
  });
  return { p, clock, refreshToken };
}

describe('RefreshTokenProvider', () => {
  it('posts the refresh grant as a form and caches the token', async () => {
    const accounts = accountsHandler();
    server.use(accounts.handler);
    const { p, refreshToken } = provider();
    expect(await p.getToken()).toEqual({
      accessToken: 'access-secret-1',
      apiDomain: 'https://www.zohoapis.com',
    });
    expect(await p.getToken()).toEqual({
      accessToken: 'access-secret-1',
      apiDomain: 'https://www.zohoapis.com',
    });
    expect(accounts.calls).toHaveLength(1);
    expect(Object.fromEntries(accounts.calls[0] as URLSearchParams)).toEqual({
      grant_type: 'refresh_token',
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      refresh_token: refreshToken,
    });
  });

  it('uses the data centre accounts host; accountsDomain beats it', async () => {
    const eu = accountsHandler({ origin: 'https://accounts.zoho.eu' });
    const custom = accountsHandler({ origin: 'https://accounts.example.test' });
    server.use(eu.handler, custom.handler);
    await provider({ dataCenter: 'eu' }).p.getToken();
    await provider({ dataCenter: 'eu', accountsDomain: 'https://accounts.example.test/' }).p.getToken();
    expect([eu.calls.length, custom.calls.length]).toEqual([1, 1]);
    expect(() => provider({ dataCenter: 'xx' as 'eu' })).toThrow(TypeError);
    expect(() => new RefreshTokenProvider({ clientId: '', clientSecret: 's', refreshToken: 'r' })).toThrow(
      /clientId/,
    );
  });

  it('refreshes refreshMargin before expiry (expires_in in seconds)', async () => {
    const accounts = accountsHandler();
    server.use(accounts.handler);
    const { p, clock } = provider();
    await p.getToken();
    clock.advance(3_540_000 - 1);
    expect((await p.getToken()).accessToken).toBe('access-secret-1');
    clock.advance(1);
    expect((await p.getToken()).accessToken).toBe('access-secret-2');
  });

  it('reads the old expires_in_sec + expires_in (ms) shape', async () => {
    const accounts = accountsHandler({
      reply: (n) => ({ access_token: `old-shape-${n}`, expires_in_sec: 3600, expires_in: 3_600_000 }),
    });
    server.use(accounts.handler);
    const { p, clock } = provider({ refreshMargin: 0 });
    expect(await p.getToken()).toEqual({ accessToken: 'old-shape-1' });
    clock.advance(3_599_999);
    expect((await p.getToken()).accessToken).toBe('old-shape-1');
    clock.advance(1);
    expect((await p.getToken()).accessToken).toBe('old-shape-2');
  });

  it('defaults to one hour when Zoho sends no lifetime', async () => {
    server.use(accountsHandler({ reply: (n) => ({ access_token: `t${n}` }) }).handler);
    const { p, clock } = provider({ refreshMargin: 0 });
    await p.getToken();
    clock.advance(3_599_999);
    expect((await p.getToken()).accessToken).toBe('t1');
  });

  it('single flight: 20 concurrent callers share one refresh', async () => {
    const accounts = accountsHandler();
    server.use(accounts.handler);
    const { p } = provider();
    const tokens = await Promise.all(Array.from({ length: 20 }, () => p.getToken()));
    expect(new Set(tokens.map((t) => t.accessToken))).toEqual(new Set(['access-secret-1']));
    expect(accounts.calls).toHaveLength(1);
  });

  it('HTTP 200 { error: invalid_client } → OAuthError, one request, no secret anywhere', async () => {
    const accounts = accountsHandler({ reply: () => ({ error: 'invalid_client' }) });
    server.use(accounts.handler);
    const { p, refreshToken } = provider();
    const error = await rejectionOf(p.getToken());
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ code: 'invalid_client', status: 200, isRetryable: false });
    expect((error as Error).message).toMatch(/invalid_client .*data centre/);
    expect(accounts.calls).toHaveLength(1);
    expectNoSecrets(error, [CLIENT_SECRET, refreshToken]);
  });

  it('Access Denied → OAuthError without a retry storm: later calls fail locally for 10 minutes', async () => {
    const accounts = accountsHandler({
      reply: (n) =>
        n === 1
          ? {
              error_description:
                'You have made too many requests continuously. Please try again after some time.',
              error: 'Access Denied',
              status: 'failure',
            }
          : { access_token: 'after-window', expires_in: 3600 },
    });
    server.use(accounts.handler);
    const { p, clock } = provider();
    const first = await rejectionOf(p.getToken());
    expect(first).toMatchObject({
      code: 'Access Denied',
      description: expect.stringContaining('too many requests'),
    });
    const second = await rejectionOf(p.getToken());
    expect(second).toBeInstanceOf(OAuthError);
    expect(second).toMatchObject({ code: 'LOCAL_REFRESH_BUDGET' });
    expect((second as Error).message).toContain('retry after 2024-01-01T00:10:00.000Z');
    expect(accounts.calls).toHaveLength(1);
    clock.advance(600_000);
    expect((await p.getToken()).accessToken).toBe('after-window');
    expect(accounts.calls).toHaveLength(2);
  });

  it('local budget: the 11th refresh in 10 minutes fails with LOCAL_REFRESH_BUDGET, shared across providers', async () => {
    const accounts = accountsHandler();
    server.use(accounts.handler);
    const clock = new FakeClock();
    const refreshToken = uniqueRefreshToken();
    const a = provider({ clock, refreshToken }).p;
    const b = provider({ clock, refreshToken }).p;
    for (let i = 0; i < 5; i++) {
      await a.getToken({ forceRefresh: true });
      await b.getToken({ forceRefresh: true });
      clock.advance(1000);
    }
    expect(accounts.calls).toHaveLength(10);
    const error = await rejectionOf(a.getToken({ forceRefresh: true }));
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ code: 'LOCAL_REFRESH_BUDGET' });
    // Oldest refresh at 00:00:00, so the window frees at 00:10:00; it is now 00:00:05.
    expect((error as Error).message).toContain('retry after 2024-01-01T00:10:00.000Z (in 595 s)');
    expect(accounts.calls).toHaveLength(10);
    // Another refresh token has its own budget.
    await provider({ clock }).p.getToken();
    expect(accounts.calls).toHaveLength(11);
    clock.advance(595_000);
    await a.getToken({ forceRefresh: true });
    expect(accounts.calls).toHaveLength(12);
  });

  it('every attempt of a retried refresh spends the budget (each may have minted a token at Zoho)', async () => {
    const accounts = accountsHandler({
      reply: (n) =>
        n % 3 === 0 ? { access_token: `t${n}`, expires_in: 3600 } : new HttpResponse('busy', { status: 503 }),
    });
    server.use(accounts.handler);
    const { p } = provider({ maxRetries: 2 });
    for (let i = 0; i < 3; i++) await p.getToken({ forceRefresh: true }); // 3 refreshes = 9 attempts
    expect(accounts.calls).toHaveLength(9);
    // The 10th attempt gets a 503; its retry would be the 11th token request: refused locally.
    const error = await rejectionOf(p.getToken({ forceRefresh: true }));
    expect(error).toMatchObject({ code: 'LOCAL_REFRESH_BUDGET' });
    expect(accounts.calls).toHaveLength(10);
  });

  it('uses a valid token from the store and writes refreshed tokens to it', async () => {
    const accounts = accountsHandler();
    server.use(accounts.handler);
    const clock = new FakeClock();
    let stored: StoredToken | undefined = {
      accessToken: 'from-store',
      apiDomain: 'https://www.zohoapis.eu',
      expiresAt: clock.now() + 600_000,
    };
    const store = {
      get: async () => stored,
      set: async (t: StoredToken) => {
        stored = t;
      },
    };
    const { p } = provider({ clock, store });
    expect(await p.getToken()).toEqual({ accessToken: 'from-store', apiDomain: 'https://www.zohoapis.eu' });
    expect(accounts.calls).toHaveLength(0);
    // Zoho rejected it: a forced refresh must not hand the same stored token back.
    expect((await p.getToken({ forceRefresh: true })).accessToken).toBe('access-secret-1');
    expect(stored).toEqual({
      accessToken: 'access-secret-1',
      apiDomain: 'https://www.zohoapis.com',
      expiresAt: clock.now() + 3_600_000,
    });
    // Another process refreshed meanwhile: a forced refresh takes the newer stored token.
    stored = { accessToken: 'newer-from-other-process', expiresAt: clock.now() + 3_600_000 };
    expect((await p.getToken({ forceRefresh: true })).accessToken).toBe('newer-from-other-process');
    expect(accounts.calls).toHaveLength(1);
  });

  it('ignores an expired stored token and a store that fails', async () => {
    const accounts = accountsHandler();
    server.use(accounts.handler);
    const clock = new FakeClock();
    const expired = { get: () => ({ accessToken: 'old', expiresAt: clock.now() + 30_000 }), set: () => {} };
    expect((await provider({ clock, store: expired }).p.getToken()).accessToken).toBe('access-secret-1');
    const broken = {
      get: () => Promise.reject(new Error('redis down')),
      set: () => Promise.reject(new Error('redis down')),
    };
    expect((await provider({ clock, store: broken }).p.getToken()).accessToken).toBe('access-secret-2');
    const garbage = { get: () => ({ nope: 1 }) as unknown as StoredToken, set: () => {} };
    expect((await provider({ clock, store: garbage }).p.getToken()).accessToken).toBe('access-secret-3');
  });

  it('logs token-refresh events without secrets', async () => {
    server.use(accountsHandler().handler);
    const events: LogEvent[] = [];
    const { p, clock, refreshToken } = provider({ logger: (e) => events.push(e) });
    await p.getToken();
    clock.advance(3_600_000);
    await p.getToken();
    await p.getToken({ forceRefresh: true });
    expect(events).toEqual([
      { type: 'token-refresh', accountsDomain: 'https://accounts.zoho.com', reason: 'initial' },
      { type: 'token-refresh', accountsDomain: 'https://accounts.zoho.com', reason: 'expired' },
      { type: 'token-refresh', accountsDomain: 'https://accounts.zoho.com', reason: 'forced' },
    ]);
    expectNoSecrets(events, [CLIENT_SECRET, refreshToken, 'access-secret-1', 'access-secret-2']);
    const throwing = provider({
      logger: () => {
        throw new Error('log');
      },
    }).p;
    expect((await throwing.getToken()).accessToken).toBe('access-secret-4');
  });

  it('shows no secret through util.inspect or JSON.stringify', async () => {
    server.use(accountsHandler().handler);
    const { p, refreshToken } = provider();
    await p.getToken();
    expectNoSecrets(p, [CLIENT_SECRET, refreshToken, 'access-secret-1']);
    expect(inspect(p)).toContain('https://accounts.zoho.com');
  });

  it('an aborted caller stops waiting at once; the shared refresh still serves the others', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let calls = 0;
    server.use(
      http.post('https://accounts.zoho.com/oauth/v2/token', async () => {
        calls++;
        await gate;
        return HttpResponse.json({ access_token: 'slow', expires_in: 3600 });
      }),
    );
    const { p } = provider();
    const controller = new AbortController();
    const aborted = p.getToken({ signal: controller.signal });
    const other = p.getToken();
    controller.abort('cancelled');
    await expect(aborted).rejects.toBe('cancelled');
    release();
    expect((await other).accessToken).toBe('slow');
    expect(calls).toBe(1);
    const pre = new AbortController();
    pre.abort('pre');
    await expect(p.getToken({ signal: pre.signal })).rejects.toBe('pre');
  });

  it('retries a 502 from Zoho Accounts on the clock, then succeeds', async () => {
    const accounts = accountsHandler({
      reply: (n) =>
        n === 1
          ? new HttpResponse('<html>Bad Gateway</html>', {
              status: 502,
              headers: { 'content-type': 'text/html' },
            })
          : { access_token: 'second', expires_in: 3600 },
    });
    server.use(accounts.handler);
    const { p, clock } = provider();
    expect((await p.getToken()).accessToken).toBe('second');
    expect(clock.sleeps).toHaveLength(1);
    expect(accounts.calls).toHaveLength(2);
  });

  it('a 5xx JSON without error, a 200 without token and a non-JSON 200 are errors', async () => {
    const accounts = accountsHandler({
      reply: (n) =>
        n === 1
          ? new HttpResponse(JSON.stringify({ oops: true }), { status: 503 })
          : n === 2
            ? { token_type: 'Bearer' }
            : new HttpResponse('hello', { status: 200 }),
    });
    server.use(accounts.handler);
    const e1 = await rejectionOf(provider({ maxRetries: 0 }).p.getToken());
    expect(e1).toBeInstanceOf(ZohoApiError);
    expect(e1).toMatchObject({ status: 503, code: 'HTTP_503' });
    const e2 = await rejectionOf(provider().p.getToken());
    expect(e2).toMatchObject({ code: 'invalid_response' });
    const e3 = await rejectionOf(provider().p.getToken());
    expect(e3).toBeInstanceOf(OAuthError);
    expect(e3).toMatchObject({ code: 'invalid_response', status: 200 });
  });

  it('a refused connection becomes ConnectionError(notSent) after the retries', async () => {
    const { p, clock, refreshToken } = provider({
      fetch: async () => {
        throw new TypeError('fetch failed', {
          cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
        });
      },
    });
    const error = await rejectionOf(p.getToken());
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ notSent: true, endpoint: 'POST /oauth/v2/token' });
    expect(clock.sleeps).toHaveLength(2);
    expectNoSecrets(error, [CLIENT_SECRET, refreshToken]);
  });
});
