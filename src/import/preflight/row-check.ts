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
import { CellWriter, type ValueProblem, type ValueRule } from './field-values.js';

/**
 * One row problem: the record's `index`, the column (`field`) and why. A child row's problem (a
 * parent-child import) has the parent's `index` and `child`: the child key and the row's 0-based
 * position in that parent's array.
 */
export interface RowProblem {
  index: number;
  /** For a child row: its key in the parent record and its position in the parent's array. */
  child?: { key: string; position: number } | undefined;
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

/** A mapped column compiled once: its writer, where its cell is kept, whether empty is a problem. */
interface Target {
  column: string;
  apiName: string;
  writer: CellWriter;
  /** Slot of its column's cell in the row being checked; -1 for a mapping without a column. */
  slot: number;
  /** Whether this target writes its column's cell (the first target of the column); later ones reuse it. */
  writes: boolean;
  /** `default_value` written by the field's rules, used for an empty cell. */
  fallback: { text: string; problem: ValueProblem | undefined } | undefined;
  /** Whether an empty cell makes the row skipped. */
  required: boolean;
}

export interface RowCheckerOptions {
  operation: 'insert' | 'update' | 'upsert';
  findBy?: string | undefined;
  ignoreEmpty?: boolean | undefined;
  /** Date patterns of columns no field describes (as the CSV writer uses them). */
  dateFormats: Readonly<Record<string, DateFormat>>;
}

/**
 * Writes and judges records of one import. Everything that depends only on the mappings and the
 * fields (each column's writer, its slot, its date format, which empty cells are problems) is
 * decided once here; `check` then costs the row object and its problems, nothing else per row.
 */
export class RowChecker {
  readonly #columns: readonly string[];
  readonly #targets: Target[];
  /** Mandatory fields no mapping fills (every insert row misses them). */
  readonly #unfilled: string[];
  /** Per column: the slot of its written cell (-1: written by the CSV writer's generic forms). */
  readonly #slotOf: number[];
  /** Per column: its date pattern for the generic forms. */
  readonly #formatOf: (DateFormat | undefined)[];
  /** The written cells of the row being checked, by slot (reused from row to row). */
  readonly #texts: string[];
  readonly #problems: (ValueProblem | undefined)[];

  constructor(
    columns: readonly string[],
    mapped: readonly MappedColumn[],
    fields: readonly ZohoField[],
    opts: RowCheckerOptions,
  ) {
    this.#columns = columns;
    const key = opts.findBy === 'Id' ? 'id' : opts.findBy;
    const writable = (f: ZohoField) => isApiWritable(f, opts.operation);
    const mandatory = (f: ZohoField) => f.system_mandatory === true && f.api_name !== 'id' && writable(f);
    const required = (m: MappedColumn & { field: ZohoField }): boolean => {
      if (m.apiName === key) return opts.operation === 'update';
      if (!mandatory(m.field)) return false;
      return opts.operation === 'insert' || opts.ignoreEmpty !== true;
    };
    const slots = new Map<string, number>();
    this.#targets = mapped
      .filter(
        (m): m is MappedColumn & { field: ZohoField } =>
          m.field !== undefined && (writable(m.field) || m.apiName === key),
      )
      .map((m) => {
        const writer = new CellWriter(m);
        const slot = m.index === undefined ? -1 : (slots.get(m.column) ?? slots.size);
        const writes = slot >= 0 && !slots.has(m.column);
        if (writes) slots.set(m.column, slot);
        const fallback =
          m.defaultValue === undefined
            ? undefined
            : { problem: writer.write(m.defaultValue), text: writer.text };
        return {
          column: m.column,
          apiName: m.apiName,
          writer,
          slot,
          writes,
          fallback,
          required: required(m),
        };
      });
    this.#texts = new Array<string>(slots.size).fill('');
    this.#problems = new Array<ValueProblem | undefined>(slots.size);
    this.#slotOf = columns.map((c) => slots.get(c) ?? -1);
    this.#formatOf = columns.map((c) => opts.dateFormats[c]);
    const filled = new Set(mapped.map((m) => m.apiName));
    this.#unfilled =
      opts.operation === 'insert'
        ? fields.filter((f) => mandatory(f) && !filled.has(f.api_name)).map((f) => f.api_name)
        : [];
  }

  /** Writes `record` (input position `index`) and judges it. */
  check(record: InputRecord, index: number): CheckedRow {
    const texts = this.#texts;
    const written = this.#problems;
    const problems: RowProblem[] = [];
    const warnings: RowProblem[] = [];
    for (const t of this.#targets) {
      let text = '';
      let problem: ValueProblem | undefined;
      if (t.writes) {
        problem = written[t.slot] = t.writer.write(record[t.column]);
        text = texts[t.slot] = t.writer.text;
      } else if (t.slot >= 0) {
        text = texts[t.slot]!;
        problem = written[t.slot];
      }
      if (text === '' && problem === undefined && t.fallback !== undefined) ({ text, problem } = t.fallback);
      if (problem !== undefined) problems.push(problemAt(index, t.column, problem));
      else if (text === '') {
        if (t.required) problems.push(problemAt(index, t.column, emptyProblem(t.apiName)));
      } else {
        const warning = t.writer.unlisted(text);
        if (warning !== undefined) warnings.push(problemAt(index, t.column, warning));
      }
    }
    for (const f of this.#unfilled) problems.push(problemAt(index, f, emptyProblem(f)));
    const row: Record<string, unknown> = {};
    const columns = this.#columns;
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i]!;
      const value = record[column];
      const slot = this.#slotOf[i]!;
      const text =
        slot < 0
          ? csvText(value, this.#formatOf[i])
          : written[slot]?.rule === 'no_csv_form'
            ? undefined
            : texts[slot];
      // A value with no CSV form stays raw: the CSV writer refuses it as before.
      row[column] = typeof text === 'string' ? text : value;
    }
    for (const key in record) if (!(key in row) && record[key] !== undefined) row[key] = record[key];
    return { row, problems: problems.length > 1 ? dedupe(problems) : problems, warnings };
  }
}

const problemAt = (index: number, field: string, p: ValueProblem): RowProblem => ({
  index,
  field,
  code: p.code,
  rule: p.rule,
  message: p.message,
});

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

/** The `errors` of a result for `problems` (one entry per code, Zoho's shape). */
export function problemErrors(problems: readonly RowProblem[]): RowError[] {
  const errors: RowError[] = [];
  for (const p of problems) {
    const same = errors.find((e) => e.code === p.code);
    if (same === undefined) errors.push({ code: p.code, fields: [p.field] });
    else if (!same.fields.includes(p.field)) same.fields.push(p.field);
  }
  return errors;
}

/** A row's cells as text (a value with no CSV form as ''). */
export function rowCells(checked: CheckedRow): Record<string, string> {
  const row: Record<string, string> = {};
  for (const [k, v] of Object.entries(checked.row)) row[k] = typeof v === 'string' ? v : '';
  return row;
}

/** A row `preflight: 'rows'` did not send, as an import result: SKIPPED, `local: true`. */
export function localSkip(index: number, checked: CheckedRow): BulkWriteRowResult {
  const errors = problemErrors(checked.problems);
  return { index, status: 'SKIPPED', local: true, recordId: null, errors, row: rowCells(checked) };
}
