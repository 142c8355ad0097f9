/**
 * The row half of an import's pre-flight, shared by `check()` and `preflight: 'rows'`: each record
 * written cell by cell by its field's rules (field-values.ts), with the problems that would make
 * Zoho skip the row — a value its field cannot take (INVALID_DATA), a mandatory field empty
 * (MANDATORY_NOT_FOUND), an `update` row without its `findBy` key — and warnings Zoho would not
 * skip for (a picklist value the field does not list). Checks that need Zoho's records (duplicates,
 * unmatched updates, lookups to records that do not exist) are left to Zoho.
 */
import type { ZohoField } from '../../schemas/fields.js';
import type { BulkWriteRowResult, RowError } from '../../schemas/row-errors.js';
import { csvText, type DateFormat } from '../../streaming/csv-writer.js';
import type { InputRecord } from '../import-params.js';
import { isApiWritable, type MappedColumn } from './column-check.js';
import {
  unlistedValue,
  type ValueProblem,
  type ValueRule,
  type WrittenCell,
  writeCell,
} from './field-values.js';

/** One row problem: the record's `index`, the column (`field`) and why. */
export interface RowProblem {
  index: number;
  /** The input column (as Zoho's ERRORS names it), or the field's API name when no column maps it. */
  field: string;
  /** Zoho's code for such a row: `INVALID_DATA` or `MANDATORY_NOT_FOUND`. */
  code: ValueProblem['code'];
  rule: ValueRule;
  message: string;
}

/** A record written as CSV cells, and what stops Zoho taking it. */
export interface CheckedRow {
  /** Column → cell text; a value with no CSV form stays raw, for the CSV writer to refuse. */
  row: Record<string, unknown>;
  problems: RowProblem[];
  warnings: RowProblem[];
}

interface Target {
  mapped: MappedColumn & { field: ZohoField };
  mandatory: boolean;
}

export interface RowCheckerOptions {
  operation: 'insert' | 'update' | 'upsert';
  findBy?: string | undefined;
  ignoreEmpty?: boolean | undefined;
  /** Date patterns of columns no field describes (as the CSV writer uses them). */
  dateFormats: Readonly<Record<string, DateFormat>>;
}

export class RowChecker {
  readonly #columns: readonly string[];
  readonly #targets: Target[];
  /** Mandatory fields no mapping fills (every insert row misses them). */
  readonly #unfilled: string[];
  readonly #byColumn = new Map<string, Target>();
  readonly #opts: RowCheckerOptions;
  readonly #key: string | undefined;

  constructor(
    columns: readonly string[],
    mapped: readonly MappedColumn[],
    fields: readonly ZohoField[],
    opts: RowCheckerOptions,
  ) {
    this.#columns = columns;
    this.#opts = opts;
    this.#key = opts.findBy === 'Id' ? 'id' : opts.findBy;
    const writable = (f: ZohoField) => isApiWritable(f, opts.operation);
    const mandatory = (f: ZohoField) => f.system_mandatory === true && f.api_name !== 'id' && writable(f);
    this.#targets = mapped
      .filter(
        (m): m is Target['mapped'] => m.field !== undefined && (writable(m.field) || m.apiName === this.#key),
      )
      .map((m) => ({ mapped: m, mandatory: mandatory(m.field) }));
    for (const t of this.#targets)
      if (t.mapped.index !== undefined && !this.#byColumn.has(t.mapped.column))
        this.#byColumn.set(t.mapped.column, t);
    const filled = new Set(mapped.map((m) => m.apiName));
    this.#unfilled =
      opts.operation === 'insert'
        ? fields.filter((f) => mandatory(f) && !filled.has(f.api_name)).map((f) => f.api_name)
        : [];
  }

  /** Writes `record` (input position `index`) and judges it. */
  check(record: InputRecord, index: number): CheckedRow {
    const problems: RowProblem[] = [];
    const warnings: RowProblem[] = [];
    const add = (list: RowProblem[], field: string, p: ValueProblem) => list.push({ index, field, ...p });
    const written = new Map<string, WrittenCell>();
    for (const t of this.#targets) {
      const { mapped } = t;
      let cell: WrittenCell = { text: '' };
      if (mapped.index !== undefined) {
        cell = written.get(mapped.column) ?? writeCell(mapped, record[mapped.column]);
        if (this.#byColumn.get(mapped.column) === t) written.set(mapped.column, cell);
      }
      if (cell.text === '' && cell.problem === undefined && mapped.defaultValue !== undefined) {
        cell = writeCell(mapped, mapped.defaultValue);
      }
      if (cell.problem !== undefined) add(problems, mapped.column, cell.problem);
      else if (cell.text === '' && this.#missing(t))
        add(problems, mapped.column, emptyProblem(mapped.apiName));
      const warning = cell.problem === undefined ? unlistedValue(mapped.field, cell.text) : undefined;
      if (warning !== undefined) add(warnings, mapped.column, warning);
    }
    for (const f of this.#unfilled) add(problems, f, emptyProblem(f));
    const row: Record<string, unknown> = {};
    for (const column of this.#columns) {
      const value = record[column];
      const cell = written.get(column);
      const text =
        cell === undefined
          ? csvText(value, this.#opts.dateFormats[column])
          : cell.problem?.rule === 'no_csv_form'
            ? undefined
            : cell.text;
      // A value with no CSV form stays raw: the CSV writer refuses it as before.
      row[column] = typeof text === 'string' ? text : value;
    }
    for (const key in record) if (!(key in row) && record[key] !== undefined) row[key] = record[key];
    return { row, problems: dedupe(problems), warnings };
  }

  /** Whether an empty cell of target `t` makes the row skipped. */
  #missing(t: Target): boolean {
    const { operation, ignoreEmpty } = this.#opts;
    if (t.mapped.apiName === this.#key) return operation === 'update';
    if (!t.mandatory) return false;
    return operation === 'insert' || ignoreEmpty !== true;
  }
}

const emptyProblem = (field: string): ValueProblem => ({
  code: 'MANDATORY_NOT_FOUND',
  rule: 'mandatory_empty',
  message: `${field} is mandatory and empty`,
});

/** One problem per column and code (a column mapped twice is reported once). */
function dedupe(problems: RowProblem[]): RowProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.code}\u0000${p.field}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A row `preflight: 'rows'` did not send, as an import result: SKIPPED, `local: true`. */
export function localSkip(index: number, checked: CheckedRow): BulkWriteRowResult {
  const errors: RowError[] = [];
  for (const p of checked.problems) {
    const same = errors.find((e) => e.code === p.code);
    if (same === undefined) errors.push({ code: p.code, fields: [p.field] });
    else if (!same.fields.includes(p.field)) same.fields.push(p.field);
  }
  const row: Record<string, string> = {};
  for (const [k, v] of Object.entries(checked.row)) row[k] = typeof v === 'string' ? v : '';
  return { index, status: 'SKIPPED', local: true, recordId: null, errors, row };
}
