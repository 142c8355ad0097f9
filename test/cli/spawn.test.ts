/**
 * The CLI as a user runs it: a child process (`node --import tsx src/cli/main.ts`, or the build with
 * ZOHO_BULK_CLI=dist), FakeZoho over loopback, exit codes and what reaches stdout/stderr.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/temp-dir.js';
import { collect, runCli, startCli, waitForOutput } from './helpers/run-cli.js';

const SECRET = 'spawn-test-client-secret';
const REFRESH = '1000.feedfacefeedfacefeedfacefeedface.0badc0de0badc0de0badc0de0badc0de';
let dir: string;
beforeAll(async () => {
  dir = await makeTempDir('zoho-bulk-spawn-');
});

describe('zoho-bulk (child process)', { timeout: 90_000 }, () => {
  it('prints help with examples and exit codes (exit 0), and the version', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: zoho-bulk [options] [command]');
    expect(help.stdout).toContain('Exit codes:');
    const exportHelp = await runCli(['export', '--help']);
    expect(exportHelp.code).toBe(0);
    expect(exportHelp.stdout).toContain('$ zoho-bulk export Contacts');
    const version = await runCli(['--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('exits 2 on usage errors and 4 without credentials', async () => {
    const home = { HOME: dir, XDG_CONFIG_HOME: join(dir, 'xdg') };
    const missing = await runCli(['export'], { env: home });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("missing required argument 'module'");
    const where = await runCli(['export', 'Contacts', '--where', 'Email like x'], { env: home });
    expect(where.code).toBe(2);
    expect(where.stderr).toMatch(/^Error: Invalid --where 'Email like x': unknown operator 'like'/);
    const noCreds = await runCli(['export', 'Contacts'], { env: home });
    expect(noCreds.code).toBe(4);
    expect(noCreds.stderr).toMatch(/^Error \[NO_CREDENTIALS\]/);
  });

  it('auth status reads the environment and prints no secret', async () => {
    const r = await runCli(['auth', 'status', '--dc', 'eu'], {
      env: {
        XDG_CONFIG_HOME: join(dir, 'xdg'),
        ZOHO_CLIENT_ID: '1000.SPAWNCLIENTID0000000000',
        ZOHO_CLIENT_SECRET: SECRET,
        ZOHO_REFRESH_TOKEN: REFRESH,
      },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Data centre: eu (flag)');
    expect(r.stdout).toContain('Client id: 1000.S…0000 (environment)');
    expect(r.stdout + r.stderr).not.toContain(SECRET);
    expect(r.stdout + r.stderr).not.toContain(REFRESH);
  });
});

describe('fake-server + auth login (two child processes)', { timeout: 90_000 }, () => {
  let server: ReturnType<typeof startCli>;
  let output: Promise<Awaited<ReturnType<typeof collect>>>;
  let env: Record<string, string>;
  let grantCode: string;

  beforeAll(async () => {
    server = startCli(['fake-server', '--records', 'Contacts=100', '--latency', '50ms']);
    output = collect(server);
    const text = await waitForOutput(server, /grant code .*: \S+\n/);
    env = {};
    for (const match of text.matchAll(/^export (ZOHO_\w+)=(.*)$/gm))
      env[match[1] as string] = match[2] as string;
    grantCode = /grant code .*: (\S+)\n/.exec(text)?.[1] ?? '';
  }, 60_000);
  afterAll(async () => {
    server.kill('SIGINT');
    await output;
  }, 60_000);

  it('prints the environment that points the CLI at it, marked as fake', async () => {
    expect(Object.keys(env).sort()).toEqual([
      'ZOHO_ACCOUNTS_DOMAIN',
      'ZOHO_API_DOMAIN',
      'ZOHO_CLIENT_ID',
      'ZOHO_CLIENT_SECRET',
      'ZOHO_POLL_INTERVAL',
      'ZOHO_REFRESH_TOKEN',
      'ZOHO_UPLOAD_DOMAIN',
    ]);
    expect(env.ZOHO_API_DOMAIN).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(grantCode).not.toBe('');
  });

  it('auth login exchanges its grant code; the saved config is 0600 and nothing secret is printed', async () => {
    const configPath = join(dir, 'login', 'config.json');
    const r = await runCli(
      [
        'auth',
        'login',
        '--accounts-domain',
        env.ZOHO_ACCOUNTS_DOMAIN as string,
        '--client-id',
        env.ZOHO_CLIENT_ID as string,
        '--code',
        grantCode,
      ],
      { env: { ZOHO_BULK_CONFIG: configPath, ZOHO_CLIENT_SECRET: env.ZOHO_CLIENT_SECRET } },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect((await stat(configPath)).mode & 0o777).toBe(0o600);
    expect(r.stdout).not.toContain(env.ZOHO_CLIENT_SECRET);
    expect(r.stdout).not.toContain(grantCode);

    const status = await runCli(['auth', 'status'], { env: { ZOHO_BULK_CONFIG: configPath } });
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/Cached access token: valid until .* \(in (59|60) min\)/);
    expect(status.stdout).toContain(`Accounts server: ${env.ZOHO_ACCOUNTS_DOMAIN}`);
  });

  it('stops on SIGINT with exit 0', async () => {
    server.kill('SIGINT');
    const r = await output;
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('FakeZoho stopped.');
  });
});
