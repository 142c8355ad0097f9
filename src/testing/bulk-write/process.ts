/**
 * Runs a bulk-write job against the record store, row by row, the way the result file reports it
 * (zoho-api.md §3.4): insert / update / upsert matched with `find_by`, `ignore_empty`, default
 * values, typed cells and lookups (values.ts), mandatory fields (MANDATORY_NOT_FOUND), bad values
 * (INVALID_DATA), unique fields against existing records and earlier rows of the file
 * (DUPLICATE_DATA), unmatched updates (RESOURCE_NOT_FOUND). A row with any error is SKIPPED.
 */
import { formatRowErrors, type RowError } from '../../schemas/row-errors.js';
import type { FakeContext } from '../context.js';
import type { FakeRecord } from '../data/store.js';
import { FieldIndex } from './field-index.js';
import type { BulkWriteJob, ColumnMapping } from './job.js';
import { isWritable, mandatoryFields, uniqueFields } from './rules.js';
import { convertCell } from './values.js';

export interface RowOutcome {
  status: 'ADDED' | 'UPDATED' | 'SKIPPED';
  recordId: string;
  errors: string;
}

export const fieldIndexOf = (ctx: FakeContext): FieldIndex =>
  ctx.state('bulkWrite.index', () => new FieldIndex(ctx.store));

class RowErrors {
  private readonly byCode = new Map<string, string[]>();
  add(code: string, field: string): void {
    const fields = this.byCode.get(code) ?? [];
    if (!fields.includes(field)) fields.push(field);
    this.byCode.set(code, fields);
  }
  get empty(): boolean {
    return this.byCode.size === 0;
  }
  toString(): string {
    const order = ['MANDATORY_NOT_FOUND', 'INVALID_DATA', 'DUPLICATE_DATA', 'RESOURCE_NOT_FOUND'];
    const list: RowError[] = [...this.byCode.entries()]
      .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
      .map(([code, fields]) => ({ code, fields }));
    return formatRowErrors(list);
  }
}

/** Applies the job's rows to the store (once) and records each row's outcome. */
export function processJob(job: BulkWriteJob, ctx: FakeContext): NonNullable<BulkWriteJob['outcome']> {
  if (job.outcome) return job.outcome;
  const { store } = ctx;
  const index = fieldIndexOf(ctx);
  const def = store.module(job.module);
  const fields = new Map((def?.fields ?? []).map((f) => [f.api_name, f]));
  const mandatory = mandatoryFields(def?.fields ?? []);
  const unique = uniqueFields(def?.fields ?? []);
  const labelOf = new Map<string, string>();
  for (const m of job.mappings) if (!labelOf.has(m.field)) labelOf.set(m.field, m.label);
  const label = (field: string) => labelOf.get(field) ?? field;
  // Layout and fields only Zoho sets are accepted in a mapping but never written.
  const writable = job.mappings.filter((m) => m.field === 'id' || isWritable(fields.get(m.field)));
  const findBy = job.findBy;
  // Build the indexes now, while they are current.
  for (const field of new Set([...unique, ...(findBy && findBy !== 'id' ? [findBy] : [])])) {
    index.prepare(job.module, field);
  }

  const rows: RowOutcome[] = [];
  let added = 0;
  let updated = 0;
  let skipped = 0;
  for (const row of job.csv.rows) {
    const errors = new RowErrors();
    const values: FakeRecord = {};
    const present = new Set<string>();
    const invalid = new Set<string>();
    let idCell = '';
    for (const m of writable) {
      let cell = m.index === undefined ? '' : (row[m.index] ?? '');
      if (cell === '' && m.defaultValue !== undefined) cell = m.defaultValue;
      if (m.field === 'id') {
        idCell = cell.trim();
        continue;
      }
      const field = fields.get(m.field);
      if (!field) continue;
      const value = convertCell(field, cell, m, { store, index });
      if (value === undefined) {
        errors.add('INVALID_DATA', m.label);
        invalid.add(m.field);
      } else values[m.field] = value;
      present.add(m.field);
    }

    let target: string | undefined;
    if (job.operation !== 'insert' && findBy) {
      const key = findBy === 'id' ? idCell : (values[findBy] ?? '');
      if (key === '') {
        if (job.operation === 'update') errors.add('MANDATORY_NOT_FOUND', label(findBy));
      } else target = findBy === 'id' ? existing(ctx, job.module, key) : index.find(job.module, findBy, key);
      if (key !== '' && target === undefined && job.operation === 'update') {
        errors.add('RESOURCE_NOT_FOUND', label(findBy));
      }
    }
    const updating = target !== undefined || job.operation === 'update';
    for (const f of mandatory) {
      // A value that was given but is invalid is INVALID_DATA only, not also missing.
      const empty = (values[f] ?? '') === '' && !invalid.has(f);
      if (updating ? present.has(f) && empty && !job.ignoreEmpty : empty)
        errors.add('MANDATORY_NOT_FOUND', label(f));
    }
    for (const f of unique) {
      const v = values[f] ?? '';
      if (v === '') continue;
      const other = index.find(job.module, f, v);
      if (other !== undefined && other !== target) errors.add('DUPLICATE_DATA', label(f));
    }

    if (!errors.empty) {
      rows.push({ status: 'SKIPPED', recordId: '', errors: errors.toString() });
      skipped++;
      continue;
    }
    if (target === undefined) {
      const clean = mapOut(values, (v) => v !== '');
      const version = store.version;
      const id = store.insert(job.module, clean);
      index.written(job.module, id, undefined, clean);
      index.synced(version);
      rows.push({ status: 'ADDED', recordId: id, errors: '' });
      added++;
    } else {
      const patch = job.ignoreEmpty ? mapOut(values, (v) => v !== '') : values;
      const old = store.record(job.module, store.locate(target)?.position ?? -1);
      const version = store.version;
      store.update(job.module, target, patch);
      index.written(job.module, target, old, patch);
      index.synced(version);
      rows.push({ status: 'UPDATED', recordId: target, errors: '' });
      updated++;
    }
  }
  job.outcome = { rows, added, updated, skipped };
  return job.outcome;
}

function existing(ctx: FakeContext, module: string, id: string): string | undefined {
  const where = ctx.store.locate(id);
  return where && where.module === module && !ctx.store.isDeleted(module, where.position) ? id : undefined;
}

function mapOut(values: FakeRecord, keep: (value: string) => boolean): FakeRecord {
  const out: FakeRecord = {};
  for (const [k, v] of Object.entries(values)) if (keep(v)) out[k] = v;
  return out;
}

/** The result CSV's columns: the first three mapped columns, then STATUS, RECORD_ID, ERRORS. */
export function resultColumns(job: Pick<BulkWriteJob, 'mappings' | 'csv'>): {
  header: string[];
  indexes: number[];
} {
  const mapped = job.mappings.filter((m): m is ColumnMapping & { index: number } => m.index !== undefined);
  const first = mapped.slice(0, 3);
  return {
    header: [...first.map((m) => job.csv.header[m.index] ?? m.field), 'STATUS', 'RECORD_ID', 'ERRORS'],
    indexes: first.map((m) => m.index),
  };
}
