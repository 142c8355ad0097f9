/**
 * Runs every script in examples/ as a user would (`node --import tsx examples/<name>.ts`) against
 * FakeZoho (no ZOHO_* variables in the child's environment) and checks what it printed and wrote,
 * so the examples cannot rot. The scripts start their own fake on a free port: they run concurrently.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeZoho } from '../../src/testing/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'zoho-bulk-example-'));
  dirs.push(dir);
  return dir;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Environment without anything that would point an example at real Zoho or a fixed port. */
function fakeEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(ZOHO_|CALLBACK_)/.test(key) || key === 'PORT' || key === 'HOST') continue;
    env[key] = value;
  }
  return env;
}

function run(script: string, args: string[] = []): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `examples/${script}`, ...args], {
      cwd: root,
      env: fakeEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill(), 50_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function expectOk(result: Run): void {
  if (result.code !== 0) throw new Error(`exit code ${result.code}\n${result.stdout}\n${result.stderr}`);
  expect(result.stderr).toContain('using FakeZoho at http://127.0.0.1:');
}

const lines = (text: string): string[] => text.split('\n').filter((line) => line !== '');

describe.concurrent('examples against FakeZoho', { timeout: 60_000 }, () => {
  it('export-to-ndjson: a simulated crash, then a resumed run → every matching Contact once, in order', async () => {
    const dir = await tempDir();
    const output = join(dir, 'contacts.ndjson');
    const fields = ['First_Name', 'Last_Name', 'Email', 'Lead_Source', 'Account_Name.Account_Name'];
    const sources = new Set(['Advertisement', 'Partner', 'Trade Show', 'Web Download', 'Online Store']);
    const fake = new FakeZoho({ modules: { Contacts: { records: 2_500 } }, pageSize: 250 });
    const expected = [...fake.records('Contacts', { columns: ['Account_Name.Account_Name'] })]
      .filter((c) => sources.has(c.Lead_Source ?? '') && c.Email !== '')
      .map((c) => Object.fromEntries(['Id', ...fields].map((f) => [f, c[f]])));
    expect(expected).toHaveLength(675);

    const first = await run('export-to-ndjson.ts', ['--out-dir', dir, '--stop-after', '420']);
    expect(first.code, first.stderr).toBe(2);
    expect(first.stdout).toContain('Stopped after 420 records (simulated crash)');
    // The last checkpoint before record 420 counts 350 records (page 1's 250 + 100 of page 2).
    const state = JSON.parse(await readFile(`${output}.checkpoint.json`, 'utf8'));
    expect(state.checkpoint).toMatchObject({ page: 2, recordsInPage: 100, totalRecords: 350 });
    expect(lines(await readFile(output, 'utf8')).map((l) => JSON.parse(l))).toEqual(expected.slice(0, 350));

    const second = await run('export-to-ndjson.ts', ['--out-dir', dir]);
    expectOk(second);
    expect(second.stdout).toContain(`Wrote 675 records to ${output} (resumed after 350, 325 in this run)`);
    expect(second.stderr).toContain('page 2: downloading 250 records, skipping 100 already written');
    expect(lines(await readFile(output, 'utf8')).map((l) => JSON.parse(l))).toEqual(expected);
    expect(existsSync(`${output}.checkpoint.json`)).toBe(false);
  });

  it('typed-export: figures computed from typed values match the fake’s data', async () => {
    const result = await run('typed-export.ts');
    expectOk(result);
    const contacts = [...new FakeZoho().records('Contacts')];
    const scores = contacts.filter((c) => c.Score !== '').map((c) => Number(c.Score));
    let spend = 0;
    for (const c of contacts) spend += c.Annual_Spend === '' ? 0 : Number(c.Annual_Spend);
    const services = new Map<string, number>();
    for (const c of contacts) {
      for (const s of c.Service_Interested_In ? c.Service_Interested_In.split(';') : []) {
        services.set(s, (services.get(s) ?? 0) + 1);
      }
    }
    const [top, topCount] = [...services].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0] ?? [];
    const newest = contacts.reduce((a, b) =>
      Date.parse(b.Created_Time ?? '') > Date.parse(a.Created_Time ?? '') ? b : a,
    );
    expect(lines(result.stdout)).toEqual([
      `contacts: ${contacts.length}`,
      `opted out of e-mail: ${contacts.filter((c) => c.Email_Opt_Out === 'true').length}`,
      `average score: ${(scores.reduce((a, b) => a + b, 0) / scores.length).toFixed(2)} (${scores.length} scored)`,
      `total annual spend: ${spend.toFixed(2)}`,
      `born before 1970: ${contacts.filter((c) => c.Date_of_Birth !== '' && c.Date_of_Birth! < '1970').length}`,
      `most requested service: ${top} (${topCount})`,
      `newest contact: ${newest.Id} created ${new Date(newest.Created_Time ?? '').toISOString()}`,
    ]);
  });

  it('import-from-csv: one result per input row, by status, in the results CSV', async () => {
    const dir = await tempDir();
    const result = await run('import-from-csv.ts', ['--out-dir', dir]);
    expectOk(result);
    const input = parse(await readFile(join(dir, 'contacts-to-import.csv')), { columns: true }) as Record<
      string,
      string
    >[];
    const results = parse(await readFile(join(dir, 'contacts-to-import.results.csv')), {
      columns: true,
    }) as Record<string, string>[];
    expect(input).toHaveLength(200);
    expect(results).toHaveLength(200);
    expect(results.map((r) => r.index)).toEqual(input.map((_, i) => String(i)));

    // Rows 0–39 are existing Contacts (the first 40 with an e-mail): updated in place.
    const existing = [...new FakeZoho().records('Contacts')].filter((c) => c.Email !== '').slice(0, 40);
    expect(results.slice(0, 40)).toEqual(
      existing.map((c, i) => ({ index: String(i), status: 'UPDATED', recordId: c.Id, errors: '' })),
    );
    for (const r of results.slice(40, 190))
      expect(r).toMatchObject({ status: 'ADDED', recordId: expect.stringMatching(/^\d{19}$/), errors: '' });
    for (const r of results.slice(190, 195))
      expect(r).toMatchObject({ status: 'SKIPPED', recordId: '', errors: 'MANDATORY_NOT_FOUND-Last_Name' });
    for (const r of results.slice(195))
      expect(r).toMatchObject({ status: 'SKIPPED', recordId: '', errors: 'INVALID_DATA-Date_of_Birth' });
    expect(new Set(results.slice(40, 190).map((r) => r.recordId)).size).toBe(150);
    expect(result.stdout).toContain('ADDED: 150\nSKIPPED: 10\nUPDATED: 40\n');
  });

  it('mass-update: per-id outcomes, then the view’s job updates every record of the view', async () => {
    const result = await run('mass-update.ts');
    expectOk(result);
    const fake = new FakeZoho({ modules: { Leads: { records: 1_000 } } });
    const ids = [0, 1, 2, 3, 4].map((i) => fake.record('Leads', i)?.Id);
    const inView = [...fake.records('Leads')].filter((l) => l.Lead_Source === 'Trade Show').length;
    expect(inView).toBeGreaterThan(0);
    const out = lines(result.stdout);
    expect(out.slice(0, 6)).toEqual([
      ...ids.map((id) => `id ${id}: success SUCCESS (record updated)`),
      'id 4876876000999999999: error INVALID_DATA (the id given seems to be invalid)',
    ]);
    expect(out[6]).toMatch(/^view 4876876000000087501: job \d{19} scheduled$/);
    expect(out[7]).toMatch(
      new RegExp(`^job \\d{19}: COMPLETED, updated ${inView} of ${inView} \\(failed 0, not updated 0\\)$`),
    );
    expect(out[8]).toBe('fake: first Lead is now Contacted, first trade-show Lead Contacted');
  });

  it('callback-receiver: the signed callback wakes waitFor long before its 60 s poll', async () => {
    const result = await run('callback-receiver.ts');
    expectOk(result);
    expect(result.stdout).toContain('simulated callbacks: without token → 401, signed → 200');
    expect(result.stderr).toContain('callback refused: missing');
    const waited = /COMPLETED after 2 status reads, (\d+) ms/.exec(result.stdout);
    expect(waited).not.toBeNull();
    expect(Number(waited?.[1])).toBeLessThan(20_000);
    expect(result.stdout).toContain('read 500 records');
  });
});
