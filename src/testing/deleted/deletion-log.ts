/**
 * Deleted records of the fake org (metadata-sync.md §2): one entry per deletion, kept for Zoho's
 * retention (60 days for the recycle bin, 120 for permanent deletions) and listed newest first
 * by `GET /crm/{v}/{module}/deleted`.
 */
import type { FakeContext } from '../context.js';
import { formatDateTime } from '../data/gen.js';

export type FakeDeletionType = 'recycle' | 'permanent';

export interface FakeDeletion {
  module: string;
  id: string;
  displayName: string | null;
  type: FakeDeletionType;
  /** Epoch ms of the fake clock. */
  time: number;
  /** User id of who deleted it (null for permanent entries, as in Zoho's sample). */
  by: { name: string; id: string } | null;
}

const DAY = 86_400_000;
/** How long Zoho lists an entry, per type. */
export const RETENTION_MS: Readonly<Record<FakeDeletionType, number>> = {
  recycle: 60 * DAY,
  permanent: 120 * DAY,
};

export class DeletionLog {
  readonly entries: FakeDeletion[] = [];

  add(entry: FakeDeletion): void {
    this.entries.push(entry);
  }

  /** A module's entries still within retention, deleted at or after `since`, newest first. */
  list(
    module: string,
    now: number,
    options: { since?: number; type?: FakeDeletionType } = {},
  ): FakeDeletion[] {
    return this.entries
      .filter(
        (e) =>
          e.module === module &&
          now - e.time <= RETENTION_MS[e.type] &&
          (options.type === undefined || e.type === options.type) &&
          (options.since === undefined || e.time >= options.since),
      )
      .sort((a, b) => b.time - a.time);
  }
}

/** The fake's deletion log (dropped by `fake.reset()` with the records' overlay). */
export function deletionLog(ctx: FakeContext): DeletionLog {
  return ctx.state('deletedRecords', () => new DeletionLog());
}

/**
 * Deletes a record and logs it: `recycle` keeps the display name and who deleted it,
 * `permanent` comes with nulls, as Zoho lists it. False when there is no such record.
 */
export function deleteAndLog(ctx: FakeContext, module: string, id: string, type: FakeDeletionType): boolean {
  const { store } = ctx;
  const position = store.locate(id)?.position;
  const record = position === undefined ? undefined : store.record(module, position);
  if (!store.remove(module, id)) return false;
  const user = store.users[0]!;
  const display = store.module(module)?.displayField;
  deletionLog(ctx).add({
    module,
    id,
    displayName: type === 'permanent' ? null : (record?.[display ?? ''] ?? null),
    type,
    time: ctx.now(),
    by: type === 'permanent' ? null : { name: user.full_name, id: user.id },
  });
  return true;
}

/** One `data[]` entry as Zoho sends it. */
export function deletionJson(entry: FakeDeletion, zone: 'in' | 'us'): Record<string, unknown> {
  return {
    deleted_by: entry.by,
    id: entry.id,
    display_name: entry.displayName,
    type: entry.type,
    created_by: entry.by,
    deleted_time: formatDateTime(entry.time, zone),
  };
}
