/**
 * `zoho-bulk sync` in child processes against a FakeZoho on loopback (what `fake-server` serves):
 * a first run writes every record, a second run after changes writes exactly the changed records
 * and the deletions; the state file holds the cursor between runs.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeZoho } from '../../src/testing/index.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { runCli } from './helpers/run-cli.js';

const zoho = new FakeZoho({ modules: { Leads: { records: 120 } }, pageSize: 50, downloadsPerMinute: 1000 });
let server: Awaited<ReturnType<FakeZoho['listen']>>;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  server = await zoho.listen();
  dir = await makeTempDir('zoho-bulk-sync-');
  env = {
    ZOHO_ACCESS_TOKEN: zoho.issueAccessToken(3_600_000),
    ZOHO_API_DOMAIN: server.url,
    ZOHO_ACCOUNTS_DOMAIN: server.url,
    ZOHO_UPLOAD_DOMAIN: server.url,
    ZOHO_POLL_INTERVAL: '50ms',
    ZOHO_BULK_CONFIG: join(dir, 'config.json'),
  };
});
afterAll(async () => {
  await server.close();
});

const lines = async (path: string) =>
  (await readFile(path, 'utf8'))
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));

describe('zoho-bulk sync', { timeout: 90_000 }, () => {
  it('twice, with changes in between: the second output holds exactly the changes and deletions', async () => {
    const state = join(dir, 'leads.sync.json');
    const ids = [...zoho.records('Leads')].map((r) => r.Id!);
    const first = await runCli(['sync', 'Leads', '--state', state, '--out', join(dir, 'one.ndjson')], {
      env,
    });
    expect(first.stderr).toMatch(/Synced Leads: 120 upserts, 0 deletes, 3 pages, ~150 credits/);
    expect(first.code).toBe(0);
    const one = await lines(join(dir, 'one.ndjson'));
    expect(one.map((l) => l.record.Id).sort()).toEqual([...ids].sort());
    expect(one.every((l) => l.op === 'upsert')).toBe(true);
    const saved = JSON.parse(await readFile(state, 'utf8'));
    expect(saved.cursor).toMatchObject({ version: 1, module: 'Leads' });
    expect(saved.checkpoint).toBeUndefined();

    const changed = [ids[3]!, ids[77]!];
    for (const id of changed) zoho.updateRecord('Leads', id, { Last_Name: 'Changed' });
    const added = zoho.insertRecord('Leads', { Last_Name: 'Added' });
    zoho.deleteRecord('Leads', ids[10]!);
    zoho.deleteRecord('Leads', ids[11]!, { permanent: true });

    const second = await runCli(['sync', 'Leads', '--state', state], { env });
    expect(second.code).toBe(0);
    const two = second.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(
      two
        .filter((l) => l.op === 'upsert')
        .map((l) => l.record.Id)
        .sort(),
    ).toEqual([...changed, added].sort());
    expect(two.find((l) => l.record?.Id === ids[3])?.record.Last_Name).toBe('Changed');
    const deletes = two.filter((l) => l.op === 'delete');
    expect(deletes.map((l) => [l.id, l.deleted_type]).sort()).toEqual([
      [ids[10], 'recycle'],
      [ids[11], 'permanent'],
    ]);
    expect(deletes[0].deleted_time).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(second.stderr).toMatch(/Synced Leads: 3 upserts, 2 deletes, 2 pages, ~51 credits/);
    expect(second.stderr + second.stdout).not.toContain(env.ZOHO_ACCESS_TOKEN);
  });
});
