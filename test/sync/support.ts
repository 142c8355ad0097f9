/** Shared pieces of the sync tests: a client on a FakeZoho (msw), and one sync run collected. */
import type { setupServer } from 'msw/node';
import type { SyncCursor } from '../../src/sync/cursor.js';
import type { ChangeEvent, ChangesOptions, ChangesQuery, SyncCheckpoint } from '../../src/sync/options.js';
import type { FakeZohoOptions } from '../../src/testing/index.js';
import { setup as setupBulkRead } from '../bulk-read/support.js';
import { FakeClock } from '../helpers/fake-clock.js';

export { useMsw } from '../bulk-read/support.js';

/** Zoho's clock in these tests: after every generated record's Modified_Time. */
export const START = Date.UTC(2025, 5, 1, 12);
export const HOUR = 3_600_000;

export function setup(server: ReturnType<typeof setupServer>, fakeOptions: FakeZohoOptions = {}) {
  return setupBulkRead(
    server,
    { modules: { Leads: { records: 1_200 } }, pageSize: 500, ...fakeOptions },
    {},
    new FakeClock({ start: START }),
  );
}

export type Setup = ReturnType<typeof setup>;

export interface RunResult {
  events: ChangeEvent[];
  cursor: SyncCursor | undefined;
  checkpoints: SyncCheckpoint[];
  upserts: string[];
  deletes: string[];
}

/** One sync run; `stopAfter` breaks out of the loop after that many events. */
export async function runSync(
  s: Setup,
  since: SyncCursor | undefined,
  options: ChangesOptions & { stopAfter?: number; query?: Partial<ChangesQuery> } = {},
): Promise<RunResult> {
  const { stopAfter, query, ...rest } = options;
  const result: RunResult = { events: [], cursor: undefined, checkpoints: [], upserts: [], deletes: [] };
  const changes = s.client.bulkRead.changes(
    { module: 'Leads', ...query, ...(since ? { since } : {}) },
    {
      onCursor: (c) => {
        result.cursor = c;
      },
      onCheckpoint: (c) => void result.checkpoints.push(structuredClone(c)),
      ...rest,
    },
  );
  for await (const event of changes) {
    result.events.push(event);
    if (event.type === 'upsert') result.upserts.push(event.record.Id!);
    else result.deletes.push(event.id);
    if (result.events.length === stopAfter) break;
  }
  return result;
}

/** Ids of the fake's records (positions 0 … n-1) before anything changes. */
export function ids(s: Setup): string[] {
  return [...s.fake.records('Leads')].map((r) => r.Id!);
}
