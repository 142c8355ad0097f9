/**
 * Pages of a bulk-read export over the FILTERED record sequence, computed lazily: a page is the
 * span of positions [start, end) holding `pageSize` matching records. With no criteria and no
 * deletions a page is plain arithmetic; otherwise records are generated and tested from the
 * page's start, and the start of each page is cached per (module, criteria, store version).
 */
import type { RecordStore } from '../data/store.js';
import type { Predicate } from './criteria.js';

export interface PageSpan {
  /** First position to scan. */
  start: number;
  /** Position after the page's last record. */
  end: number;
  /** Matching records in [start, end). */
  count: number;
  /** Whether a matching record exists at or after `end`. */
  more: boolean;
}

export interface PageQuery {
  module: string;
  predicate: Predicate | undefined;
  /** Identifies the criteria for caching (e.g. their JSON). */
  key: string;
}

/** Whether the record at `position` is in the export (not deleted, matches the criteria). */
export function included(store: RecordStore, query: PageQuery, position: number): boolean {
  const values = store.values(query.module, position);
  return values !== undefined && (query.predicate === undefined || query.predicate(values, position));
}

export class Pager {
  private readonly starts = new Map<string, number[]>();

  constructor(private readonly store: RecordStore) {}

  /** The page that begins at scan position `start`. */
  pageFrom(query: PageQuery, start: number, pageSize: number): PageSpan {
    const size = this.store.size(query.module);
    if (query.predicate === undefined && !this.store.hasDeletions(query.module)) {
      const from = Math.min(start, size);
      const count = Math.min(pageSize, size - from);
      return { start: from, end: from + count, count, more: from + count < size };
    }
    let position = start;
    let count = 0;
    let end = start;
    for (; position < size && count < pageSize; position++) {
      if (included(this.store, query, position)) {
        count++;
        end = position + 1;
      }
    }
    let more = false;
    for (let p = end; p < size && count === pageSize; p++) {
      if (included(this.store, query, p)) {
        more = true;
        break;
      }
    }
    return { start, end: count === 0 ? size : end, count, more };
  }

  /** Page `n` (1-based) by number: its start is the end of page n-1 (cached). */
  page(query: PageQuery, n: number, pageSize: number): PageSpan {
    const key = `${query.module}|${pageSize}|${this.store.version}|${query.key}`;
    let starts = this.starts.get(key);
    if (!starts) {
      starts = [0];
      this.starts.set(key, starts);
    }
    while (starts.length < n) {
      const previous = this.pageFrom(query, starts[starts.length - 1] ?? 0, pageSize);
      starts.push(previous.end);
    }
    return this.pageFrom(query, starts[n - 1] ?? 0, pageSize);
  }

  clear(): void {
    this.starts.clear();
  }
}
