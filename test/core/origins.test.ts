/** One module resolves data centres and origins (core/data-centers.ts); every entry point uses it. */
import { describe, expect, it } from 'vitest';
import {
  apiOrigin,
  apiOriginForAccounts,
  dataCenterHosts,
  originOf,
  resolveOrigins,
} from '../../src/core/data-centers.js';

describe('origins', () => {
  it('resolveOrigins: explicit origins beat the data centre; trailing slashes go', () => {
    expect(resolveOrigins({})).toEqual({
      dataCenter: 'us',
      apiOverride: undefined,
      defaultApi: 'https://www.zohoapis.com',
      accounts: 'https://accounts.zoho.com',
      upload: 'https://content.zohoapis.com',
    });
    expect(
      resolveOrigins({
        dataCenter: 'eu',
        apiDomain: 'https://sandbox.zohoapis.eu/',
        accountsDomain: 'http://127.0.0.1:4010//',
      }),
    ).toEqual({
      dataCenter: 'eu',
      apiOverride: 'https://sandbox.zohoapis.eu',
      defaultApi: 'https://www.zohoapis.eu',
      accounts: 'http://127.0.0.1:4010',
      upload: 'https://content.zohoapis.eu',
    });
  });

  it('an unknown data centre is a TypeError, inherited names included', () => {
    expect(() => dataCenterHosts('xx' as never)).toThrow(new TypeError("Unknown dataCenter 'xx'"));
    expect(() => resolveOrigins({ dataCenter: 'toString' as never })).toThrow(TypeError);
    expect(dataCenterHosts().accountsDomain).toBe('https://accounts.zoho.com');
  });

  it('apiOrigin: the option, else a valid token api_domain, else the data centre default', () => {
    const dc = { apiOverride: undefined, defaultApi: 'https://www.zohoapis.com' };
    expect(apiOrigin(dc, 'https://www.zohoapis.in/')).toBe('https://www.zohoapis.in');
    expect(apiOrigin(dc, 'not a url')).toBe('https://www.zohoapis.com');
    expect(apiOrigin(dc, 'ftp://www.zohoapis.in')).toBe('https://www.zohoapis.com');
    expect(apiOrigin(dc, undefined)).toBe('https://www.zohoapis.com');
    expect(apiOrigin({ ...dc, apiOverride: 'http://127.0.0.1:1' }, 'https://www.zohoapis.in')).toBe(
      'http://127.0.0.1:1',
    );
  });

  it('originOf and apiOriginForAccounts', () => {
    expect(originOf('https://download.zoho.com:8443/a?b')).toBe('https://download.zoho.com:8443');
    expect(originOf(undefined)).toBeUndefined();
    expect(apiOriginForAccounts('https://accounts.zohocloud.ca/')).toBe('https://www.zohoapis.ca');
    expect(apiOriginForAccounts('http://127.0.0.1:4010')).toBeUndefined();
  });
});
