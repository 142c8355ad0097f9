import { describe, expect, it } from 'vitest';
import { exchangeGrantCode } from '../../src/auth/exchange-grant-code.js';
import { StaticTokenProvider } from '../../src/auth/static-token-provider.js';
import { OAuthError } from '../../src/core/errors.js';
import {
  accountsHandler,
  CLIENT_ID,
  CLIENT_SECRET,
  expectNoSecrets,
  rejectionOf,
  useMswServer,
} from '../client/support.js';
import { FakeClock } from '../helpers/fake-clock.js';

const server = useMswServer();
const CODE = 'grant-code-secret-1234';

describe('exchangeGrantCode', () => {
  it('trades the code for refresh and access tokens', async () => {
    const accounts = accountsHandler({
      origin: 'https://accounts.zoho.eu',
      reply: () => ({
        access_token: 'first-access',
        refresh_token: 'the-refresh',
        api_domain: 'https://www.zohoapis.eu',
        expires_in: 3600,
      }),
    });
    server.use(accounts.handler);
    const tokens = await exchangeGrantCode({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      code: CODE,
      dataCenter: 'eu',
      redirectUri: 'https://app.example/cb',
    });
    expect(tokens).toEqual({
      refreshToken: 'the-refresh',
      accessToken: 'first-access',
      apiDomain: 'https://www.zohoapis.eu',
      expiresIn: 3600,
    });
    expect(Object.fromEntries(accounts.calls[0] as URLSearchParams)).toEqual({
      grant_type: 'authorization_code',
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      code: CODE,
      redirect_uri: 'https://app.example/cb',
    });
  });

  it('falls back to the data centre api domain for a known accounts host', async () => {
    server.use(
      accountsHandler({
        origin: 'https://accounts.zoho.in',
        reply: () => ({ access_token: 'a', refresh_token: 'r', expires_in: 3600 }),
      }).handler,
    );
    const tokens = await exchangeGrantCode({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      code: CODE,
      accountsDomain: 'https://accounts.zoho.in/',
      clock: new FakeClock(),
    });
    expect(tokens.apiDomain).toBe('https://www.zohoapis.in');
  });

  it('invalid_code → OAuthError without the code or secret; missing refresh_token → no_refresh_token', async () => {
    const accounts = accountsHandler({
      reply: (n) => (n === 1 ? { error: 'invalid_code' } : { access_token: 'a', expires_in: 3600 }),
    });
    server.use(accounts.handler);
    const error = await rejectionOf(
      exchangeGrantCode({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, code: CODE }),
    );
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ code: 'invalid_code' });
    expect((error as Error).message).toContain('revoked');
    expectNoSecrets(error, [CLIENT_SECRET, CODE]);
    const missing = await rejectionOf(
      exchangeGrantCode({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, code: CODE }),
    );
    expect(missing).toMatchObject({ code: 'no_refresh_token' });
    expect(accounts.calls).toHaveLength(2);
    await expect(
      exchangeGrantCode({
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        code: CODE,
        dataCenter: 'zz' as 'us',
      }),
    ).rejects.toThrow(TypeError);
  });
});

describe('StaticTokenProvider', () => {
  it('returns the token (and api domain) and hides it from inspection', async () => {
    const p = new StaticTokenProvider('static-secret-token', 'https://www.zohoapis.jp');
    expect(await p.getToken()).toEqual({
      accessToken: 'static-secret-token',
      apiDomain: 'https://www.zohoapis.jp',
    });
    expect(await new StaticTokenProvider('static-secret-token').getToken()).toEqual({
      accessToken: 'static-secret-token',
    });
    expectNoSecrets(p, ['static-secret-token']);
    expect(() => new StaticTokenProvider('')).toThrow(TypeError);
  });
});
