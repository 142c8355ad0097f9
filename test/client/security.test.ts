import { describe, expect, it } from 'vitest';
import { BulkClient } from '../../src/client.js';
import { OAuthError, RequestValidationError } from '../../src/core/errors.js';
import type { BulkClientOptions } from '../../src/core/options.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { expectNoSecrets, rejectionOf, route, useMswServer } from './support.js';

const server = useMswServer();
const TOKEN = 'static-access-secret-sec';

const client = (extra: Partial<BulkClientOptions> = {}) =>
  new BulkClient({ auth: TOKEN, clock: new FakeClock(), ...extra });

describe('which hosts receive the access token', () => {
  it('an absolute URL on an untrusted host is refused before any request', async () => {
    const evil = route('all', 'https://evil.example/*', () => ({}));
    server.use(evil.handler);
    const error = await rejectionOf(
      client().transport.request({ method: 'GET', path: 'https://evil.example/steal?x=1' }),
    );
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as Error).message).toMatch(
      /^Refusing to send the Zoho access token to https:\/\/evil\.example \(GET \/steal\)/,
    );
    expect(evil.seen).toHaveLength(0);
  });

  it('a look-alike host (zoho.com.evil.net) and plain http to a Zoho host are refused', async () => {
    const lookAlike = route('all', 'https://zoho.com.evil.net/*', () => ({}));
    const plain = route('all', 'http://download-accl.zoho.com/*', () => ({}));
    server.use(lookAlike.handler, plain.handler);
    const c = client();
    await expect(
      c.transport.stream({ method: 'GET', path: 'https://zoho.com.evil.net/dl.zip' }),
    ).rejects.toThrow(RequestValidationError);
    await expect(
      c.transport.stream({ method: 'GET', path: 'http://download-accl.zoho.com/dl.zip' }),
    ).rejects.toThrow(RequestValidationError);
    expect(lookAlike.seen.length + plain.seen.length).toBe(0);
  });

  it('Zoho hosts (download-accl.zoho.com) and trustedHosts entries get the token', async () => {
    const zoho = route('get', 'https://download-accl.zoho.com/v2/crm/1/bulk-write/2.zip', () => ({}));
    const mine = route('get', 'https://files.mycorp.example/x', () => ({}));
    server.use(zoho.handler, mine.handler);
    const c = client({ trustedHosts: ['files.mycorp.example'] });
    await c.transport.request({
      method: 'GET',
      path: 'https://download-accl.zoho.com/v2/crm/1/bulk-write/2.zip',
    });
    await c.transport.request({ method: 'GET', path: 'https://files.mycorp.example/x' });
    expect(zoho.seen[0]?.headers.get('authorization')).toBe(`Zoho-oauthtoken ${TOKEN}`);
    expect(mine.seen[0]?.headers.get('authorization')).toBe(`Zoho-oauthtoken ${TOKEN}`);
  });

  it('the configured apiDomain origin is trusted by scheme, host and port; another port is not', async () => {
    const local = route('get', 'http://127.0.0.1:4010/crm/v8/x', () => ({}));
    server.use(local.handler);
    const c = client({ apiDomain: 'http://127.0.0.1:4010/' });
    await c.transport.request({ method: 'GET', path: '/crm/v8/x' });
    expect(local.seen[0]?.headers.get('authorization')).toBe(`Zoho-oauthtoken ${TOKEN}`);
    await expect(
      c.transport.request({ method: 'GET', path: 'http://127.0.0.1:4011/crm/v8/x' }),
    ).rejects.toThrow(RequestValidationError);
  });

  it('a token an HTTP header cannot carry is refused without quoting it', async () => {
    const bad = 'TOPSECRET-1000.abc\nline2';
    const error = await rejectionOf(
      new BulkClient({ auth: bad, clock: new FakeClock() }).transport.request({
        method: 'GET',
        path: '/crm/v8/org',
      }),
    );
    expect(error).toBeInstanceOf(OAuthError);
    expect((error as OAuthError).code).toBe('INVALID_TOKEN_FORMAT');
    expectNoSecrets(error, ['TOPSECRET', 'line2']);
  });

  it('auth: false sends no token and may go anywhere', async () => {
    const any = route('get', 'https://elsewhere.example/public', () => ({ ok: 1 }));
    server.use(any.handler);
    const res = await client().transport.request({
      method: 'GET',
      path: 'https://elsewhere.example/public',
      auth: false,
    });
    expect(res.body).toEqual({ ok: 1 });
    expect(any.seen[0]?.headers.get('authorization')).toBeNull();
  });
});
