/** bulkRead.changes against FakeZoho (msw): full first run, incremental runs, deletions, cursor. */
import { describe, expect, it } from 'vitest';
import { RequestValidationError } from '../../src/core/errors.js';
import type { LogEvent } from '../../src/core/logger.js';
import type { SyncProgressEvent } from '../../src/sync/options.js';
import { rejectionOf } from '../bulk-read/support.js';
import { HOUR, ids, runSync, START, setup, useMsw } from './support.js';

const server = useMsw();
const routeNames = (s: ReturnType<typeof setup>) => s.fake.requests.map((r) => r.route);

describe('bulkRead.changes', () => {
  it('a first run is a full export: every record an upsert, no deletions asked, a cursor at the start minus 5 min', async () => {
    const s = setup(server);
    const first = await runSync(s, undefined);
    expect(first.upserts.sort()).toEqual(ids(s).sort());
    expect(first.events.every((e) => e.type === 'upsert')).toBe(true);
    expect(routeNames(s)).not.toContain('records.deleted');
    expect(first.cursor).toEqual({
      version: 1,
      module: 'Leads',
      query: { module: 'Leads' },
      modifiedSince: '2025-06-01T11:55:00+00:00',
      deletedSince: '2025-06-01T11:55:00+00:00',
    });
    const create = s.fake.requests.find((r) => r.route === 'bulkRead.create');
    expect(JSON.stringify(create?.json)).not.toContain('Modified_Time');
  });

  it('a second run yields every change, addition and deletion (several pages) and no unchanged record', async () => {
    const s = setup(server);
    const all = ids(s);
    const first = await runSync(s, undefined);
    s.clock.advance(HOUR);
    const changed = all.slice(100, 130);
    for (const id of changed) s.fake.updateRecord('Leads', id, { Last_Name: 'Changed' });
    const added = Array.from({ length: 7 }, (_, i) =>
      s.fake.insertRecord('Leads', { Last_Name: `New ${i}` }),
    );
    const recycled = all.slice(300, 560);
    const permanent = all.slice(600, 750);
    for (const id of recycled) s.fake.deleteRecord('Leads', id);
    for (const id of permanent) s.fake.deleteRecord('Leads', id, { permanent: true });
    s.clock.advance(HOUR);
    (s.fake.requests as unknown[]).length = 0;
    const second = await runSync(s, first.cursor);
    expect(second.upserts.sort()).toEqual([...changed, ...added].sort());
    expect(second.deletes.sort()).toEqual([...recycled, ...permanent].sort());
    const deletedCalls = s.fake.requests.filter((r) => r.route === 'records.deleted');
    expect(deletedCalls.map((r) => new URL(r.url).searchParams.get('page'))).toEqual(['1', '2', '3']);
    expect(deletedCalls[0]?.headers['if-modified-since']).toBe(first.cursor?.deletedSince);
    const permanentEvent = second.events.find((e) => e.type === 'delete' && e.id === permanent[0]);
    expect(permanentEvent).toMatchObject({
      type: 'delete',
      deletedType: 'permanent',
      deletedTime: expect.any(String),
    });
    const since = Date.parse(second.cursor!.modifiedSince);
    expect(since).toBeGreaterThanOrEqual(START + 2 * HOUR - 5 * 60_000);
    expect(since).toBeLessThan(START + 2 * HOUR - 4 * 60_000);
    // a third run with nothing new: nothing (all changes are older than the overlap)
    s.clock.advance(HOUR);
    const third = await runSync(s, second.cursor);
    expect(third.events).toEqual([]);
  });

  it("the create body carries the Modified_Time condition and'ed with the caller's criteria", async () => {
    const s = setup(server);
    const criteria = { field: { api_name: 'Lead_Source' }, comparator: 'equal', value: 'Web' } as const;
    const first = await runSync(s, undefined, { query: { criteria } });
    s.clock.advance(HOUR);
    (s.fake.requests as unknown[]).length = 0;
    await runSync(s, first.cursor, { query: { criteria } });
    const create = s.fake.requests.find((r) => r.route === 'bulkRead.create');
    expect((create!.json as { query: { criteria: unknown } }).query.criteria).toEqual({
      group_operator: 'and',
      group: [
        {
          field: { api_name: 'Modified_Time' },
          comparator: 'greater_equal',
          value: first.cursor!.modifiedSince,
        },
        criteria,
      ],
    });
  });

  it('refuses, before any request, criteria that exceed 25 conditions once the time condition is added', async () => {
    const s = setup(server);
    const condition = { field: { api_name: 'Last_Name' }, comparator: 'equal', value: 'x' } as const;
    const criteria = { group_operator: 'or' as const, group: Array.from({ length: 25 }, () => condition) };
    const first = await runSync(s, undefined, { query: { criteria } });
    (s.fake.requests as unknown[]).length = 0;
    const error = await rejectionOf(runSync(s, first.cursor, { query: { criteria } }));
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(s.fake.requests).toEqual([]);
  });

  it('deleted: false never calls the deleted route', async () => {
    const s = setup(server);
    const first = await runSync(s, undefined);
    s.fake.deleteRecord('Leads', ids(s)[5]!);
    s.clock.advance(HOUR);
    const second = await runSync(s, first.cursor, { deleted: false });
    expect(second.deletes).toEqual([]);
    expect(routeNames(s)).not.toContain('records.deleted');
    expect(second.cursor).toBeDefined();
  });

  it('a record changed while a run is in flight is seen by the next run', async () => {
    const s = setup(server);
    const all = ids(s);
    let changedDuring = false;
    const first = await runSync(s, undefined, {
      onProgress: (e) => {
        if (e.type === 'page-start' && e.page === 2 && !changedDuring) {
          changedDuring = true;
          s.fake.updateRecord('Leads', all[10]!, { Last_Name: 'During' });
        }
      },
    });
    expect(changedDuring).toBe(true);
    s.clock.advance(HOUR);
    const second = await runSync(s, first.cursor);
    expect(second.upserts).toEqual([all[10]]);
  });

  it('an aborted or broken-off run never calls onCursor; rerunning from the old cursor delivers everything', async () => {
    const s = setup(server);
    const all = ids(s);
    const first = await runSync(s, undefined);
    s.clock.advance(HOUR);
    for (const id of all.slice(0, 40)) s.fake.updateRecord('Leads', id, { Last_Name: 'X' });
    s.fake.deleteRecord('Leads', all[50]!);
    const broken = await runSync(s, first.cursor, { stopAfter: 10 });
    expect(broken.cursor).toBeUndefined();
    const controller = new AbortController();
    const aborted = await rejectionOf(
      runSync(s, first.cursor, {
        signal: controller.signal,
        onProgress: (e) => e.type === 'page-start' && controller.abort(),
      }),
    );
    expect((aborted as Error).name).toBe('AbortError');
    const again = await runSync(s, first.cursor);
    expect(again.upserts.sort()).toEqual(all.slice(0, 40).sort());
    expect(again.deletes).toEqual([all[50]]);
  });

  it('a run resumed from its last checkpoint finishes with every change delivered', async () => {
    const s = setup(server);
    const all = ids(s);
    const first = await runSync(s, undefined);
    s.clock.advance(HOUR);
    const changed = all.slice(0, 900);
    for (const id of changed) s.fake.updateRecord('Leads', id, { Last_Name: 'Y' });
    s.fake.deleteRecord('Leads', all[1000]!, { permanent: true });
    const cut = await runSync(s, first.cursor, { stopAfter: 650, checkpointEvery: 100 });
    expect(cut.cursor).toBeUndefined();
    const last = cut.checkpoints.at(-1)!;
    expect(JSON.parse(JSON.stringify(last))).toEqual(last);
    const rest = await runSync(s, first.cursor, { resume: last });
    const seen = new Set([...cut.upserts, ...rest.upserts]);
    expect([...seen].sort()).toEqual([...changed].sort());
    expect(rest.deletes).toEqual([all[1000]]);
    expect(rest.cursor).toEqual(last.next);
    expect(rest.upserts.length).toBeLessThanOrEqual(900 - 600);
  });

  it('a cursor older than the 60-day retention is flagged: an event, a log line, a flag on the next cursor', async () => {
    const logs: LogEvent[] = [];
    const s = setup(server);
    const first = await runSync(s, undefined);
    s.clock.advance(61 * 24 * HOUR);
    const progress: SyncProgressEvent[] = [];
    const client = new (s.client.constructor as typeof import('../../src/client.js').BulkClient)({
      auth: s.fake.issueAccessToken(100 * 24 * HOUR),
      clock: s.clock,
      poll: { interval: 1_000, maxInterval: 5_000, timeout: 3_600_000 },
      logger: (e) => logs.push(e),
    });
    const second = await runSync({ ...s, client }, first.cursor, { onProgress: (e) => progress.push(e) });
    expect(progress).toContainEqual({
      type: 'deletions-incomplete',
      since: first.cursor!.deletedSince,
      retentionDays: 60,
    });
    expect(logs.filter((l) => l.type === 'sync-deletions-incomplete')).toHaveLength(1);
    expect(second.cursor?.deletionsIncomplete).toBe(true);
    const third = await runSync({ ...s, client }, second.cursor);
    expect(third.cursor?.deletionsIncomplete).toBeUndefined();
  });

  it('refuses a cursor, or a resume checkpoint, made for another query', async () => {
    const s = setup(server);
    const first = await runSync(s, undefined);
    const error = await rejectionOf(runSync(s, first.cursor, { query: { fields: ['Last_Name'] } }));
    expect(error).toBeInstanceOf(RequestValidationError);
    const resume = { version: 1 as const, next: { ...first.cursor!, module: 'Contacts' } };
    const stale = await rejectionOf(runSync(s, first.cursor, { resume }));
    expect(stale).toBeInstanceOf(RequestValidationError);
    expect(stale.message).toContain('the checkpoint was taken for another query');
  });
});
