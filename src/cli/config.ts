/**
 * CLI configuration: every setting comes from a flag, else the environment, else the profile in the
 * user config file, else the library default. Pure: no I/O here (config-file.ts reads the file).
 */
import { type DataCenter, dataCenters, resolveOrigins } from '../core/data-centers.js';
import type { ApiVersion } from '../core/options.js';
import type { ProfileConfig } from './config-file.js';
import { usageError } from './exit-codes.js';

/** Global flags that carry configuration (commander's camelCase names). */
export interface ConfigFlags {
  dc?: string | undefined;
  apiDomain?: string | undefined;
  accountsDomain?: string | undefined;
  uploadDomain?: string | undefined;
  orgId?: string | undefined;
  apiVersion?: string | undefined;
  profile?: string | undefined;
}

export type Env = Readonly<Record<string, string | undefined>>;

export type ConfigSource = 'flag' | 'env' | 'file' | 'default';

export type CliAuth =
  | { kind: 'static'; accessToken: string; source: ConfigSource }
  | {
      kind: 'refresh';
      clientId: string;
      clientSecret: string;
      refreshToken: string;
      source: Record<'clientId' | 'clientSecret' | 'refreshToken', ConfigSource>;
    }
  | { kind: 'none'; missing: string[] };

export interface CliConfig {
  profile: string;
  dataCenter: DataCenter;
  apiDomain: string | undefined;
  /** Always set: the flag/env/file value, else the data centre's accounts server. */
  accountsDomain: string;
  uploadDomain: string | undefined;
  orgId: string | undefined;
  apiVersion: ApiVersion | undefined;
  auth: CliAuth;
  /** Where each setting came from (for `auth status`). */
  sources: Record<
    'dataCenter' | 'apiDomain' | 'accountsDomain' | 'uploadDomain' | 'orgId' | 'apiVersion',
    ConfigSource
  >;
}

const API_VERSIONS: readonly ApiVersion[] = ['v2', 'v2.1', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8'];
export const DATA_CENTERS = Object.keys(dataCenters) as DataCenter[];

/** The profile name: `--profile`, else `ZOHO_PROFILE`, else `default`. */
export function profileName(flags: ConfigFlags, env: Env): string {
  return nonEmpty(flags.profile) ?? nonEmpty(env.ZOHO_PROFILE) ?? 'default';
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function pick(
  flag: string | undefined,
  envValue: string | undefined,
  fileValue: string | undefined,
): { value: string | undefined; source: ConfigSource } {
  const f = nonEmpty(flag);
  if (f !== undefined) return { value: f, source: 'flag' };
  const e = nonEmpty(envValue);
  if (e !== undefined) return { value: e, source: 'env' };
  const c = nonEmpty(fileValue);
  if (c !== undefined) return { value: c, source: 'file' };
  return { value: undefined, source: 'default' };
}

export function parseDataCenter(value: string): DataCenter {
  const dc = value.toLowerCase();
  if (!(DATA_CENTERS as string[]).includes(dc)) {
    throw usageError(`Unknown data centre '${value}'`, `use one of ${DATA_CENTERS.join(', ')}`);
  }
  return dc as DataCenter;
}

export function parseApiVersion(value: string): ApiVersion {
  const v = value.startsWith('v') ? value : `v${value}`;
  if (!(API_VERSIONS as string[]).includes(v)) {
    throw usageError(`Unknown API version '${value}'`, `use one of ${API_VERSIONS.join(', ')}`);
  }
  return v as ApiVersion;
}

/** An origin (`https://host[:port]`); a trailing slash or path is refused so URLs compose cleanly. */
export function parseOrigin(value: string, what: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw usageError(`${what} '${value}' is not a URL`, 'give an origin such as https://www.zohoapis.eu');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw usageError(`${what} '${value}' must be an http(s) URL`);
  }
  if (url.pathname !== '/' && url.pathname !== '') {
    throw usageError(`${what} '${value}' must be an origin without a path`, `use ${url.origin}`);
  }
  return url.origin;
}

/** Resolves flags > environment > config-file profile > defaults. Throws usage errors on bad values. */
export function resolveConfig(flags: ConfigFlags, env: Env, file: ProfileConfig | undefined): CliConfig {
  const p = file ?? {};
  const dc = pick(flags.dc, env.ZOHO_DC, p.dataCenter);
  const api = pick(flags.apiDomain, env.ZOHO_API_DOMAIN, p.apiDomain);
  const accounts = pick(flags.accountsDomain, env.ZOHO_ACCOUNTS_DOMAIN, p.accountsDomain);
  const upload = pick(flags.uploadDomain, env.ZOHO_UPLOAD_DOMAIN, p.uploadDomain);
  const org = pick(flags.orgId, env.ZOHO_ORG_ID, p.orgId);
  const version = pick(flags.apiVersion, env.ZOHO_API_VERSION, p.apiVersion);

  const dataCenter = dc.value === undefined ? 'us' : parseDataCenter(dc.value);
  const accountsDomain = resolveOrigins({
    dataCenter,
    accountsDomain: accounts.value === undefined ? undefined : parseOrigin(accounts.value, 'Accounts domain'),
  }).accounts;

  return {
    profile: profileName(flags, env),
    dataCenter,
    apiDomain: api.value === undefined ? undefined : parseOrigin(api.value, 'API domain'),
    accountsDomain,
    uploadDomain: upload.value === undefined ? undefined : parseOrigin(upload.value, 'Upload domain'),
    orgId: org.value,
    apiVersion: version.value === undefined ? undefined : parseApiVersion(version.value),
    auth: resolveAuth(env, p),
    sources: {
      dataCenter: dc.source,
      apiDomain: api.source,
      accountsDomain: accounts.source,
      uploadDomain: upload.source,
      orgId: org.source,
      apiVersion: version.source,
    },
  };
}

/**
 * `ZOHO_ACCESS_TOKEN` (a static token) wins; otherwise each of client id, client secret and refresh
 * token comes from the environment, else the profile.
 */
function resolveAuth(env: Env, p: ProfileConfig): CliAuth {
  const token = nonEmpty(env.ZOHO_ACCESS_TOKEN);
  if (token !== undefined) return { kind: 'static', accessToken: token, source: 'env' };
  const clientId = pick(undefined, env.ZOHO_CLIENT_ID, p.clientId);
  const clientSecret = pick(undefined, env.ZOHO_CLIENT_SECRET, p.clientSecret);
  const refreshToken = pick(undefined, env.ZOHO_REFRESH_TOKEN, p.refreshToken);
  if (clientId.value !== undefined && clientSecret.value !== undefined && refreshToken.value !== undefined) {
    return {
      kind: 'refresh',
      clientId: clientId.value,
      clientSecret: clientSecret.value,
      refreshToken: refreshToken.value,
      source: {
        clientId: clientId.source,
        clientSecret: clientSecret.source,
        refreshToken: refreshToken.source,
      },
    };
  }
  const missing: string[] = [];
  if (clientId.value === undefined) missing.push('ZOHO_CLIENT_ID');
  if (clientSecret.value === undefined) missing.push('ZOHO_CLIENT_SECRET');
  if (refreshToken.value === undefined) missing.push('ZOHO_REFRESH_TOKEN');
  return { kind: 'none', missing };
}
