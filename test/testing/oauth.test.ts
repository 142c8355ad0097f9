import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeZoho } from '../../src/testing/index.js';
import { api } from './helpers.js';

let now = Date.UTC(2024, 6, 20, 12);
const clock = () => now;

async function token(
  base: string,
  params: Record<string, string>,
  as: 'form' | 'query' | 'multipart' = 'form',
) {
  let res: Response;
  if (as === 'query') {
    res = await fetch(`${base}/oauth/v2/token?${new URLSearchParams(params)}`, { method: 'POST' });
  } else if (as === 'multipart') {
    const form = new FormData();
    for (const [k, v] of Object.entries(params)) form.append(k, v);
    res = await fetch(`${base}/oauth/v2/token`, { method: 'POST', body: form });
  } else {
    res = await fetch(`${base}/oauth/v2/token`, { method: 'POST', body: new URLSearchParams(params) });
  }
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('FakeZoho OAuth (listen)', () => {
  const fake = new FakeZoho({ now: clock, modules: { Contacts: { records: 3 } } });
  let base = '';
  let close: () => Promise<void>;
  const refresh = () => ({
    grant_type: 'refresh_token',
    client_id: fake.credentials.clientId,
    client_secret: fake.credentials.clientSecret,
    refresh_token: fake.credentials.refreshToken,
  });

  beforeAll(async () => {
    ({ url: base, close } = await fake.listen());
  });
  afterAll(() => close());

  it('answers the refresh grant with the current shape, from a form body, a query string or multipart', async () => {
    for (const as of ['form', 'query', 'multipart'] as const) {
      const { status, json } = await token(base, refresh(), as);
      expect(status).toBe(200);
      expect(Object.keys(json).sort()).toEqual(['access_token', 'api_domain', 'expires_in', 'token_type']);
      expect(json.api_domain).toBe(base);
      expect(json.token_type).toBe('Bearer');
      expect(json.expires_in).toBe(3600);
      expect(json.access_token).toMatch(/^1000\.[0-9a-f]{32}\.[0-9a-f]{32}$/);
    }
  });

  it('rejects a wrong client and a bad refresh token with HTTP 200 error bodies', async () => {
    expect(await token(base, { ...refresh(), client_secret: 'nope' })).toEqual({
      status: 200,
      json: { error: 'invalid_client' },
    });
    expect(await token(base, { ...refresh(), client_id: 'other' })).toEqual({
      status: 200,
      json: { error: 'invalid_client' },
    });
    expect(await token(base, { ...refresh(), refresh_token: '1000.bad' })).toEqual({
      status: 200,
      json: { error: 'invalid_code' },
    });
    expect(await token(base, { ...refresh(), grant_type: 'password' })).toEqual({
      status: 200,
      json: { error: 'unsupported_grant_type' },
    });
  });

  it('throttles the 11th refresh within 10 minutes and allows it again after the window', async () => {
    fake.reset();
    for (let i = 0; i < 10; i++)
      expect((await token(base, refresh())).json.access_token).toBeTypeOf('string');
    expect(await token(base, refresh())).toEqual({
      status: 200,
      json: {
        error_description: 'You have made too many requests continuously. Please try again after some time.',
        error: 'Access Denied',
        status: 'failure',
      },
    });
    now += 10 * 60_000;
    expect((await token(base, refresh())).json.access_token).toBeTypeOf('string');
    fake.reset();
  });

  it('never hands out a token again after reset() (a client that outlives the reset must see a new one)', async () => {
    fake.reset();
    const before = (await token(base, refresh())).json.access_token;
    fake.reset();
    const after = (await token(base, refresh())).json.access_token;
    expect(after).toBeTypeOf('string');
    expect(after).not.toBe(before);
    fake.reset();
  });

  it('redeems a registered grant code once, returning a refresh token that works', async () => {
    const code = fake.createGrantCode();
    const grant = {
      grant_type: 'authorization_code',
      client_id: fake.credentials.clientId,
      client_secret: fake.credentials.clientSecret,
      code,
      redirect_uri: 'https://app.example/cb',
    };
    const first = await token(base, grant);
    expect(first.json.refresh_token).toMatch(/^1000\./);
    expect(first.json.access_token).toMatch(/^1000\./);
    expect(await token(base, grant)).toEqual({ status: 200, json: { error: 'invalid_code' } });
    const again = await token(base, { ...refresh(), refresh_token: String(first.json.refresh_token) });
    expect(again.json.access_token).toMatch(/^1000\./);
    const late = fake.createGrantCode();
    now += 3 * 60_000 + 1;
    expect((await token(base, { ...grant, code: late })).json).toEqual({ error: 'invalid_code' });
  });

  it('expires access tokens after tokenLifetime and on expireTokens(); CRM calls answer 401 INVALID_TOKEN', async () => {
    const access = String((await token(base, refresh())).json.access_token);
    const a = api(fake, base, access);
    expect((await a.fetch('/crm/v8/org')).status).toBe(200);
    now += 3_600_000;
    const expired = await a.fetch('/crm/v8/org');
    expect(expired.status).toBe(401);
    expect(await expired.json()).toEqual({
      code: 'INVALID_TOKEN',
      details: {},
      message: 'invalid oauth token',
      status: 'error',
    });

    const fresh = api(fake, base, String((await token(base, refresh())).json.access_token));
    expect((await fresh.fetch('/crm/v8/org')).status).toBe(200);
    fake.expireTokens();
    expect((await fresh.fetch('/crm/v8/org')).status).toBe(401);
  });

  it('answers 401 INVALID_TOKEN for a missing, unknown or Bearer token', async () => {
    const missing = await fetch(`${base}/crm/v8/org`);
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { code: string }).code).toBe('INVALID_TOKEN');
    expect((await api(fake, base, '1000.unknown.token').fetch('/crm/v8/org')).status).toBe(401);
    const good = fake.issueAccessToken();
    const bearer = await fetch(`${base}/crm/v8/org`, { headers: { authorization: `Bearer ${good}` } });
    expect(bearer.status).toBe(401);
  });

  it('invalidates the oldest of 16 live access tokens (INVALID_OAUTHTOKEN)', async () => {
    fake.reset();
    const tokens: string[] = [];
    for (let i = 0; i < 16; i++) {
      if (i === 10) now += 10 * 60_000;
      tokens.push(String((await token(base, refresh())).json.access_token));
    }
    const oldest = await api(fake, base, tokens[0]).fetch('/crm/v8/org');
    expect(oldest.status).toBe(401);
    expect(((await oldest.json()) as { code: string }).code).toBe('INVALID_OAUTHTOKEN');
    expect((await api(fake, base, tokens[1]).fetch('/crm/v8/org')).status).toBe(200);
  });

  it('revokes a refresh token', async () => {
    const code = fake.createGrantCode();
    const grant = {
      grant_type: 'authorization_code',
      client_id: fake.credentials.clientId,
      client_secret: fake.credentials.clientSecret,
      code,
    };
    const rt = String((await token(base, grant)).json.refresh_token);
    const res = await fetch(`${base}/oauth/v2/token/revoke?token=${encodeURIComponent(rt)}`, {
      method: 'POST',
    });
    expect(await res.json()).toEqual({ status: 'success' });
    expect((await token(base, { ...refresh(), refresh_token: rt })).json).toEqual({ error: 'invalid_code' });
  });
});

