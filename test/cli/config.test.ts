import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/cli/config.js';
import { CliError } from '../../src/cli/exit-codes.js';

const file = {
  dataCenter: 'in',
  apiDomain: 'https://file.example',
  accountsDomain: 'https://accounts.file.example',
  uploadDomain: 'https://upload.file.example',
  orgId: 'file-org',
  apiVersion: 'v6',
  clientId: 'file-client',
  clientSecret: 'file-secret',
  refreshToken: 'file-refresh',
};
const env = {
  ZOHO_DC: 'eu',
  ZOHO_API_DOMAIN: 'https://env.example',
  ZOHO_ACCOUNTS_DOMAIN: 'https://accounts.env.example',
  ZOHO_UPLOAD_DOMAIN: 'https://upload.env.example',
  ZOHO_ORG_ID: 'env-org',
  ZOHO_API_VERSION: 'v7',
  ZOHO_CLIENT_ID: 'env-client',
  ZOHO_CLIENT_SECRET: 'env-secret',
  ZOHO_REFRESH_TOKEN: 'env-refresh',
};
const flags = {
  dc: 'au',
  apiDomain: 'https://flag.example',
  accountsDomain: 'https://accounts.flag.example',
  uploadDomain: 'https://upload.flag.example',
  orgId: 'flag-org',
  apiVersion: 'v8',
};

describe('resolveConfig precedence', () => {
  it('takes flags over environment over the config file', () => {
    const c = resolveConfig(flags, env, file);
    expect([c.dataCenter, c.apiDomain, c.accountsDomain, c.uploadDomain, c.orgId, c.apiVersion]).toEqual([
      'au',
      'https://flag.example',
      'https://accounts.flag.example',
      'https://upload.flag.example',
      'flag-org',
      'v8',
    ]);
    expect(Object.values(c.sources)).toEqual(['flag', 'flag', 'flag', 'flag', 'flag', 'flag']);
  });

  it('takes the environment over the config file when no flag is given', () => {
    const c = resolveConfig({}, env, file);
    expect([c.dataCenter, c.apiDomain, c.accountsDomain, c.uploadDomain, c.orgId, c.apiVersion]).toEqual([
      'eu',
      'https://env.example',
      'https://accounts.env.example',
      'https://upload.env.example',
      'env-org',
      'v7',
    ]);
    expect(c.auth).toEqual({
      kind: 'refresh',
      clientId: 'env-client',
      clientSecret: 'env-secret',
      refreshToken: 'env-refresh',
      source: { clientId: 'env', clientSecret: 'env', refreshToken: 'env' },
    });
  });

  it('falls back to the config file, then to defaults', () => {
    const c = resolveConfig({}, {}, file);
    expect([c.dataCenter, c.apiDomain, c.orgId, c.apiVersion]).toEqual([
      'in',
      'https://file.example',
      'file-org',
      'v6',
    ]);
    expect(c.auth).toMatchObject({ kind: 'refresh', clientId: 'file-client', source: { clientId: 'file' } });

    const d = resolveConfig({}, {}, undefined);
    expect(d.dataCenter).toBe('us');
    expect(d.accountsDomain).toBe('https://accounts.zoho.com');
    expect(d.apiDomain).toBeUndefined();
    expect(d.auth).toEqual({
      kind: 'none',
      missing: ['ZOHO_CLIENT_ID', 'ZOHO_CLIENT_SECRET', 'ZOHO_REFRESH_TOKEN'],
    });
  });

  it('derives the accounts server from the data centre unless one is given', () => {
    expect(resolveConfig({ dc: 'eu' }, {}, undefined).accountsDomain).toBe('https://accounts.zoho.eu');
    expect(resolveConfig({ dc: 'CA' }, {}, undefined).accountsDomain).toBe('https://accounts.zohocloud.ca');
  });

  it('mixes sources per setting: an env refresh token with the file client', () => {
    const c = resolveConfig({}, { ZOHO_REFRESH_TOKEN: 'env-refresh' }, file);
    expect(c.auth).toMatchObject({
      clientId: 'file-client',
      refreshToken: 'env-refresh',
      source: { clientId: 'file', clientSecret: 'file', refreshToken: 'env' },
    });
  });

  it('prefers ZOHO_ACCESS_TOKEN (a static token) over refresh credentials', () => {
    const c = resolveConfig({}, { ...env, ZOHO_ACCESS_TOKEN: 'static-token' }, file);
    expect(c.auth).toEqual({ kind: 'static', accessToken: 'static-token', source: 'env' });
  });

  it('ignores empty values', () => {
    const c = resolveConfig({ dc: '' }, { ZOHO_DC: '  ' }, { dataCenter: 'jp' });
    expect(c.dataCenter).toBe('jp');
  });

  it('uses --profile, then ZOHO_PROFILE, then default', () => {
    expect(resolveConfig({ profile: 'a' }, { ZOHO_PROFILE: 'b' }, undefined).profile).toBe('a');
    expect(resolveConfig({}, { ZOHO_PROFILE: 'b' }, undefined).profile).toBe('b');
    expect(resolveConfig({}, {}, undefined).profile).toBe('default');
  });

  it('refuses bad values with usage errors (exit 2)', () => {
    const cases: [Record<string, string>, Record<string, string>][] = [
      [{ dc: 'mars' }, {}],
      [{}, { ZOHO_API_VERSION: 'v9' }],
      [{ apiDomain: 'not a url' }, {}],
      [{ apiDomain: 'https://www.zohoapis.eu/crm' }, {}],
      [{ accountsDomain: 'ftp://accounts.zoho.eu' }, {}],
    ];
    for (const [f, e] of cases) {
      let error: unknown;
      try {
        resolveConfig(f, e, undefined);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(CliError);
      expect((error as CliError).exitCode).toBe(2);
    }
  });

  it('normalises origins and versions', () => {
    const c = resolveConfig({ apiDomain: 'https://www.zohoapis.eu/', apiVersion: '7' }, {}, undefined);
    expect(c.apiDomain).toBe('https://www.zohoapis.eu');
    expect(c.apiVersion).toBe('v7');
  });
});
