/**
 * value → record id, per (module, field), for unique checks (DUPLICATE_DATA), `find_by` matching
 * and lookups by a field. Built on first use by scanning the module (values compared
 * case-insensitively, empty values left out); kept up to date by the writer through `set`/`drop`,
 * and rebuilt when the store changed behind its back (`store.version`).
 */
import type { RecordStore } from '../data/store.js';

interface Built {
  module: string;
  field: string;
  map: Map<string, string>;
  version: number;
}

const key = (value: string): string => value.trim().toLowerCase();

export class FieldIndex {
  private readonly built = new Map<string, Built>();

  constructor(private readonly store: RecordStore) {}

  /** The id of a record whose `field` equals `value` (the first one, if several). */
  find(module: string, field: string, value: string): string | undefined {
    if (key(value) === '') return undefined;
    return this.map(module, field)?.get(key(value));
  }

  /** Builds (or rebuilds, when stale) the index of `field` now. */
  prepare(module: string, field: string): void {
    this.map(module, field);
  }

  /**
   * Keeps every index of `module` current after the fake wrote record `id`: `before` are its
   * values before the write (undefined for an insert), `after` the values written.
   */
  written(
    module: string,
    id: string,
    before: Readonly<Record<string, string>> | undefined,
    after: Readonly<Record<string, string>>,
  ): void {
    for (const entry of this.built.values()) {
      if (entry.module !== module || !(entry.field in after)) continue;
      const old = before?.[entry.field];
      if (old !== undefined && entry.map.get(key(old)) === id) entry.map.delete(key(old));
      const value = key(after[entry.field] ?? '');
      if (value !== '' && !entry.map.has(value)) entry.map.set(value, id);
    }
  }

  /**
   * After the fake's own writes (each reported with `written`), marks the indexes that were
   * current at store version `before` current again.
   */
  synced(before: number): void {
    for (const entry of this.built.values()) if (entry.version === before) entry.version = this.store.version;
  }

  private map(module: string, field: string): Map<string, string> | undefined {
    const name = `${module}\u0000${field}`;
    const entry = this.built.get(name);
    if (entry && entry.version === this.store.version) return entry.map;
    const getter = this.store.column(module, field);
    if (!getter) return undefined;
    const map = new Map<string, string>();
    const size = this.store.size(module);
    for (let position = 0; position < size; position++) {
      const values = this.store.values(module, position);
      if (!values) continue;
      const value = key(getter(values, position));
      if (value !== '' && !map.has(value)) map.set(value, this.store.idOf(module, position));
    }
    this.built.set(name, { module, field, map, version: this.store.version });
    return map;
  }
}
