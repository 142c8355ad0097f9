/**
 * The column half of an import's pre-flight: every mapped column against the module's fields
 * (zoho-api-metadata-sync.md §1.2). A column that is no field, a field the API may not write for
 * this operation, a `findBy` that is no field or no column, and (for `insert`) a system-mandatory
 * field no column or default fills are problems; each names the column and, for a misspelling,
 * the closest field.
 */
import type { BulkWriteFieldMapping } from '../../schemas/bulk-write-body.js';
import type { ZohoField } from '../../schemas/fields.js';
import { closestField } from './closest-field.js';
import type { CellTarget } from './field-values.js';

export type ColumnProblemCode = 'UNKNOWN_FIELD' | 'READ_ONLY' | 'MANDATORY_MISSING' | 'FIND_BY_MISSING';

/** One column problem. `column` is the input column (or the field, for a missing one). */
export interface ColumnProblem {
  column: string;
  /** The field concerned (API name), when there is one. */
  field?: string | undefined;
  code: ColumnProblemCode;
  message: string;
  /** The closest field's API name, for a column that is no field. */
  suggestion?: string | undefined;
}

type Operation = 'insert' | 'update' | 'upsert';

/** Computed fields, never written (formula, auto-number, roll-up summary). */
const COMPUTED = new Set(['formula', 'autonumber', 'rollup_summary']);
/** Fields without a CSV column of their own (written through child CSVs, or not at all). */
const NO_COLUMN = new Set(['subform', 'multiselectlookup', 'multiuserlookup', 'fileupload', 'imageupload']);

/**
 * Whether the API may write the field in `operation`: `operation_type.api_create` / `api_update`
 * when Zoho sends them (`Owner` is `field_read_only` yet writable), else neither `read_only` nor
 * `field_read_only`; computed fields never.
 */
export function isApiWritable(field: ZohoField, operation: Operation): boolean {
  if (COMPUTED.has(field.data_type) || NO_COLUMN.has(field.data_type)) return false;
  const ops = field.operation_type as { api_create?: unknown; api_update?: unknown } | null | undefined;
  const create = typeof ops?.api_create === 'boolean' ? ops.api_create : undefined;
  const update = typeof ops?.api_update === 'boolean' ? ops.api_update : undefined;
  if (create !== undefined || update !== undefined) {
    if (operation === 'insert') return create ?? update === true;
    if (operation === 'update') return update ?? create === true;
    return create === true || update === true;
  }
  return field.read_only !== true && field.field_read_only !== true;
}

/** A mapped column and the field it feeds (undefined: no such field). */
export interface MappedColumn extends Omit<CellTarget, 'field'> {
  /** The field named by `api_name`; undefined when the module has no such field. */
  field: ZohoField | undefined;
  /** The input column (the api name for a mapping without `index`). */
  column: string;
  /** The CSV column index; undefined for a mapping that only sets `default_value`. */
  index: number | undefined;
  apiName: string;
  /** `default_value.value` as text, used for an empty cell. */
  defaultValue: string | undefined;
}

/** Per mapping, the input column (by index) and the field named by `api_name`. */
export function mappedColumns(
  mappings: readonly BulkWriteFieldMapping[],
  columns: readonly string[],
  fields: readonly ZohoField[],
): MappedColumn[] {
  const byName = new Map(fields.map((f) => [f.api_name, f]));
  return mappings.map((m) => {
    const apiName = m.api_name === 'Id' ? 'id' : m.api_name;
    const fallback = (m.default_value as { value?: unknown } | undefined)?.value;
    return {
      column: m.index === undefined ? m.api_name : (columns[m.index] ?? m.api_name),
      index: m.index,
      apiName,
      field: byName.get(apiName),
      findBy: m.find_by ?? undefined,
      format: m.format ?? undefined,
      defaultValue: fallback === undefined || fallback === null ? undefined : String(fallback),
    };
  });
}

export interface ColumnCheckInput {
  module: string;
  operation: Operation;
  findBy?: string | undefined;
  mapped: readonly MappedColumn[];
  fields: readonly ZohoField[];
}

/** Every column problem of an import, in column order, then the missing mandatory fields. */
export function checkColumns(input: ColumnCheckInput): ColumnProblem[] {
  const { module, operation, findBy, mapped, fields } = input;
  const problems: ColumnProblem[] = [];
  const key = findBy === 'Id' ? 'id' : findBy;
  for (const m of mapped) {
    if (m.field === undefined) {
      if (m.apiName === 'id' && key === 'id') continue; // the record id, matched by find_by
      const suggestion = closestField(m.apiName, fields);
      const hint = suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`;
      problems.push({
        column: m.column,
        field: m.apiName,
        code: 'UNKNOWN_FIELD',
        message: `${m.apiName} is no field of ${module}${hint}`,
        suggestion,
      });
    } else if (m.apiName !== key && !isApiWritable(m.field, operation)) {
      problems.push({
        column: m.column,
        field: m.apiName,
        code: 'READ_ONLY',
        message: `${m.apiName} (${m.field.data_type}) cannot be written by the API on ${operation}`,
      });
    }
  }
  if (key !== undefined && operation !== 'insert') {
    const known = key === 'id' || fields.some((f) => f.api_name === key);
    if (!known || !mapped.some((m) => m.apiName === key)) {
      const suggestion = known ? undefined : closestField(key, fields);
      problems.push({
        column: key,
        field: key,
        code: known ? 'FIND_BY_MISSING' : 'UNKNOWN_FIELD',
        message: known
          ? `findBy ${key} has no column: every row needs it to find its record`
          : `findBy ${key} is no field of ${module}${suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`}`,
        suggestion,
      });
    }
  }
  if (operation === 'insert') {
    const filled = new Set(mapped.map((m) => m.apiName));
    for (const f of fields) {
      if (
        f.system_mandatory === true &&
        f.api_name !== 'id' &&
        !filled.has(f.api_name) &&
        isApiWritable(f, 'insert')
      ) {
        problems.push({
          column: f.api_name,
          field: f.api_name,
          code: 'MANDATORY_MISSING',
          message: `${f.api_name} is mandatory on insert but no column or default value fills it`,
        });
      }
    }
  }
  return problems;
}
