import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readConfigFile, writeConfigFile } from '../../src/cli/config-file.js';
import { credentialId, FileTokenStore } from '../../src/cli/file-token-store.js';
import { runCli } from '../../src/cli/program.js';
import type { BulkClientOptions } from '../../src/core/options.js';
import { FakeZoho } from '../../src/testing/index.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { FakeCliClient } from './helpers/fake-client.js';
import { createTestContext } from './helpers/memory-context.js';

const SECRET = 'client-secret-0123456789';
const REFRESH = '1000.0123456789abcdef0123456789abcdef.0123456789abcdef0123456789abcdef';
let dir: string;
let configPath: string;
beforeEach(async () => {
  dir = await makeTempDir('zoho-bulk-auth-');
  configPath = join(dir, 'cfg', 'config.json');
});

describe('auth status', () => {
  it('shows DC, masked client id, sources and the cached token, never a secret', async () => {
    const id = credentialId({
      accountsDomain: 'https://accounts.zoho.eu',
      clientId: '1000.ABCDEFGHIJKLMNOPQRST',
      refreshToken: REFRESH,
    });
    await writeConfigFile(configPath, {
      version: 1,
      profiles: {
        default: {
          dataCenter: 'eu',
          clientId: '1000.ABCDEFGHIJKLMNOPQRST',
          clientSecret: SECRET,
          refreshToken: REFRESH,
          token: {
            accessToken: '1000.aaaa1111bbbb2222cccc3333dddd4444.eeee',
            expiresAt: 3_600_000,
            credentialId: id,
          },
        },
      },
    });
    const t = createTestContext({ env: { ZOHO_BULK_CONFIG: configPath }, now: () => 600_000 });
    expect(await runCli(['auth', 'status'], t.ctx)).toBe(0);
    const out = t.stdout.text();
    expect(out).toBe(
      [
        'Profile: default',
        `Config file: ${configPath} (mode 600)`,
        'Data centre: eu (config file)',
        'Accounts server: https://accounts.zoho.eu',
        'Client id: 1000.A…QRST (config file)',
        'Client secret: set (config file)',
        'Refresh token: set (config file)',
        'Cached access token: valid until 1970-01-01T01:00:00.000Z (in 50 min)',
        '',
      ].join('\n'),
    );
    expect(out + t.stderr.text()).not.toMatch(/client-secret-0123|0123456789abcdef|aaaa1111/);
  });

  it('says when nothing is configured (exit 4), and names a static token', async () => {
    const none = createTestContext({ env: { ZOHO_BULK_CONFIG: configPath } });
    expect(await runCli(['auth', 'status'], none.ctx)).toBe(4);
    expect(none.stdout.text()).toContain(
      'Auth: not configured (missing ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET, ZOHO_REFRESH_TOKEN)',
    );
    const stat1 = createTestContext({
      env: { ZOHO_BULK_CONFIG: configPath, ZOHO_ACCESS_TOKEN: 'tok-123456' },
    });
    expect(await runCli(['auth', 'status'], stat1.ctx)).toBe(0);
    expect(stat1.stdout.text()).toContain('Auth: static access token from ZOHO_ACCESS_TOKEN');
    expect(stat1.stdout.text()).not.toContain('tok-123456');
  });

  it('warns about a config file others can read', async () => {
    await writeConfigFile(configPath, { version: 1, profiles: {} });
    const { chmod } = await import('node:fs/promises');
    await chmod(configPath, 0o644);
    const t = createTestContext({ env: { ZOHO_BULK_CONFIG: configPath } });
    await runCli(['auth', 'status'], t.ctx);
    expect(t.stdout.text()).toContain(
      `Warning: the config file is readable by others; run: chmod 600 ${configPath}`,
    );
  });
});

