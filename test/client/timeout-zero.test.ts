/**
 * `timeout: 0` means "no timeout" for every HTTP request: CRM calls, token refreshes and the
 * grant-code exchange. Each server below holds its answer until the test releases it, while fake
 * timers move a whole day forward (nothing waits for real); with any timer armed, the request
 * would have been aborted. The control case (a 1 s timeout, same server) shows that such a timer
 * is seen.
 */
import { HttpResponse, http } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { exchangeGrantCode } from '../../src/auth/exchange-grant-code.js';
import { RefreshTokenProvider } from '../../src/auth/refresh-token-provider.js';
import { BulkClient } from '../../src/client.js';
import { ConnectionError } from '../../src/core/errors.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { CLIENT_ID, CLIENT_SECRET, rejectionOf, uniqueRefreshToken, useMswServer } from './support.js';

const server = useMswServer();
const ACCOUNTS = 'https://accounts.zoho.com';
const API = 'https://www.zohoapis.com';
const DAY = 24 * 3_600_000;

/** A response the handler holds until `release()`; `arrived` resolves when the request is in. */
function held(answer: () => Response) {
  let release!: () => void;
  let arrived!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const seen = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  let calls = 0;
  return {
    release,
    arrived: seen,
    get calls() {
      return calls;
    },
    async respond() {
      calls++;
      arrived();
      await gate;
      return answer();
    },
  };
}

const tokenAnswer = () =>
  HttpResponse.json({ access_token: 'access-secret-1', api_domain: API, expires_in: 3600 });

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
});

/**
 * For each server in turn: once its request is in, lets a day of (fake) time pass, then releases
 * its answer. Stops early when `pending` settles first (a request that failed instead).
 */
async function aDayLater(
  pending: Promise<unknown>,
  ...servers: { arrived: Promise<void>; release: () => void }[]
): Promise<void> {
  const settled = pending.then(
    () => false,
    () => false,
  );
  for (const s of servers) {
    if (!(await Promise.race([s.arrived.then(() => true), settled]))) return;
    await vi.advanceTimersByTimeAsync(DAY);
    s.release();
  }
}

describe('timeout: 0 disables the per-request timeout', () => {
  it('a token refresh (RefreshTokenProvider) waits as long as the server takes', async () => {
    const token = held(tokenAnswer);
    server.use(http.post(`${ACCOUNTS}/oauth/v2/token`, () => token.respond()));
    const provider = new RefreshTokenProvider({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      refreshToken: uniqueRefreshToken(),
      timeout: 0,
    });
    const pending = provider.getToken();
    await aDayLater(pending, token);
    expect(await pending).toEqual({ accessToken: 'access-secret-1', apiDomain: API });
    expect(token.calls).toBe(1);
  });

  it('control: the same refresh with timeout: 1000 is a ConnectionError(isTimeout)', async () => {
    const token = held(tokenAnswer);
    server.use(http.post(`${ACCOUNTS}/oauth/v2/token`, () => token.respond()));
    const provider = new RefreshTokenProvider({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      refreshToken: uniqueRefreshToken(),
      timeout: 1000,
      maxRetries: 0,
    });
    const pending = rejectionOf(provider.getToken());
    await aDayLater(pending, token);
    const error = await pending;
    expect(ConnectionError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ isTimeout: true, endpoint: 'POST /oauth/v2/token' });
  });

  it('a client with timeout: 0: neither its token refresh nor its CRM call times out', async () => {
    const token = held(tokenAnswer);
    const crm = held(() => HttpResponse.json({ data: [{ id: '1' }] }));
    server.use(
      http.post(`${ACCOUNTS}/oauth/v2/token`, () => token.respond()),
      http.get(`${API}/crm/v8/Leads`, () => crm.respond()),
    );
    const client = new BulkClient({
      auth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, refreshToken: uniqueRefreshToken() },
      timeout: 0,
      clock: new FakeClock(), // retry back-offs (if any) pass at once
    });
    const pending = client.transport.request({ method: 'GET', path: '/crm/v8/Leads' });
    await aDayLater(pending, token, crm);
    expect((await pending).body).toEqual({ data: [{ id: '1' }] });
    expect([token.calls, crm.calls]).toEqual([1, 1]);
  });

  it('a CRM call with timeout: 0 (static token) waits as long as the server takes', async () => {
    const crm = held(() => HttpResponse.json({ ok: true }));
    server.use(http.post(`${API}/crm/bulk/v8/read`, () => crm.respond()));
    const client = new BulkClient({ auth: 'access-secret-static', timeout: 0 });
    const pending = client.transport.request({ method: 'POST', path: '/crm/bulk/v8/read', json: {} });
    await aDayLater(pending, crm);
    expect((await pending).body).toEqual({ ok: true });
  });

  it("the client's own timeout bounds its token requests (not the provider's 30 s default)", async () => {
    const token = held(tokenAnswer);
    server.use(
      http.post(`${ACCOUNTS}/oauth/v2/token`, () => token.respond()),
      http.get(`${API}/crm/v8/Leads`, () => HttpResponse.json({ ok: true })),
    );
    const client = new BulkClient({
      auth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, refreshToken: uniqueRefreshToken() },
      timeout: 90_000,
      clock: new FakeClock(), // retry back-offs pass at once
    });
    const pending = client.transport.request({ method: 'GET', path: '/crm/v8/Leads' });
    await token.arrived;
    await vi.advanceTimersByTimeAsync(89_999);
    expect(token.calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await vi.waitFor(() => expect(token.calls).toBe(2)); // timed out at 90 s, and retried
    token.release();
    expect((await pending).body).toEqual({ ok: true });
  });

  it('the grant-code exchange with timeout: 0 waits as long as the server takes', async () => {
    const token = held(() =>
      HttpResponse.json({
        access_token: 'access-secret-1',
        refresh_token: 'refresh-secret-1',
        expires_in: 3600,
      }),
    );
    server.use(http.post(`${ACCOUNTS}/oauth/v2/token`, () => token.respond()));
    const pending = exchangeGrantCode({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      code: 'grant-code-secret',
      timeout: 0,
    });
    await aDayLater(pending, token);
    expect(await pending).toMatchObject({ refreshToken: 'refresh-secret-1', apiDomain: API });
  });
});
