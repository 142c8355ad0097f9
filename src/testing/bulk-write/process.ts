/**
 * Runs a bulk-write job against the record store, row by row, the way the result file reports it
 * (zoho-api.md §3.4): insert / update / upsert matched with `find_by`, `ignore_empty`, default
 * values, typed cells and lookups (values.ts), mandatory fields (MANDATORY_NOT_FOUND), bad values
 * (INVALID_DATA), unique fields against existing records and earlier rows of the file
 * (DUPLICATE_DATA), unmatched updates (RESOURCE_NOT_FOUND). A row with any error is SKIPPED.
 */
import { formatRowErrors, type RowError } from '../../schemas/row-errors.js';
import type { FakeContext } from '../context.js';
import type { FieldDef } from '../data/field-def.js';
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
  const plan = planJob(job, ctx);
  const rows: RowOutcome[] = [];
  let added = 0;
  let updated = 0;
  let skipped = 0;
  for (const row of job.csv.rows) {
    const outcome = processRow(job, plan, row, ctx);
    rows.push(outcome);
    if (outcome.status === 'ADDED') added++;
    else if (outcome.status === 'UPDATED') updated++;
    else skipped++;
  }
  job.outcome = { rows, added, updated, skipped };
  return job.outcome;
}

/** What every row of a job is read and checked with. */
interface JobPlan {
  index: FieldIndex;
  fields: Map<string, FieldDef>;
  mandatory: string[];
  unique: string[];
  /** How ERRORS names a field: the header of its first mapped column, else its api name. */
  label: (field: string) => string;
  /** The mappings written: layout and fields only Zoho sets are accepted in a mapping but never written. */
  writable: ColumnMapping[];
}

function planJob(job: BulkWriteJob, ctx: FakeContext): JobPlan {
  const index = fieldIndexOf(ctx);
  const def = ctx.store.module(job.module);
  const fields = new Map((def?.fields ?? []).map((f) => [f.api_name, f]));
  const mandatory = mandatoryFields(def?.fields ?? []);
  // Only the unique fields this job writes are checked, so only their indexes are built (building
  // one scans the whole module: ~2 s over 450,000 generated Contacts).
  const mapped = new Set(job.mappings.map((m) => m.field));
  const unique = uniqueFields(def?.fields ?? []).filter((f) => mapped.has(f));
  const labelOf = new Map<string, string>();
  for (const m of job.mappings) if (!labelOf.has(m.field)) labelOf.set(m.field, m.label);
  const label = (field: string) => labelOf.get(field) ?? field;
  const writable = job.mappings.filter((m) => m.field === 'id' || isWritable(fields.get(m.field)));
  const findBy = job.findBy;
  // Build the indexes now, while they are current.
  for (const field of new Set([...unique, ...(findBy && findBy !== 'id' ? [findBy] : [])])) {
    index.prepare(job.module, field);
  }
  return { index, fields, mandatory, unique, label, writable };
}

/** One CSV row converted to field values, with the errors found so far. */
interface RowCells {
  errors: RowErrors;
  values: FakeRecord;
  /** Fields the row maps (given a value or not). */
  present: Set<string>;
  /** Fields whose value was given but invalid. */
  invalid: Set<string>;
  /** The record id column, trimmed ('' when not mapped). */
  idCell: string;
}

function processRow(job: BulkWriteJob, plan: JobPlan, row: string[], ctx: FakeContext): RowOutcome {
  const cells = readCells(plan, row, ctx);
  const target = findTarget(job, plan, cells, ctx);
  checkMandatory(job, plan, cells, target !== undefined || job.operation === 'update');
  checkUnique(job, plan, cells, target);
  if (!cells.errors.empty) return { status: 'SKIPPED', recordId: '', errors: cells.errors.toString() };
  return target === undefined
    ? insertRow(job, plan, cells.values, ctx)
    : updateRow(job, plan, target, cells.values, ctx);
}

function readCells(plan: JobPlan, row: string[], ctx: FakeContext): RowCells {
  const cells: RowCells = {
    errors: new RowErrors(),
    values: {},
    present: new Set(),
    invalid: new Set(),
    idCell: '',
  };
  for (const m of plan.writable) {
    let cell = m.index === undefined ? '' : (row[m.index] ?? '');
    if (cell === '' && m.defaultValue !== undefined) cell = m.defaultValue;
    if (m.field === 'id') {
      cells.idCell = cell.trim();
      continue;
    }
    const field = plan.fields.get(m.field);
    if (!field) continue;
    const value = convertCell(field, cell, m, { store: ctx.store, index: plan.index });
    if (value === undefined) {
      cells.errors.add('INVALID_DATA', m.label);
      cells.invalid.add(m.field);
    } else cells.values[m.field] = value;
    cells.present.add(m.field);
  }
  return cells;
}

/** The record an update or upsert row matches with find_by, if any. */
function findTarget(job: BulkWriteJob, plan: JobPlan, cells: RowCells, ctx: FakeContext): string | undefined {
  const findBy = job.findBy;
  if (job.operation === 'insert' || !findBy) return undefined;
  let target: string | undefined;
  const key = findBy === 'id' ? cells.idCell : (cells.values[findBy] ?? '');
  if (key === '') {
    if (job.operation === 'update') cells.errors.add('MANDATORY_NOT_FOUND', plan.label(findBy));
  } else if (findBy !== 'id') target = plan.index.find(job.module, findBy, key);
  else if (ctx.store.positionOf(job.module, key) !== undefined) target = key;
  if (key !== '' && target === undefined && job.operation === 'update') {
    cells.errors.add('RESOURCE_NOT_FOUND', plan.label(findBy));
  }
  return target;
}

function checkMandatory(job: BulkWriteJob, plan: JobPlan, cells: RowCells, updating: boolean): void {
  for (const f of plan.mandatory) {
    // A value that was given but is invalid is INVALID_DATA only, not also missing.
    const empty = (cells.values[f] ?? '') === '' && !cells.invalid.has(f);
    if (updating ? cells.present.has(f) && empty && !job.ignoreEmpty : empty)
      cells.errors.add('MANDATORY_NOT_FOUND', plan.label(f));
  }
}

/** Unique fields against existing records and earlier rows of the file (the index holds both). */
function checkUnique(job: BulkWriteJob, plan: JobPlan, cells: RowCells, target: string | undefined): void {
  for (const f of plan.unique) {
    const v = cells.values[f] ?? '';
    if (v === '') continue;
    const other = plan.index.find(job.module, f, v);
    if (other !== undefined && other !== target) cells.errors.add('DUPLICATE_DATA', plan.label(f));
  }
}

function insertRow(job: BulkWriteJob, plan: JobPlan, values: FakeRecord, ctx: FakeContext): RowOutcome {
  const { store } = ctx;
  const clean = mapOut(values, (v) => v !== '');
  const version = store.version;
  const id = store.insert(job.module, clean);
  plan.index.written(job.module, id, undefined, clean);
  plan.index.synced(version);
  return { status: 'ADDED', recordId: id, errors: '' };
}

function updateRow(
  job: BulkWriteJob,
  plan: JobPlan,
  target: string,
  values: FakeRecord,
  ctx: FakeContext,
): RowOutcome {
  const { store } = ctx;
  const patch = job.ignoreEmpty ? mapOut(values, (v) => v !== '') : values;
  const old = store.record(job.module, store.locate(target)?.position ?? -1);
  const version = store.version;
  store.update(job.module, target, patch);
  plan.index.written(job.module, target, old, patch);
  plan.index.synced(version);
  return { status: 'UPDATED', recordId: target, errors: '' };
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
