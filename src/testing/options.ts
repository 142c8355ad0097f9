/** FakeZoho's options (each documented once, with its default) and their resolved shape. */
import type { FakeCredentials } from './auth/token-registry.js';

/** Where each kind of request is served. In `listen()` mode all four are the server's URL. */
export interface FakeOrigins {
  /** CRM API (`api_domain`). @default 'https://www.zohoapis.com' */
  api: string;
  /** OAuth server. @default 'https://accounts.zoho.com' */
  accounts: string;
  /** Bulk-write upload host. @default 'https://content.zohoapis.com' */
  upload: string;
  /** Host of absolute result-file URLs (bulk write). @default 'https://download-accl.zoho.com' */
  download: string;
}

export interface FakeModuleOptions {
  /** Number of generated records. */
  records: number;
}

/** A custom view usable as `query.cvid`; its criteria are and-ed with the query's. */
export interface FakeView {
  module: string;
  /** Zoho criteria object (condition or group). @default none (the view has every record) */
  criteria?: unknown;
  name?: string;
}

export interface FakeOrg {
  id: string;
  zgid: string;
  company_name: string;
  domain_name: string;
  primary_email: string;
  currency: string;
  iso_code: string;
  time_zone: string;
  country_code: string;
}

export interface FakeZohoOptions {
  /** Modules and their record counts; exactly these modules exist.
   * @default { Accounts: 200, Contacts: 1000, Leads: 1000, Deals: 500, Events: 200 } (records) */
  modules?: Readonly<Record<string, FakeModuleOptions>>;
  /** Seed of every generated value and id: same seed and options → byte-identical files. @default 1 */
  seed?: number;
  /** Records per bulk-read page (`per_page`). @default 200000 */
  pageSize?: number;
  /** Records per ICS (Events) page. @default 20000 */
  icsPageSize?: number;
  /** Status reads until a job completes (ADDED → QUEUED → IN PROGRESS → COMPLETED). @default 3 */
  pollsToComplete?: number;
  /** When set, jobs complete by fake-clock time instead: ms after creation. @default undefined */
  jobLatency?: number;
  /** Failure state spelling of bulk-read jobs. @default 'FAILURE' */
  failureState?: 'FAILURE' | 'FAILED';
  /** Running state spelling of bulk-write jobs (job, resource and file `status`): Zoho's samples
   * show 'INPROGRESS', its docs, OpenAPI file and SDK enum 'IN PROGRESS'. @default 'INPROGRESS' */
  bulkWriteRunningState?: 'INPROGRESS' | 'IN PROGRESS';
  /** Status of a completed bulk-write job whose every row was skipped: 'COMPLETED', or the
   * documented 'SKIPPED'. @default 'COMPLETED' */
  bulkWriteSkippedState?: 'COMPLETED' | 'SKIPPED';
  /** Access-token lifetime, ms. @default 3600000 */
  tokenLifetime?: number;
  /** Token response shape: `expires_in` seconds, or the legacy `expires_in_sec` + `expires_in` ms. @default 'current' */
  tokenResponse?: 'current' | 'legacy';
  /** Access tokens per refresh token in any 10 minutes before `Access Denied`. @default 10 */
  refreshesPerWindow?: number;
  /** How long a result file can be downloaded after the job completes, ms. @default 86400000 (24 h) */
  downloadExpiry?: number;
  /** Result downloads per minute per access token before 429. @default 10 */
  downloadsPerMinute?: number;
  /** Custom views by cvid. @default {} */
  views?: Readonly<Record<string, FakeView>>;
  /** OAuth client and refresh token the fake accepts. @default generated, see `fake.credentials` */
  credentials?: Partial<FakeCredentials>;
  /** Hosts served by `handlers()`. @default Zoho's US hosts (see FakeOrigins) */
  origins?: Partial<FakeOrigins>;
  /** The org returned by `GET /crm/{v}/org`. @default a fake org with zgid '694902309' */
  org?: Partial<FakeOrg>;
  /** Clock of everything time-based (tokens, jobs, rate limits, expiry). @default Date.now */
  now?: () => number;
  /** Sleep used by `delay` faults. @default setTimeout */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Start CSV result files with a UTF-8 BOM. @default false */
  bom?: boolean;
  /** zlib level of result zips (Zoho's own level is unknown; 1 keeps big exports fast). @default 1 */
  compressionLevel?: number;
  /** First 10 digits of every id. @default '4876876000' */
  idPrefix?: string;
}

