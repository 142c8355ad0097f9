/**
 * How a Bulk Read CSV column of a field is read, decided by the field's `data_type`
 * (zoho-api-metadata-sync.md §1.3, API.md "Typed values"). Shared by `recordSchema` (runtime) and
 * the `zoho-bulk types` generator, so both read a record the same way.
 */
import type { ZohoField } from '../schemas/fields.js';

export type ColumnKind =
  /** Text as is (text-like types, picklists, lookup and owner ids, unknown types). */
  | 'text'
  /** A picklist: text, typed as an open union of its values by the generator. */
  | 'picklist'
  /** `A;B` → `string[]`. */
  | 'multiselect'
  /** A whole number within ±2^53 → number. */
  | 'integer'
  /** A decimal → number. */
  | 'number'
  /** A decimal, a trailing `%` tolerated → number. */
  | 'percent'
  /** Digits of any length (`bigint`), kept as a string. */
  | 'digits'
  /** A record id (the `Id` column), kept as a string. */
  | 'id'
  | 'boolean'
  /** `yyyy-MM-dd` → Date at UTC midnight. */
  | 'date'
  /** ISO 8601 with offset → Date. */
  | 'datetime';

/** The column every Bulk Read CSV starts with (the record id). */
export const ID_COLUMN = 'Id';

/**
 * Types whose values never appear in the module's own CSV (subforms, multi-select/multi-user
 * lookups live in other modules; file uploads are not exported).
 */
const NO_COLUMN = new Set(['subform', 'multiselectlookup', 'multiuserlookup', 'fileupload']);

const BY_TYPE: Readonly<Record<string, ColumnKind>> = {
  integer: 'integer',
  bigint: 'digits',
  long: 'digits',
  double: 'number',
  decimal: 'number',
  currency: 'number',
  percent: 'percent',
  boolean: 'boolean',
  date: 'date',
  datetime: 'datetime',
  multiselectpicklist: 'multiselect',
  picklist: 'picklist',
};

/** A formula's or rollup's `return_type` (or, without one, its `json_type`) → kind. */
function computedKind(field: ZohoField): ColumnKind {
  const returned = field.formula?.return_type ?? field.rollup_summary?.return_type;
  if (typeof returned === 'string') {
    const kind = BY_TYPE[returned.toLowerCase()];
    // A computed picklist is just text.
    return kind === undefined || kind === 'picklist' ? 'text' : kind;
  }
  switch (field.json_type) {
    case 'integer':
      return 'integer';
    case 'double':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return 'text';
  }
}

/** How the field's column is read, or `undefined` when the field has no column in the CSV. */
export function columnKind(field: ZohoField): ColumnKind | undefined {
  const type = field.data_type;
  if (NO_COLUMN.has(type)) return undefined;
  if (field.api_name === ID_COLUMN || field.api_name === 'id') return 'id';
  if (type === 'formula' || type === 'rollup_summary') return computedKind(field);
  return BY_TYPE[type] ?? 'text';
}

/** The CSV header of a field (`id` is headed `Id`). */
export function columnName(field: ZohoField): string {
  return field.api_name === 'id' ? ID_COLUMN : field.api_name;
}
