/**
 * End to end: the CLI in child processes (`node --import tsx src/cli/main.ts`) against a FakeZoho
 * served over loopback by this test process, so results are compared with the fake's own data and
 * faults can be injected. Login with a grant code, then (with the saved profile) exports to NDJSON
 * under a pseudo-terminal (progress bar) and to CSV through a pipe (no bar), an export killed with
 * SIGKILL and continued with --resume, an import with a results file, mass updates by custom view
 * and by ids, an import dry run (text and JSON) checked against the real import, a failed job; no
 * run prints a secret. Spawns are few (each costs ~2 s of tsx start).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportProgressEvent } from '../../src/cli/client-types.js';
import { BulkClient } from '../../src/client.js';
import { FakeZoho } from '../../src/testing/index.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import {
  cleanEnv,
  cliCommand,
  collect,
  REPO_ROOT,
  type RunResult,
  runCli,
  startCli,
} from './helpers/run-cli.js';

const CONTACTS = 3000;
const PAGE = 1000;
const LEADS = 100;
const CVID = '4876876000000087501';
const hasScript = (() => {
  try {
    execFileSync('which', ['script'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Held forever: a `delay` fault with this sleep stalls a download until the server closes. */
const stall = new Promise<void>(() => {});
const zoho = new FakeZoho({
  modules: { Contacts: { records: CONTACTS }, Leads: { records: LEADS }, Leads_Subform: { records: 0 } },
  pageSize: PAGE,
  pollsToComplete: 2,
  // Every run shares the login's access token; Zoho's 10 downloads a minute would make one wait.
  downloadsPerMinute: 1000,
  views: { [CVID]: { module: 'Leads' } },
  sleep: () => stall,
});
const expected = [...zoho.records('Contacts')];

let server: Awaited<ReturnType<FakeZoho['listen']>>;
let dir: string;
let env: Record<string, string>;
/** stdout + stderr of every run, checked for secrets at the end. */
const printed: string[] = [];

async function run(args: string[], extraEnv: Record<string, string> = {}): Promise<RunResult> {
  const result = await runCli(args, { env: { ...env, ...extraEnv }, timeoutMs: 60_000 });
  printed.push(result.stdout, result.stderr);
  return result;
}