describe('FakeZoho OAuth options', () => {
  it('can answer with the legacy shape (expires_in_sec + expires_in in ms)', async () => {
    const fake = new FakeZoho({ tokenResponse: 'legacy', tokenLifetime: 1_800_000 });
    const res = await fake.handle(
      new Request('https://accounts.zoho.com/oauth/v2/token', {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          client_id: fake.credentials.clientId,
          client_secret: fake.credentials.clientSecret,
          refresh_token: fake.credentials.refreshToken,
        }),
      }),
    );
    const json = (await res.json()) as Record<string, unknown>;
    expect(json.expires_in_sec).toBe(1800);
    expect(json.expires_in).toBe(1_800_000);
    expect(json.api_domain).toBe('https://www.zohoapis.com');
  });

  it('accepts configured credentials and redacts secrets in the request log', async () => {
    const fake = new FakeZoho({
      credentials: { clientId: 'cid', clientSecret: 'csecret', refreshToken: 'rtoken' },
    });
    expect(fake.credentials).toMatchObject({
      clientId: 'cid',
      clientSecret: 'csecret',
      refreshToken: 'rtoken',
    });
    const res = await fake.handle(
      new Request(
        'https://accounts.zoho.com/oauth/v2/token?grant_type=refresh_token&client_id=cid&client_secret=csecret&refresh_token=rtoken',
        {
          method: 'POST',
        },
      ),
    );
    expect(((await res.json()) as Record<string, unknown>).access_token).toBeTypeOf('string');
    const entry = fake.requests[0]!;
    expect(entry.route).toBe('oauth.token');
    expect(entry.url).not.toContain('csecret');
    expect(entry.url).not.toContain('rtoken');
    expect(entry.url).toContain('client_secret=%5BREDACTED%5D');
    expect(JSON.stringify(fake.requests)).not.toContain('csecret');
  });
});
