/**
 * The demo's sync step: a first `sync` of Leads (every record), then a few changes, additions and
 * deletions on the fake, and a second `sync` that writes only those. The fake's clock moves an
 * hour before each run, as between two nightly runs (so the just-imported Leads are outside the
 * second run's overlap).
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Session } from '../session.js';
import type { ClientSource } from './action.js';
import type { DemoFake } from './demo-fake.js';
import { runSync } from './sync.js';

const HOUR = 3_600_000;

export interface DemoSyncResult {
  /** The line of the final summary (without timing). */
  step: string;
  checks: { ok: boolean; text: string }[];
}

const n = (value: number): string => value.toLocaleString('en-US');

export async function demoSync(
  session: Session,
  client: ClientSource,
  fake: DemoFake,
  where: { outDir: string; shown: (path: string) => string; imported: number },
): Promise<DemoSyncResult> {
  const { outDir, shown, imported } = where;
  session.out('');
  session.out('4. Sync Leads twice (the fake clock moves an hour before each run)');
  const state = join(outDir, 'leads.sync.json');
  await rm(state, { force: true });
  await fake.advanceClock(HOUR);
  const first = await runSync(session, client, 'Leads', { state, out: join(outDir, 'leads-sync-1.ndjson') });
  await fake.advanceClock(HOUR);
  const ids = await fake.firstIds('Leads', 8);
  const changed = ids.slice(0, 5);
  for (const id of changed) await fake.updateRecord('Leads', id, { Lead_Status: 'Qualified' });
  const added: string[] = [];
  for (const i of [0, 1])
    added.push(await fake.insertRecord('Leads', { Last_Name: `Synced ${i}`, Company: 'Demo' }));
  const deleted = ids.slice(5, 8);
  for (const [i, id] of deleted.entries()) await fake.deleteRecord('Leads', id, i === 2);
  session.out(`   changed 5 Leads, added 2, deleted 3 (1 permanently) on the fake; second run:`);
  const outPath = join(outDir, 'leads-sync-2.ndjson');
  const second = await runSync(session, client, 'Leads', { state, out: outPath });
  const lines = (await readFile(outPath, 'utf8'))
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { op: string; id?: string; record?: { Id?: string } });
  const seen = new Set(lines.map((l) => (l.op === 'delete' ? `d${l.id}` : `u${l.record?.Id}`)));
  const complete =
    [...changed, ...added].every((id) => seen.has(`u${id}`)) && deleted.every((id) => seen.has(`d${id}`));
  session.out(
    `   first run ${n(first.upserts)} upserts; second run ${n(second.upserts)} upserts, ${n(second.deletes)} deletes → ${shown(outPath)}`,
  );
  const leads = 1000 + imported;
  return {
    step: `sync         ${n(first.upserts).padStart(9)} Leads, then ${second.upserts} upserts + ${second.deletes} deletes`,
    checks: [
      {
        ok: first.upserts === leads,
        text: `first sync: ${n(first.upserts)} Leads = 1,000 + ${n(imported)} imported`,
      },
      {
        ok: complete && second.upserts === 7 && second.deletes === 3,
        text: `second sync: ${second.upserts} upserts (5 changed + 2 added), ${second.deletes} deletes`,
      },
    ],
  };
}