/** Runs the CLI under a pseudo-terminal (util-linux `script`): stdout and stderr both land in stdout. */
async function runInPty(args: string[]): Promise<RunResult> {
  const quote = (a: string) => `'${a.replaceAll("'", `'\\''`)}'`;
  const command = [process.execPath, ...cliCommand(), ...args].map(quote).join(' ');
  const child: ChildProcess = spawn('script', ['-qec', command, '/dev/null'], {
    cwd: REPO_ROOT,
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const result = await collect(child, { timeoutMs: 60_000 });
  printed.push(result.stdout, result.stderr);
  return result;
}

async function until(predicate: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await predicate().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const lines = async (path: string): Promise<string[]> => (await readFile(path, 'utf8')).trimEnd().split('\n');

beforeAll(async () => {
  server = await zoho.listen();
  dir = await makeTempDir('zoho-bulk-e2e-');
  env = {
    HOME: dir,
    XDG_CONFIG_HOME: join(dir, 'xdg'),
    ZOHO_BULK_CONFIG: join(dir, 'config.json'),
    ZOHO_POLL_INTERVAL: '50ms',
  };
});
afterAll(async () => {
  await server?.close();
});

describe('the CLI against FakeZoho over loopback (child processes)', { timeout: 60_000 }, () => {
  it('auth login exchanges a grant code and saves the profile with mode 0600', async () => {
    const { url } = server;
    const { clientId, clientSecret } = zoho.credentials;
    const code = zoho.createGrantCode();
    const r = await run(
      [
        ...['auth', 'login', '--client-id', clientId, '--code', code],
        ...['--accounts-domain', url, '--api-domain', url, '--upload-domain', url],
      ],
      { ZOHO_CLIENT_SECRET: clientSecret },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      `Logged in: profile 'default', data centre us, client 1000.F…0000\nAPI domain: ${url}\nCredentials saved to ${env.ZOHO_BULK_CONFIG} (mode 600)\n`,
    );
    expect((await stat(env.ZOHO_BULK_CONFIG as string)).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(await readFile(env.ZOHO_BULK_CONFIG as string, 'utf8'));
    expect(saved.profiles.default).toMatchObject({
      clientId,
      clientSecret,
      apiDomain: url,
      accountsDomain: url,
      uploadDomain: url,
      token: { apiDomain: url },
    });
    expect(saved.profiles.default.refreshToken).toMatch(/^1000\./);
  });

  it.skipIf(!hasScript)(
    'exports every page to NDJSON, with a progress bar per page on a terminal',
    async () => {
      const out = join(dir, 'contacts.ndjson');
      const r = await runInPty(['export', 'Contacts', '--out', out]);
      expect(r.code).toBe(0);
      expect((await lines(out)).map((l) => JSON.parse(l))).toEqual(expected);
      const screen = r.stdout;
      // The last frame: records so far, the last page's own bar (its size is Zoho's count), the bars
      // halved to fit the 80 columns `script` assumes.
      expect(screen).toContain('Contacts | 3,000 records | page 3 (last) [█████] 100% of 1,000');
      expect(screen).toMatch(/Exported 3000 records of Contacts to .*contacts\.ndjson in \d+\.\d s/);
      // No overall total is ever shown: records delivered so far are not a total.
      expect(screen).not.toMatch(/\/[\d,]+ records/);
    },
  );

  it('exports chosen fields as CSV through a pipe, with no progress bar', async () => {
    const fields = ['Last_Name', 'Email', 'Account_Name.Account_Name'];
    const r = await run(['export', 'Contacts', '--fields', fields.join(','), '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^Exported 3000 records of Contacts in \d+\.\d s\n$/);
    const want = [...zoho.records('Contacts', { columns: ['Account_Name.Account_Name'] })].map((c) =>
      Object.fromEntries(['Id', ...fields].map((f) => [f, c[f]])),
    );
    expect(want[0]?.['Account_Name.Account_Name']).not.toBe('');
    expect(parse(r.stdout, { columns: true })).toEqual(want);
    expect(r.stdout.split('\n')[0]).toBe(['Id', ...fields].join(','));
  });

  it('continues an export killed with SIGKILL: no record missing or written twice', async () => {
    // Page 2's size, to stall its download after 90% of its bytes.
    const client = new BulkClient({
      auth: zoho.issueAccessToken(),
      apiDomain: server.url,
      accountsDomain: server.url,
      uploadDomain: server.url,
      poll: { interval: 10 },
    });
    let page2Bytes = 0;
    const inProcess: unknown[] = [];
    const onProgress = (e: ExportProgressEvent) => {
      if (e.type === 'page-complete' && e.page === 2) page2Bytes = e.bytes;
    };
    for await (const record of client.bulkRead.export({ module: 'Contacts' }, { onProgress }))
      inProcess.push(record);
    await client.close();
    expect(inProcess).toEqual(expected);
    expect(page2Bytes).toBeGreaterThan(50_000);

    const fault = zoho.inject({
      match: { route: 'bulkRead.download' },
      after: 1,
      effect: { type: 'delay', ms: 1, afterBytes: Math.floor(page2Bytes * 0.9) },
    });
    const out = join(dir, 'killed.ndjson');
    const statePath = join(dir, 'killed.state.json');
    const args = ['export', 'Contacts', '--out', out, '--resume', statePath];
    const child = startCli(args, { env });
    const first = collect(child, { timeoutMs: 60_000 });
    let state = { checkpoint: { page: 0 }, bytes: 0, records: 0, complete: true };
    // Killed once page 1's checkpoint is saved and records of page 2 reached the file after it.
    await until(async () => {
      state = JSON.parse(await readFile(statePath, 'utf8'));
      return state.checkpoint?.page === 2 && (await stat(out)).size > state.bytes;
    }, 'records of page 2 after the checkpoint');
    child.kill('SIGKILL');
    const killed = await first;
    printed.push(killed.stdout, killed.stderr);
    expect(killed.signal).toBe('SIGKILL');
    expect(fault.hits).toBe(1);
    expect(state).toMatchObject({ records: PAGE, complete: false });
    const written = await lines(out);
    expect(written.length).toBeGreaterThan(PAGE); // a torn tail after the checkpoint

    const second = await run(args);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain(`Resuming after ${PAGE} records already in ${out}`);
    expect((await lines(out)).map((l) => JSON.parse(l))).toEqual(expected);
    expect(JSON.parse(await readFile(statePath, 'utf8'))).toMatchObject({
      complete: true,
      records: CONTACTS,
    });
  });

  it('imports a CSV with a results file; skipped rows give exit 3 and a summary per status', async () => {
    const rows = ['Last_Name,Company,Email,Lead_Source'];
    for (let i = 0; i < 200; i++) {
      const email = `lead${i === 50 ? 49 : i}@import.example`; // row 51 repeats row 50's email
      rows.push(`${i === 7 ? '' : `Name ${i}`},Acme ${i},${email},Web Download`); // row 8 lacks Last_Name
    }
    const input = join(dir, 'leads.csv');
    const resultsPath = join(dir, 'results.csv');
    await writeFile(input, `${rows.join('\n')}\n`);
    const r = await run(['-v', 'import', 'Leads', input, '--operation', 'insert', '--results', resultsPath]);
    expect(r.code).toBe(3);
    expect(r.stdout.replace(/ in \d+\.\d s\n/, ' in T s\n')).toBe(
      [
        'Leads: 200 rows in 1 bulk-write job in T s',
        '  ADDED           198',
        '  SKIPPED           2',
        'Examples:',
        '  row 8: SKIPPED MANDATORY_NOT_FOUND:Last_Name',
        '  row 51: SKIPPED DUPLICATE_DATA:Email',
        `Results: ${resultsPath}`,
        '',
      ].join('\n'),
    );
    expect(r.stderr).toContain('→ POST'); // --verbose: one line per request
    const results = parse(await readFile(resultsPath, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(results).toHaveLength(200);
    expect(results[7]).toEqual({
      row: '8',
      status: 'SKIPPED',
      record_id: '',
      errors: 'MANDATORY_NOT_FOUND:Last_Name',
    });
    expect(results[50]).toEqual({
      row: '51',
      status: 'SKIPPED',
      record_id: '',
      errors: 'DUPLICATE_DATA:Email',
    });
    const added = results.filter((x) => x.status === 'ADDED');
    expect(added).toHaveLength(198);
    expect(zoho.count('Leads')).toBe(LEADS + 198);
    const leads = new Map([...zoho.records('Leads')].map((l) => [l.Id, l]));
    expect(leads.get(added[0]?.record_id as string)).toMatchObject({
      Last_Name: 'Name 0',
      Email: 'lead0@import.example',
    });
  });

  it('imports parents with their subform rows; a skipped child row alone gives exit 3', async () => {
    const parents = [
      { Last_Name: 'Kid Parent 1', Company: 'Acme', Subform_1: [{ Secondary_Email: 'a@kids.example' }] },
      {
        Last_Name: 'Kid Parent 2',
        Company: 'Acme',
        Subform_1: [{ Secondary_Email: 'b@kids.example' }, { Secondary_Email: 'not an email' }],
      },
    ];
    const input = join(dir, 'families.ndjson');
    const resultsPath = join(dir, 'family-results.csv');
    await writeFile(input, parents.map((p) => `${JSON.stringify(p)}\n`).join(''));
    const r = await run([
      'import',
      'Leads',
      input,
      '--operation',
      'insert',
      '--child',
      'Subform_1=Leads_Subform',
      '--results',
      resultsPath,
    ]);
    expect(r.code).toBe(3);
    const summary = r.stdout.replace(/ in \d+\.\d s\n/, ' in T s\n').split('\n');
    expect(summary.slice(0, 7)).toEqual([
      'Leads: 2 rows in 1 bulk-write job in T s',
      '  ADDED             2',
      'Child rows:',
      '  ADDED             2',
      '  SKIPPED           1',
      'Examples:',
      '  row 2 Subform_1 2: SKIPPED INVALID_DATA:Secondary_Email',
    ]);
    const results = parse(await readFile(resultsPath, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(results.map((x) => [x.row, x.status, x.child, x.child_row])).toEqual([
      ['1', 'ADDED', '', ''],
      ['1', 'ADDED', 'Subform_1', '1'],
      ['2', 'ADDED', '', ''],
      ['2', 'ADDED', 'Subform_1', '1'],
      ['2', 'SKIPPED', 'Subform_1', '2'],
    ]);
  });

  it('mass updates a custom view (--wait), then ids with one unknown (exit 3)', async () => {
    const total = LEADS + 198 + 2; // the two imports above
    const byView = await run([
      'mass-update',
      'Leads',
      '--set',
      'Lead_Status=Contacted',
      '--cvid',
      CVID,
      '--wait',
    ]);
    expect(byView.code).toBe(0);
    expect(byView.stdout).toMatch(
      new RegExp(
        `^Mass update job \\d+: COMPLETED\\n  updated ${total}, failed 0, not updated 0, total ${total}\\n$`,
      ),
    );
    expect([...zoho.records('Leads')].filter((l) => l.Lead_Status !== 'Contacted')).toEqual([]);

    const ids = [0, 1, 2].map((i) => zoho.record('Leads', i)?.Id as string);
    const unknown = '4876876000099999999';
    await writeFile(join(dir, 'ids.csv'), `Id\n${[...ids, unknown].join('\n')}\n`);
    const byIds = await run([
      '-v',
      'mass-update',
      'Leads',
      '--set',
      'Lead_Status=Junk Lead',
      '--ids',
      join(dir, 'ids.csv'),
    ]);
    expect(byIds.code).toBe(3);
    expect(byIds.stdout).toBe(
      `Leads: 3 of 4 records updated\n  ${unknown}: INVALID_DATA (the id given seems to be invalid)\n`,
    );
    expect([0, 1, 2, 3].map((i) => zoho.record('Leads', i)?.Lead_Status)).toEqual([
      'Junk Lead',
      'Junk Lead',
      'Junk Lead',
      'Contacted',
    ]);
  });

  it('import --dry-run names the rows the import then skips and uploads nothing (text, --json, exit 3)', async () => {
    const write = async (name: string) => {
      const rows = ['Last_Name,Company,Email,No_of_Employees'];
      for (let i = 0; i < 20; i++) {
        const size = i === 3 ? 'many' : String(i); // row 4: not a number
        rows.push(`${i === 11 ? '' : `Dry ${i}`},Acme,${name}${i}@dry.example,${size}`); // row 12: no Last_Name
      }
      const path = join(dir, `${name}.csv`);
      await writeFile(path, `${rows.join('\n')}\n`);
      return path;
    };
    const input = await write('dry');
    const uploads = () => zoho.requests.filter((x) => x.route === 'bulkWrite.upload').length;
    const before = uploads();
    const text = await run(['import', 'Leads', input, '--operation', 'insert', '--dry-run']);
    expect(text.code).toBe(3);
    expect(text.stdout).toBe(
      [
        'Leads (dry run, nothing uploaded): 20 rows → 1 file, 1 job, ~500 API credits',
        'Problems: INVALID_DATA 1, MANDATORY_NOT_FOUND 1',
        'Rows Zoho would skip: 2',
        '  row 4 No_of_Employees: INVALID_DATA "many" is not a number',
        '  row 12 Last_Name: MANDATORY_NOT_FOUND Last_Name is mandatory and empty',
        '',
      ].join('\n'),
    );
    const json = await run(['import', 'Leads', input, '--operation', 'insert', '--dry-run', '--json']);
    expect(json.code).toBe(3);
    const report = JSON.parse(json.stdout) as { records: number; problems: { rows: { index: number }[] } };
    expect(report.records).toBe(20);
    expect(uploads()).toBe(before);
    const resultsPath = join(dir, 'dry-results.csv');
    const real = await run(['import', 'Leads', input, '--operation', 'insert', '--results', resultsPath]);
    expect(real.code).toBe(3);
    const results = parse(await readFile(resultsPath, 'utf8'), { columns: true }) as Record<string, string>[];
    const skipped = results.filter((x) => x.status === 'SKIPPED').map((x) => Number(x.row) - 1);
    expect(skipped).toEqual(report.problems.rows.map((p) => p.index));
    // --preflight rows: the same rows never leave the machine.
    const again = await write('held');
    const held = await run(['import', 'Leads', again, '--operation', 'insert', '--preflight', 'rows']);
    expect(held.code).toBe(3);
    expect(held.stdout).toContain('SKIPPED           2');
  });

  it('exits 6 with a one-line error when a job fails', async () => {
    zoho.failNextJob({
      kind: 'bulkRead',
      code: 'INTERNAL_SERVER_ERROR',
      message: 'Internal server error occurred.',
    });
    const r = await run(['export', 'Leads', '--out', join(dir, 'failed.ndjson')]);
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/^Error \[[A-Z_]+\]: [^\n]*Internal server error occurred\.[^\n]*\n$/);
  });

  it('printed no secret in any run', async () => {
    const profile = JSON.parse(await readFile(env.ZOHO_BULK_CONFIG as string, 'utf8')).profiles.default;
    const secrets = [
      zoho.credentials.clientSecret,
      profile.clientSecret,
      profile.refreshToken,
      profile.token.accessToken,
    ];
    expect(secrets.every((s) => typeof s === 'string' && s.length > 10)).toBe(true);
    expect(printed.length).toBeGreaterThanOrEqual(18);
    for (const text of printed) for (const secret of secrets) expect(text).not.toContain(secret);
  });
});