describe('auth login against FakeZoho', () => {
  let fake: FakeZoho;
  let server: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    fake = new FakeZoho({ modules: { Contacts: { records: 10 } } });
    server = await fake.listen();
  });
  afterAll(async () => {
    await server.close();
  });

  it('exchanges the grant code and saves the credentials 0600, printing no secret', async () => {
    const { clientId, clientSecret } = fake.credentials;
    const code = fake.createGrantCode();
    const t = createTestContext({ env: { ZOHO_BULK_CONFIG: configPath } });
    const exit = await runCli(
      [
        '--accounts-domain',
        server.url,
        '--dc',
        'eu',
        'auth',
        'login',
        '--client-id',
        clientId,
        '--client-secret',
        clientSecret,
        '--code',
        code,
      ],
      t.ctx,
    );
    expect(t.stderr.text()).toBe('');
    expect(exit).toBe(0);
    expect((await stat(configPath)).mode & 0o777).toBe(0o600);
    const saved = (await readConfigFile(configPath)).profiles.default;
    expect(saved).toMatchObject({ dataCenter: 'eu', accountsDomain: server.url, clientId, clientSecret });
    expect(saved?.refreshToken).toEqual(expect.any(String));
    expect(saved?.token?.accessToken).toEqual(expect.any(String));
    const printed = t.stdout.text();
    expect(printed).toContain("Logged in: profile 'default', data centre eu");
    expect(printed).toContain(`Credentials saved to ${configPath} (mode 600)`);
    for (const secret of [clientSecret, code, saved?.refreshToken ?? '?', saved?.token?.accessToken ?? '?']) {
      expect(printed).not.toContain(secret);
    }
    // The cached token is found by the store the next command uses.
    const store = new FileTokenStore({
      path: configPath,
      profile: 'default',
      credentialId: credentialId({
        accountsDomain: server.url,
        clientId,
        refreshToken: saved?.refreshToken ?? '',
      }),
    });
    expect((await store.get())?.accessToken).toBe(saved?.token?.accessToken);

    // A grant code works once: the second login fails with the invalid_code hint (exit 4).
    const again = createTestContext({ env: { ZOHO_BULK_CONFIG: configPath } });
    const exit2 = await runCli(
      [
        '--accounts-domain',
        server.url,
        'auth',
        'login',
        '--client-id',
        clientId,
        '--client-secret',
        clientSecret,
        '--code',
        code,
      ],
      again.ctx,
    );
    expect(exit2).toBe(4);
    expect(again.stderr.text()).toMatch(/^Error \[invalid_code\]: .*grant code expired/);
    expect(again.stderr.text()).not.toContain(clientSecret);
    expect(again.stderr.text()).not.toContain(code);
  });

  it('names the wrong data centre on invalid_client', async () => {
    const t = createTestContext({
      env: { ZOHO_BULK_CONFIG: configPath, ZOHO_CLIENT_SECRET: 'wrong-secret-value' },
    });
    const exit = await runCli(
      [
        '--accounts-domain',
        server.url,
        'auth',
        'login',
        '--client-id',
        '1000.UNKNOWN',
        '--code',
        fake.createGrantCode(),
      ],
      t.ctx,
    );
    expect(exit).toBe(4);
    expect(t.stderr.text()).toMatch(/^Error \[invalid_client\]: .*\(hint: wrong data centre\? .*--dc eu/);
    expect(t.stderr.text()).not.toContain('wrong-secret-value');
  });
});

describe('auth logout', () => {
  it('removes the profile', async () => {
    await writeConfigFile(configPath, {
      version: 1,
      profiles: { default: { clientId: 'x' }, other: { clientId: 'y' } },
    });
    const t = createTestContext({ env: { ZOHO_BULK_CONFIG: configPath } });
    expect(await runCli(['auth', 'logout'], t.ctx)).toBe(0);
    expect((await readConfigFile(configPath)).profiles).toEqual({ other: { clientId: 'y' } });
    expect(
      await runCli(['auth', 'logout'], createTestContext({ env: { ZOHO_BULK_CONFIG: configPath } }).ctx),
    ).toBe(2);
  });
});

describe('client options', () => {
  it('builds BulkClient options from flags, env and file, with the file token cache', async () => {
    await writeConfigFile(configPath, {
      version: 1,
      profiles: {
        work: { dataCenter: 'eu', clientId: 'cid', clientSecret: SECRET, refreshToken: REFRESH, orgId: '77' },
      },
    });
    let options: BulkClientOptions | undefined;
    const t = createTestContext({
      env: { ZOHO_BULK_CONFIG: configPath, ZOHO_PROFILE: 'work', ZOHO_API_DOMAIN: 'http://127.0.0.1:9' },
      client: new FakeCliClient(),
      onClientOptions: (o) => {
        options = o;
      },
    });
    expect(
      await runCli(
        ['--poll-interval', '2s', '--wait-timeout', '10m', '--api-version', 'v7', 'job', 'read', '1'],
        t.ctx,
      ),
    ).toBe(0);
    expect(options).toMatchObject({
      auth: { clientId: 'cid', clientSecret: SECRET, refreshToken: REFRESH },
      dataCenter: 'eu',
      accountsDomain: 'https://accounts.zoho.eu',
      apiDomain: 'http://127.0.0.1:9',
      apiVersion: 'v7',
      orgId: '77',
      poll: { interval: 2000, maxInterval: 40_000, timeout: 600_000 },
    });
    expect(options?.tokenStore).toBeInstanceOf(FileTokenStore);
    expect(options?.logger).toBeUndefined();
    expect(await readFile(configPath, 'utf8')).not.toContain('accessToken');
  });

  it('passes a static token as is, without a token store, and a logger with --verbose', async () => {
    let options: BulkClientOptions | undefined;
    const t = createTestContext({
      env: { ZOHO_ACCESS_TOKEN: 'static-tok', ZOHO_POLL_INTERVAL: '250ms' },
      client: new FakeCliClient(),
      onClientOptions: (o) => {
        options = o;
      },
    });
    expect(await runCli(['-v', 'job', 'read', '1'], t.ctx)).toBe(0);
    expect(options?.auth).toBe('static-tok');
    expect(options?.tokenStore).toBeUndefined();
    expect(options?.poll).toEqual({ interval: 250, maxInterval: 5000 });
    options?.logger?.({
      type: 'request',
      method: 'GET',
      url: 'https://www.zohoapis.com/crm/bulk/v8/read/1',
      attempt: 1,
    });
    expect(t.stderr.text()).toBe('→ GET https://www.zohoapis.com/crm/bulk/v8/read/1\n');
  });
});
