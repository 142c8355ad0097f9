/**
 * End-to-end through a child process against `zoho-bulk fake-server` (another child process):
 * export, kill + --resume, import with results, mass update, the progress bar under a pseudo-
 * terminal. These need client.bulkRead/bulkWrite/massUpdate: they run once BulkClient has them.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BulkClient } from '../../src/client.js';
import { FakeZoho } from '../../src/testing/index.js';
import {
  cleanEnv,
  cliCommand,
  collect,
  REPO_ROOT,
  runCli,
  startCli,
  waitForOutput,
} from './helpers/run-cli.js';

const resourcesReady = 'bulkRead' in new BulkClient({ auth: 'probe' });
const CONTACTS = 2500;
const PAGE = 1000;

/** Resolves once `predicate` holds for the file's JSON (checked on each poll of the file). */
async function waitForFile(
  path: string,
  predicate: (json: unknown) => boolean,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if (predicate(JSON.parse(await readFile(path, 'utf8')))) return;
    } catch {
      // not there yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${path}`);
}

describe.skipIf(!resourcesReady)('CLI against fake-server (child processes)', { timeout: 120_000 }, () => {
  let dir: string;
  let server: ReturnType<typeof startCli>;
  let serverOutput: ReturnType<typeof collect>;
  let env: Record<string, string>;
  const expected = [...new FakeZoho({ modules: { Contacts: { records: CONTACTS } } }).records('Contacts')];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zoho-bulk-e2e-'));
    server = startCli([
      'fake-server',
      '--records',
      `Contacts=${CONTACTS},Leads=100`,
      '--page-size',
      String(PAGE),
      '--latency',
      '600ms',
      '--view',
      '111=Leads',
    ]);
    serverOutput = collect(server);
    const text = await waitForOutput(server, /grant code/);
    env = { XDG_CONFIG_HOME: join(dir, 'xdg'), ZOHO_POLL_INTERVAL: '100ms' };
    for (const m of text.matchAll(/^export (ZOHO_\w+)=(.*)$/gm)) env[m[1] as string] = m[2] as string;
    env.ZOHO_POLL_INTERVAL = '100ms';
  }, 60_000);
  afterAll(async () => {
    server.kill('SIGINT');
    await serverOutput;
  }, 60_000);

  it('exports NDJSON and CSV equal to the fake records, printing no secret', async () => {
    const nd = await runCli(['export', 'Contacts', '--out', join(dir, 'c.ndjson')], { env });
    expect(nd.stderr).not.toContain(env.ZOHO_CLIENT_SECRET);
    expect(nd.code).toBe(0);
    const lines = (await readFile(join(dir, 'c.ndjson'), 'utf8')).trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual(expected);

    const csv = await runCli(['export', 'Contacts', '--format', 'csv'], { env });
    expect(csv.code).toBe(0);
    expect(parse(csv.stdout, { columns: true })).toEqual(expected);
    expect(csv.stderr).not.toMatch(/records \|/); // no progress bar when not a TTY
  });

  it('continues a killed export with --resume: no record missing or duplicated', async () => {
    const out = join(dir, 'r.ndjson');
    const state = join(dir, 'r.state.json');
    const args = ['export', 'Contacts', '--out', out, '--resume', state];
    const child = startCli(args, { env });
    const done = collect(child);
    await waitForFile(state, (s) => (s as { checkpoint: unknown }).checkpoint !== null);
    child.kill('SIGINT');
    const first = await done;
    expect(first.code).toBe(130);
    expect(first.stderr).toContain('rerun the same command to continue');
    const saved = JSON.parse(await readFile(state, 'utf8')) as { records: number; complete: boolean };
    expect(saved.complete).toBe(false);
    expect(saved.records).toBeGreaterThan(0);
    expect(saved.records).toBeLessThan(CONTACTS);

    const second = await runCli(args, { env });
    expect(second.code).toBe(0);
    const ids = (await readFile(out, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((l) => (JSON.parse(l) as { Id: string }).Id);
    expect(ids).toEqual(expected.map((r) => r.Id));
  });

  it('imports with a results file and exit 3 for skipped rows', async () => {
    const rows = ['Last_Name,Company,Email'];
    for (let i = 0; i < 30; i++) rows.push(`${i === 7 ? '' : `Name${i}`},Acme,l${i}@x.example`);
    await writeFile(join(dir, 'leads.csv'), `${rows.join('\n')}\n`);
    const r = await runCli(
      [
        'import',
        'Leads',
        join(dir, 'leads.csv'),
        '--operation',
        'insert',
        '--results',
        join(dir, 'results.csv'),
      ],
      { env },
    );
    expect(r.code).toBe(3);
    const results = parse(await readFile(join(dir, 'results.csv'), 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    expect(results).toHaveLength(30);
    expect(results[7]).toMatchObject({ row: '8', status: 'SKIPPED' });
    expect(results[7]?.errors).toContain('MANDATORY_NOT_FOUND');
    expect(results.filter((x) => x.status === 'ADDED')).toHaveLength(29);
    expect(r.stdout).toMatch(/ADDED +29/);
  });

  it('runs a cvid mass update to completion', async () => {
    const r = await runCli(
      ['mass-update', 'Leads', '--set', 'Lead_Status=Contacted', '--cvid', '111', '--wait'],
      { env },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Mass update job \d+: COMPLETED/);
  });

  it('shows the progress bar under a pseudo-terminal', async () => {
    const command = [
      process.execPath,
      ...cliCommand(),
      'export',
      'Contacts',
      '--out',
      join(dir, 'tty.ndjson'),
    ]
      .map((a) => `'${a}'`)
      .join(' ');
    const { stdout } = await promisify(execFile)('script', ['-qec', command, '/dev/null'], {
      cwd: REPO_ROOT,
      env: cleanEnv(env),
    });
    expect(stdout).toMatch(/Contacts \| .*records/);
    expect(stdout).toContain('page');
    expect((await stat(join(dir, 'tty.ndjson'))).size).toBeGreaterThan(0);
  });
});
