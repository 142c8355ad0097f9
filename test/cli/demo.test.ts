/** The demo in-process, scaled down: FakeZoho on loopback, the real BulkClient, every step checked. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBulkClient } from '../../src/cli/client-factory.js';
import { writeDemoLeads } from '../../src/cli/commands/demo.js';
import { runCli } from '../../src/cli/program.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { createTestContext } from './helpers/memory-context.js';

describe('zoho-bulk demo', () => {
  it('writes leads with every 500th row lacking Last_Name and every 1000th repeating an email', async () => {
    const dir = await makeTempDir('zoho-bulk-demo-');
    const made = await writeDemoLeads(join(dir, 'leads.csv'), 2000);
    expect(made).toEqual({ missingLastName: 4, duplicates: 2 });
    const lines = (await readFile(join(dir, 'leads.csv'), 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(2001);
    expect(lines[0]).toBe('Last_Name,First_Name,Company,Email,Lead_Source,Phone');
    expect(lines[18]?.startsWith(',')).toBe(true); // row 18 (i = 17) has no Last_Name
    expect(lines[1000]?.split(',')[3]).toBe(lines[999]?.split(',')[3]); // row 1000 repeats row 999's email
  });

  it('exports, imports and mass updates, and the printed counts add up', { timeout: 30_000 }, async () => {
    const dir = await makeTempDir('zoho-bulk-demo-');
    const t = createTestContext({ cwd: dir });
    t.ctx.createClient = createBulkClient;
    const code = await runCli(
      ['demo', '--contacts', '2500', '--leads', '1200', '--latency', '20ms', '--out-dir', 'out'],
      t.ctx,
    );
    const out = t.stdout.text();
    expect(t.stderr.text()).toBe(''); // no progress bar: stderr is not a terminal
    expect(code).toBe(0);
    expect(out).toContain('1. Export every Contact (1 page of up to 200,000) to NDJSON\n');
    expect(out).toMatch(/\n {3}2,500 records → out\/contacts\.ndjson \(\d+\.\d MB\) in \d+\.\d s\n/);
    expect(out).toContain(
      '2. Import 1,200 Leads from out/leads.csv (3 rows without Last_Name, 1 repeated email)\n',
    );
    expect(out).toMatch(
      /\nLeads: 1,200 rows in 1 bulk-write job in \d+\.\d s\n {2}ADDED {9}1,196\n {2}SKIPPED {11}4\n/,
    );
    expect(out).toContain(
      'Examples:\n  row 18: SKIPPED MANDATORY_NOT_FOUND:Last_Name\n  row 518: SKIPPED MANDATORY_NOT_FOUND:Last_Name\n  row 1000: SKIPPED DUPLICATE_DATA:Email\n  row 1018: SKIPPED MANDATORY_NOT_FOUND:Last_Name\n',
    );
    expect(out).toContain(
      '2b. Dry run of 200 new Contacts from out/contacts-new.csv, then the import itself\nContacts (dry run, nothing uploaded): 200 rows → 1 file, 1 job, ~500 API credits\nProblems: INVALID_DATA 8\nRows Zoho would skip: 8\n  row 8 Score: INVALID_DATA "n/a" is not a number\n',
    );
    expect(out).toContain(
      '  row 124 Secondary_Email: INVALID_DATA "dry123@nowhere" is not an e-mail address\n',
    );
    expect(out).toMatch(
      /\nContacts: 200 rows in 1 bulk-write job in \d+\.\d s\n {2}ADDED {11}192\n {2}SKIPPED {11}8\n/,
    );
    expect(out).toMatch(
      /\nMass update job \d+: COMPLETED\n {2}updated 2,196, failed 0, not updated 0, total 2,196\n/,
    );
    expect(out).toMatch(/\nDemo finished in \d+\.\d s; peak memory \(max RSS\) \d+\.\d MB\n/);
    expect(out).toContain(
      'Checks:\n  ✓ 2,500 records exported of 2,500 Contacts\n  ✓ 1,196 ADDED + 4 SKIPPED = 1,200 of 1,200 rows\n  ✓ 4 SKIPPED = 3 without Last_Name + 1 repeated email\n  ✓ the dry run flagged rows 8, 34, 58, 104, 108, 124, 158, 174; the import skipped rows 8, 34, 58, 104, 108, 124, 158, 174\n  ✓ 2,196 Leads updated = 1,000 + 1,196 imported\n  ✓ first sync: 2,196 Leads = 1,000 + 1,196 imported\n  ✓ second sync: 7 upserts (5 changed + 2 added), 3 deletes\n',
    );
    expect(out).toContain('4. Sync Leads twice (the fake clock moves an hour before each run)\n');
    expect(out).toContain(
      '   first run 2,196 upserts; second run 7 upserts, 3 deletes → out/leads-sync-2.ndjson\n',
    );
    const synced = (await readFile(join(dir, 'out', 'leads-sync-2.ndjson'), 'utf8')).trimEnd().split('\n');
    expect(synced.map((l) => JSON.parse(l).op)).toEqual([
      ...Array(7).fill('upsert'),
      ...Array(3).fill('delete'),
    ]);
    const exported = (await readFile(join(dir, 'out', 'contacts.ndjson'), 'utf8')).trimEnd().split('\n');
    expect(exported).toHaveLength(2500);
    const results = (await readFile(join(dir, 'out', 'leads-results.csv'), 'utf8')).trimEnd().split('\n');
    expect(results).toHaveLength(1201);
    expect(results[18]).toBe('18,SKIPPED,,MANDATORY_NOT_FOUND:Last_Name');
  });
});