export interface ResolvedFakeOptions {
  modules: Readonly<Record<string, FakeModuleOptions>>;
  seed: number;
  pageSize: number;
  icsPageSize: number;
  pollsToComplete: number;
  jobLatency: number | undefined;
  failureState: 'FAILURE' | 'FAILED';
  bulkWriteRunningState: 'INPROGRESS' | 'IN PROGRESS';
  bulkWriteSkippedState: 'COMPLETED' | 'SKIPPED';
  tokenLifetime: number;
  tokenResponse: 'current' | 'legacy';
  refreshesPerWindow: number;
  downloadExpiry: number;
  downloadsPerMinute: number;
  views: Readonly<Record<string, FakeView>>;
  credentials: FakeCredentials;
  origins: FakeOrigins;
  org: FakeOrg;
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  bom: boolean;
  compressionLevel: number;
  idPrefix: string;
}

export const defaultOrigins: FakeOrigins = {
  api: 'https://www.zohoapis.com',
  accounts: 'https://accounts.zoho.com',
  upload: 'https://content.zohoapis.com',
  download: 'https://download-accl.zoho.com',
};

const defaultModules: Record<string, FakeModuleOptions> = {
  Accounts: { records: 200 },
  Contacts: { records: 1000 },
  Leads: { records: 1000 },
  Deals: { records: 500 },
  Events: { records: 200 },
};

function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

const trim = (origin: string): string => origin.replace(/\/+$/, '');

export function resolveFakeOptions(options: FakeZohoOptions): ResolvedFakeOptions {
  const seed = options.seed ?? 1;
  const idPrefix = options.idPrefix ?? '4876876000';
  const origins = { ...defaultOrigins, ...options.origins };
  return {
    modules: options.modules ?? defaultModules,
    seed,
    pageSize: options.pageSize ?? 200_000,
    icsPageSize: options.icsPageSize ?? 20_000,
    pollsToComplete: options.pollsToComplete ?? 3,
    jobLatency: options.jobLatency,
    failureState: options.failureState ?? 'FAILURE',
    bulkWriteRunningState: options.bulkWriteRunningState ?? 'INPROGRESS',
    bulkWriteSkippedState: options.bulkWriteSkippedState ?? 'COMPLETED',
    tokenLifetime: options.tokenLifetime ?? 3_600_000,
    tokenResponse: options.tokenResponse ?? 'current',
    refreshesPerWindow: options.refreshesPerWindow ?? 10,
    downloadExpiry: options.downloadExpiry ?? 86_400_000,
    downloadsPerMinute: options.downloadsPerMinute ?? 10,
    views: options.views ?? {},
    credentials: {
      clientId: options.credentials?.clientId ?? '1000.FAKEZOHOCLIENT0000000000000000',
      clientSecret: options.credentials?.clientSecret ?? 'fake-client-secret-do-not-use',
      refreshToken: options.credentials?.refreshToken ?? `1000.fake-refresh-token.seed${seed}`,
    },
    origins: {
      api: trim(origins.api),
      accounts: trim(origins.accounts),
      upload: trim(origins.upload),
      download: trim(origins.download),
    },
    org: {
      id: `${idPrefix}000000001`,
      zgid: '694902309',
      company_name: 'Zylker (FakeZoho)',
      domain_name: 'org694902309',
      primary_email: 'admin@zylker.example',
      currency: 'US Dollar - USD',
      iso_code: 'USD',
      time_zone: 'America/Los_Angeles',
      country_code: 'US',
      ...options.org,
    },
    now: options.now ?? (() => Date.now()),
    sleep: options.sleep ?? realSleep,
    bom: options.bom ?? false,
    compressionLevel: options.compressionLevel ?? 1,
    idPrefix,
  };
}
