/**
 * Shared by every example: connect to real Zoho when credentials are in the environment,
 * otherwise start a FakeZoho on 127.0.0.1 so the example runs offline, in a second or two.
 *
 * Real Zoho (read from the environment):
 *   ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET, ZOHO_REFRESH_TOKEN   refresh-token credentials, or
 *   ZOHO_ACCESS_TOKEN                                         a ready access token (never refreshed)
 *   ZOHO_DC             'us' (default), 'eu', 'in', 'au', 'jp', 'ca', 'cn', 'sa'
 *   ZOHO_API_DOMAIN, ZOHO_ACCOUNTS_DOMAIN, ZOHO_UPLOAD_DOMAIN, ZOHO_ORG_ID   optional overrides
 *
 * The examples import the library from `../src/…` so they run from a fresh clone without a
 * build (the package's `exports` point at `dist/`). In your project: import from 'zoho-bulk'
 * and 'zoho-bulk/testing'.
 */
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
// In your project: import { BulkClient, … } from 'zoho-bulk';
import { BulkClient, type BulkClientOptions, type DataCenter, dataCenters } from '../src/index.js';
// In your project: import { FakeZoho, … } from 'zoho-bulk/testing';
import { FakeZoho, type FakeZohoOptions } from '../src/testing/index.js';

export interface Connection {
  client: BulkClient;
  /** Set when the example runs against the fake (no credentials in the environment). */
  fake?: FakeZoho;
  /** Closes the client's idle connections and stops the fake server, so the process exits at once. */
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** How the fake is set up when there are no credentials (modules, page size, views …). */
  fake?: FakeZohoOptions;
}

/** Connects to real Zoho (credentials in the environment) or to a FakeZoho on 127.0.0.1. */
export async function connect(options: ConnectOptions = {}): Promise<Connection> {
  const env = process.env;
  const auth = realAuth(env);
  if (auth !== undefined) {
    const client = new BulkClient({ auth, ...realHosts(env) });
    console.error(`Connected to Zoho CRM (${env.ZOHO_API_DOMAIN ?? `data centre ${env.ZOHO_DC ?? 'us'}`}).`);
    return { client, close: () => client.close() };
  }

  // Jobs complete after 2 status reads, so polls are quick; the data is generated from a seed,
  // so every run sees the same records.
  const fake = new FakeZoho({ pollsToComplete: 2, ...options.fake });
  const server = await fake.listen(); // http://127.0.0.1:<free port>: OAuth, API, upload, download
  const client = new BulkClient({
    auth: {
      clientId: fake.credentials.clientId,
      clientSecret: fake.credentials.clientSecret,
      refreshToken: fake.credentials.refreshToken,
    },
    apiDomain: server.url,
    accountsDomain: server.url,
    uploadDomain: server.url,
    // Zoho's jobs take seconds to minutes (default first wait: 5 s); the fake's take 2 reads.
    poll: { interval: 50, maxInterval: 200 },
  });
  console.error(`No ZOHO_* credentials in the environment: using FakeZoho at ${server.url}.`);
  return {
    client,
    fake,
    close: async () => {
      await client.close();
      await server.close();
    },
  };
}

function realAuth(env: NodeJS.ProcessEnv): BulkClientOptions['auth'] | undefined {
  const {
    ZOHO_CLIENT_ID: clientId,
    ZOHO_CLIENT_SECRET: clientSecret,
    ZOHO_REFRESH_TOKEN: refreshToken,
  } = env;
  if (clientId && clientSecret && refreshToken) return { clientId, clientSecret, refreshToken };
  return env.ZOHO_ACCESS_TOKEN || undefined;
}

function realHosts(env: NodeJS.ProcessEnv): Omit<BulkClientOptions, 'auth'> {
  const hosts: Omit<BulkClientOptions, 'auth'> = {};
  if (env.ZOHO_DC) {
    if (!(env.ZOHO_DC in dataCenters)) {
      throw new Error(`ZOHO_DC must be one of ${Object.keys(dataCenters).join(', ')}, got "${env.ZOHO_DC}"`);
    }
    hosts.dataCenter = env.ZOHO_DC as DataCenter;
  }
  if (env.ZOHO_API_DOMAIN) hosts.apiDomain = env.ZOHO_API_DOMAIN;
  if (env.ZOHO_ACCOUNTS_DOMAIN) hosts.accountsDomain = env.ZOHO_ACCOUNTS_DOMAIN;
  if (env.ZOHO_UPLOAD_DOMAIN) hosts.uploadDomain = env.ZOHO_UPLOAD_DOMAIN;
  if (env.ZOHO_ORG_ID) hosts.orgId = env.ZOHO_ORG_ID;
  return hosts;
}

/**
 * The directory an example writes its files to: `--out-dir`, else `<os tmpdir>/zoho-bulk-examples`
 * (stable, so a rerun finds the previous run's files — see export-to-ndjson.ts). Created if missing.
 */
export async function outputDir(value: string | undefined): Promise<string> {
  const dir = resolve(value ?? join(tmpdir(), 'zoho-bulk-examples'));
  await mkdir(dir, { recursive: true });
  return dir;
}

/**
 * Examples that change data refuse to touch a real CRM unless `--confirm` was given.
 * (Against the fake nothing real is changed.)
 */
export function requireConfirmation(connection: Connection, confirmed: boolean | undefined): void {
  if (connection.fake === undefined && confirmed !== true) {
    throw new Error('This example changes records in your Zoho CRM. Run it again with --confirm to proceed.');
  }
}
