/**
 * Zoho data centres — where the OAuth server, the CRM API and the upload host live (zoho-api.md
 * 1.1) — and the one place that turns options (`dataCenter`, `apiDomain`, `accountsDomain`,
 * `uploadDomain`) and a token's `api_domain` into origins: the client, the token providers, the
 * grant-code exchange and the CLI all resolve them here.
 */
export type DataCenter = 'us' | 'eu' | 'in' | 'au' | 'jp' | 'ca' | 'cn' | 'sa';

export interface DataCenterHosts {
  accountsDomain: string;
  apiDomain: string;
  uploadDomain: string;
}

export const dataCenters: Readonly<Record<DataCenter, DataCenterHosts>> = {
  us: {
    accountsDomain: 'https://accounts.zoho.com',
    apiDomain: 'https://www.zohoapis.com',
    uploadDomain: 'https://content.zohoapis.com',
  },
  eu: {
    accountsDomain: 'https://accounts.zoho.eu',
    apiDomain: 'https://www.zohoapis.eu',
    uploadDomain: 'https://content.zohoapis.eu',
  },
  in: {
    accountsDomain: 'https://accounts.zoho.in',
    apiDomain: 'https://www.zohoapis.in',
    uploadDomain: 'https://content.zohoapis.in',
  },
  au: {
    accountsDomain: 'https://accounts.zoho.com.au',
    apiDomain: 'https://www.zohoapis.com.au',
    uploadDomain: 'https://content.zohoapis.com.au',
  },
  jp: {
    accountsDomain: 'https://accounts.zoho.jp',
    apiDomain: 'https://www.zohoapis.jp',
    uploadDomain: 'https://content.zohoapis.jp',
  },
  ca: {
    accountsDomain: 'https://accounts.zohocloud.ca',
    apiDomain: 'https://www.zohoapis.ca',
    uploadDomain: 'https://upload.zohocloud.ca',
  },
  cn: {
    accountsDomain: 'https://accounts.zoho.com.cn',
    apiDomain: 'https://www.zohoapis.com.cn',
    uploadDomain: 'https://content.zohoapis.com.cn',
  },
  sa: {
    accountsDomain: 'https://accounts.zoho.sa',
    apiDomain: 'https://www.zohoapis.sa',
    uploadDomain: 'https://files.zoho.sa',
  },
};

/** An origin option as given, without trailing slashes (`https://accounts.zoho.eu/` → `…zoho.eu`). */
export const trimOrigin = (origin: string): string => origin.replace(/\/+$/, '');

/** The origin (`https://host[:port]`) of an http(s) URL; `undefined` for anything else. */
export function originOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/** The hosts of a data centre. @throws TypeError for a name that is not one (`'toString'` included). */
export function dataCenterHosts(name: DataCenter | undefined = 'us'): DataCenterHosts {
  const hosts = Object.hasOwn(dataCenters, name) ? dataCenters[name] : undefined;
  if (!hosts) throw new TypeError(`Unknown dataCenter '${String(name)}'`);
  return hosts;
}

/** The origin options every entry point takes; each explicit origin beats `dataCenter`. */
export interface OriginOptions {
  /** @default 'us' */
  dataCenter?: DataCenter | undefined;
  apiDomain?: string | undefined;
  accountsDomain?: string | undefined;
  uploadDomain?: string | undefined;
}

export interface Origins {
  dataCenter: DataCenter;
  /** The `apiDomain` option: beats the token's `api_domain`. */
  apiOverride: string | undefined;
  /** The data centre's API origin, used when neither the option nor the token names one. */
  defaultApi: string;
  accounts: string;
  upload: string;
}

/** Resolves the origin options once. @throws TypeError for an unknown data centre. */
export function resolveOrigins(options: OriginOptions): Origins {
  const dataCenter = options.dataCenter ?? 'us';
  const dc = dataCenterHosts(dataCenter);
  return {
    dataCenter,
    apiOverride: options.apiDomain === undefined ? undefined : trimOrigin(options.apiDomain),
    defaultApi: dc.apiDomain,
    accounts: trimOrigin(options.accountsDomain ?? dc.accountsDomain),
    upload: trimOrigin(options.uploadDomain ?? dc.uploadDomain),
  };
}

/**
 * Where CRM calls go: the `apiDomain` option, else the token's `api_domain` (when it is an http(s)
 * URL), else the data centre's default.
 */
export function apiOrigin(
  origins: Pick<Origins, 'apiOverride' | 'defaultApi'>,
  tokenApiDomain: string | undefined,
): string {
  return origins.apiOverride ?? originOf(tokenApiDomain) ?? origins.defaultApi;
}

/** The API origin of the data centre whose accounts server is `accountsOrigin`, if it is one. */
export function apiOriginForAccounts(accountsOrigin: string): string | undefined {
  const origin = trimOrigin(accountsOrigin);
  return Object.values(dataCenters).find((hosts) => hosts.accountsDomain === origin)?.apiDomain;
}

/**
 * Registrable Zoho domains. A host receives the token only when it equals one of these or ends
 * with `.` + one of these (never a substring match: `zoho.com.evil.net` is not Zoho).
 */
export const zohoDomains: readonly string[] = [
  'zoho.com',
  'zohoapis.com',
  'zoho.eu',
  'zohoapis.eu',
  'zoho.in',
  'zohoapis.in',
  'zoho.com.au',
  'zohoapis.com.au',
  'zoho.jp',
  'zohoapis.jp',
  'zohocloud.ca',
  'zohoapis.ca',
  'zoho.com.cn',
  'zohoapis.com.cn',
  'zoho.sa',
  'zohoapis.sa',
  'zoho.uk',
];
