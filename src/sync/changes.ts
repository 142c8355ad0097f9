/**
 * `client.bulkRead.changes`: what changed in a module since a cursor. The export part yields
 * upserts (every record on a first run), the deleted-records part yields deletions since the
 * cursor; `onCursor` gets the next cursor once, after the last event, so a run cut short never
 * moves it. The next cursor starts at this run's start in Zoho's clock, minus an overlap: a record
 * changed while the run is in flight is seen again by the next run (duplicates, never misses).
 */

import type { ExportContext } from '../export/context.js';
import { exportRecords } from '../export/export-pages.js';
import type { ExportCheckpoint } from '../schemas/bulk-read.js';
import type { SyncContext } from './context.js';
import { makeCursor, type SyncCursor } from './cursor.js';
import { deletedPages } from './deleted-records.js';
import type { ChangeEvent, ChangesOptions, ChangesQuery } from './options.js';
import { planRun, type SyncPlan } from './plan.js';
import { DEFAULT_OVERLAP_MS, DELETION_RETENTION_DAYS, serverTime } from './server-time.js';

const DAY = 86_400_000;

/** The run's state: the cursor it will hand over (known once the first job exists) and what it delivered. */
interface RunState {
  plan: SyncPlan;
  options: ChangesOptions;
  next: SyncCursor | undefined;
  upserted: Set<string>;
  deleted: Set<string>;
}

export async function* changes(
  ctx: SyncContext,
  query: ChangesQuery,
  options: ChangesOptions = {},
): AsyncGenerator<ChangeEvent, void, undefined> {
  const plan = planRun(query, options);
  const state: RunState = {
    plan,
    options,
    next: plan.resume?.next,
    upserted: new Set(),
    deleted: new Set(),
  };
  yield* upserts(ctx, state);
  if (options.deleted !== false && plan.since !== undefined) yield* deletions(ctx, state, plan.since);
  if (state.next === undefined) throw new Error('bulkRead.changes: the run ended without a start time');
  await options.onCursor?.(structuredClone(state.next));
}

/** Sets the next cursor from the first job's creation time (Zoho's clock), flagging a stale `since`. */
function startAt(ctx: SyncContext, state: RunState, start: number): void {
  const { plan, options } = state;
  const since = plan.since;
  const stale =
    since !== undefined &&
    options.deleted !== false &&
    start - Date.parse(since.deletedSince) > DELETION_RETENTION_DAYS * DAY;
  if (stale) {
    options.onProgress?.({
      type: 'deletions-incomplete',
      since: since.deletedSince,
      retentionDays: DELETION_RETENTION_DAYS,
    });
    ctx.client.options.logger?.({
      type: 'sync-deletions-incomplete',
      module: plan.prepared.module,
      since: since.deletedSince,
      retentionDays: DELETION_RETENTION_DAYS,
    });
  }
  state.next = makeCursor(plan.prepared, start, options.overlapMs ?? DEFAULT_OVERLAP_MS, stale);
}

/** The export's context, its `create` reading Zoho's clock from the first job's response. */
function exportContext(ctx: SyncContext, state: RunState): ExportContext {
  return {
    ...ctx.export,
    create: async (body, o) => {
      const before = ctx.export.now();
      const { job, date } = await ctx.createWithDate(body, o);
      if (state.next === undefined) startAt(ctx, state, serverTime(date, job, before));
      return job;
    },
  };
}

async function* upserts(ctx: SyncContext, state: RunState): AsyncGenerator<ChangeEvent, void, undefined> {
  const { plan, options } = state;
  const onCheckpoint = options.onCheckpoint;
  const records = exportRecords(exportContext(ctx, state), plan.exportQuery, {
    signal: options.signal,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.poll ? { poll: options.poll } : {}),
    ...(options.checkpointEvery === undefined ? {} : { checkpointEvery: options.checkpointEvery }),
    ...(plan.resume?.export ? { resume: plan.resume.export } : {}),
    ...(onCheckpoint
      ? {
          onCheckpoint: (checkpoint: ExportCheckpoint) =>
            state.next && onCheckpoint({ version: 1, next: structuredClone(state.next), export: checkpoint }),
        }
      : {}),
  }) as AsyncIterable<Record<string, string>>;
  for await (const record of records) {
    const id = record.Id ?? record.id;
    if (id !== undefined) {
      if (state.upserted.has(id)) continue;
      state.upserted.add(id);
    }
    yield { type: 'upsert', record };
  }
}

async function* deletions(
  ctx: SyncContext,
  state: RunState,
  since: SyncCursor,
): AsyncGenerator<ChangeEvent, void, undefined> {
  const { plan, options } = state;
  for await (const page of deletedPages(
    ctx.client,
    plan.prepared.module,
    since.deletedSince,
    options.signal,
  )) {
    options.onProgress?.({
      type: 'deleted-page',
      page: page.page,
      count: page.records.length,
      moreRecords: page.moreRecords,
    });
    for (const entry of page.records) {
      if (state.deleted.has(entry.id)) continue;
      state.deleted.add(entry.id);
      yield {
        type: 'delete',
        id: entry.id,
        deletedTime: entry.deleted_time,
        deletedType: entry.type ?? 'recycle',
      };
    }
  }
}
