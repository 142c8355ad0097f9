import { describe, expect, it } from 'vitest';
import { BulkClient } from '../../src/client.js';
import { dataCenters } from '../../src/core/data-centers.js';
import type { BulkClientOptions } from '../../src/core/options.js';
import { FakeClock } from '../helpers/fake-clock.js';
import {
  accountsHandler,
  CLIENT_ID,
  CLIENT_SECRET,
  route,
  uniqueRefreshToken,
  useMswServer,
} from './support.js';

const server = useMswServer();

const withCredentials = (extra: Partial<BulkClientOptions>) =>
  new BulkClient({
    auth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, refreshToken: uniqueRefreshToken() },
    clock: new FakeClock(),
    ...extra,
  });

describe('data centres and origins', () => {
  it('eu → accounts.zoho.eu, api www.zohoapis.eu, upload content.zohoapis.eu', async () => {
    const accounts = accountsHandler({
      origin: 'https://accounts.zoho.eu',
      reply: () => ({ access_token: 'eu-token', expires_in: 3600 }),
    });
    const api = route('get', 'https://www.zohoapis.eu/crm/v8/x', () => ({}));
    const upload = route('post', 'https://content.zohoapis.eu/crm/v8/upload', () => ({ status: 'success' }));
    server.use(accounts.handler, api.handler, upload.handler);
    const c = withCredentials({ dataCenter: 'eu' });
    await c.transport.request({ method: 'GET', path: '/crm/v8/x' });
    await c.transport.request({ method: 'POST', path: '/crm/v8/upload', origin: 'upload' });
    expect([accounts.calls.length, api.seen.length, upload.seen.length]).toEqual([1, 1, 1]);
    expect(await c.transport.apiOrigin()).toBe('https://www.zohoapis.eu');
    expect(c.options.accountsDomain).toBe('https://accounts.zoho.eu');
    expect(dataCenters.eu).toEqual({
      accountsDomain: 'https://accounts.zoho.eu',
      apiDomain: 'https://www.zohoapis.eu',
      uploadDomain: 'https://content.zohoapis.eu',
    });
  });

  it("the token response's api_domain wins over the data-centre default", async () => {
    const accounts = accountsHandler({
      origin: 'https://accounts.zoho.eu',
      reply: () => ({
        access_token: 'eu-token',
        api_domain: 'https://sandbox.zohoapis.eu',
        expires_in: 3600,
      }),
    });
    const api = route('get', 'https://sandbox.zohoapis.eu/crm/v8/x', () => ({}));
    server.use(accounts.handler, api.handler);
    const c = withCredentials({ dataCenter: 'eu' });
    await c.transport.request({ method: 'GET', path: '/crm/v8/x' });
    expect(api.seen).toHaveLength(1);
    expect(await c.transport.apiOrigin()).toBe('https://sandbox.zohoapis.eu');
  });

  it('the apiDomain option wins over both; accountsDomain and uploadDomain options win over the DC', async () => {
    const accounts = accountsHandler({
      origin: 'https://accounts.custom.test',
      reply: () => ({ access_token: 't', api_domain: 'https://sandbox.zohoapis.eu', expires_in: 3600 }),
    });
    const api = route('get', 'https://crm.custom.test/crm/v8/x', () => ({}));
    const upload = route('post', 'https://upload.zoho.com/crm/v8/upload', () => ({}));
    server.use(accounts.handler, api.handler, upload.handler);
    const c = withCredentials({
      dataCenter: 'eu',
      apiDomain: 'https://crm.custom.test/',
      accountsDomain: 'https://accounts.custom.test',
      uploadDomain: 'https://upload.zoho.com',
    });
    await c.transport.request({ method: 'GET', path: '/crm/v8/x' });
    await c.transport.request({ method: 'POST', path: '/crm/v8/upload', origin: 'upload' });
    expect([accounts.calls.length, api.seen.length, upload.seen.length]).toEqual([1, 1, 1]);
    expect(await c.transport.apiOrigin()).toBe('https://crm.custom.test');
  });

  it('an unusable api_domain falls back to the DC default; the accounts origin is addressable', async () => {
    const c = new BulkClient({
      auth: { getToken: async () => ({ accessToken: 'x', apiDomain: 'not a url' }) },
      dataCenter: 'au',
      clock: new FakeClock(),
    });
    expect(await c.transport.apiOrigin()).toBe('https://www.zohoapis.com.au');
    const revoke = route('post', 'https://accounts.zoho.com.au/oauth/v2/token/revoke', () => ({}));
    server.use(revoke.handler);
    await c.transport.request({
      method: 'POST',
      path: '/oauth/v2/token/revoke',
      origin: 'accounts',
      auth: false,
    });
    expect(revoke.seen).toHaveLength(1);
  });
});
