/**
 * Property: whatever the history of changes, additions and deletions (some made while a run is in
 * flight) and whenever the runs happen, a replica kept by applying every run's events (upsert by
 * Id, delete by id) ends equal to the fake org: no change is ever missed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SyncCursor } from '../../src/sync/cursor.js';
import type { ChangeEvent } from '../../src/sync/options.js';
import { runSync, setup, useMsw } from './support.js';

const server = useMsw();

type Op =
  | { kind: 'update'; pick: number }
  | { kind: 'insert' }
  | { kind: 'delete'; pick: number; permanent: boolean }
  | { kind: 'wait'; ms: number }
  | { kind: 'run'; during: number[] };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('update' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const) }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat(), permanent: fc.boolean() }),
  fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 20 * 60_000 }) }),
  fc.record({ kind: fc.constant('run' as const), during: fc.array(fc.nat(), { maxLength: 3 }) }),
);

function apply(replica: Map<string, string>, events: readonly ChangeEvent[]): void {
  for (const e of events) {
    if (e.type === 'upsert') replica.set(e.record.Id!, e.record.Last_Name ?? '');
    else replica.delete(e.id);
  }
}

describe('bulkRead.changes (property)', () => {
  it('never misses a change', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 14 }), async (ops) => {
        const s = setup(server, { modules: { Leads: { records: 30 } }, pageSize: 10 });
        let stamp = 0;
        const live = (): string[] => [...s.fake.records('Leads')].map((r) => r.Id!);
        const update = (pick: number) => {
          const ids = live();
          if (ids.length > 0)
            s.fake.updateRecord('Leads', ids[pick % ids.length]!, { Last_Name: `v${++stamp}` });
        };
        const replica = new Map<string, string>();
        let cursor: SyncCursor | undefined;
        const run = async (during: number[] = []) => {
          const pending = [...during];
          const result = await runSync(s, cursor, {
            onProgress: (e) => {
              if (e.type === 'page-start' && pending.length > 0) update(pending.shift()!);
            },
          });
          apply(replica, result.events);
          cursor = result.cursor;
        };
        await run();
        for (const o of ops) {
          if (o.kind === 'update') update(o.pick);
          else if (o.kind === 'insert') s.fake.insertRecord('Leads', { Last_Name: `v${++stamp}` });
          else if (o.kind === 'wait') s.clock.advance(o.ms);
          else if (o.kind === 'run') await run(o.during);
          else {
            const ids = live();
            if (ids.length > 0)
              s.fake.deleteRecord('Leads', ids[o.pick % ids.length]!, { permanent: o.permanent });
          }
        }
        s.clock.advance(1_000);
        await run();
        const truth = new Map([...s.fake.records('Leads')].map((r) => [r.Id!, r.Last_Name ?? '']));
        expect(new Map([...replica].sort())).toEqual(new Map([...truth].sort()));
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
