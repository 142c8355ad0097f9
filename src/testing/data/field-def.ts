/**
 * A field of a fake module: its Zoho data type, how its CSV text is generated, and the rules the
 * fake enforces on writes (length, mandatory, unique, never written). The same definition feeds
 * `GET /settings/fields` (field-meta.ts) and the bulk-write row checks (bulk-write/values.ts,
 * process.ts), so what the metadata says and what an import accepts agree.
 */
import type { Gen } from './gen.js';

/** Zoho field data types used by the fake (they decide the allowed criteria comparators). */
export type FieldType =
  | 'text'
  | 'email'
  | 'phone'
  | 'website'
  | 'picklist'
  | 'multiselectpicklist'
  | 'textarea'
  | 'date'
  | 'datetime'
  | 'boolean'
  | 'integer'
  | 'double'
  | 'currency'
  | 'bigint'
  | 'lookup'
  | 'ownerlookup';

/** A picklist option: the same text shown and stored, or `[display_value, actual_value]`. */
export type PicklistOption = string | readonly [display: string, actual: string];

export interface FieldDef {
  api_name: string;
  data_type: FieldType;
  /** Module a lookup points to (`users` for owner lookups). */
  lookup?: string;
  /** The field's CSV text for the record being generated. */
  gen: (g: Gen) => string;
  /** `field_label`. @default the api name with `_` as spaces */
  label?: string;
  /** `length`: most characters (text types) or digits (numbers) a value may have. @default by type, see `defaultLengths` */
  length?: number;
  /** `decimal_place`. @default 2 for currency, 9 for double, else none */
  decimals?: number;
  /** Picklist and multi-select options (`pick_list_values`, after Zoho's `-None-`). @default none */
  options?: readonly PicklistOption[];
  /** `system_mandatory`: an insert without a value is skipped with MANDATORY_NOT_FOUND. @default false */
  mandatory?: boolean;
  /** Values are unique in the module (case-insensitive; DUPLICATE_DATA). `unique: {case_sensitive: false}`. @default false */
  unique?: boolean;
  /** Set by Zoho only: imports and mass updates never write it (`operation_type` all false). @default false */
  system?: boolean;
  /** A pseudo column of exports and criteria (`$converted`), not a field: absent from the metadata
   * and refused by imports. @default false */
  pseudo?: boolean;
}

/** Zoho's usual `length` per data type (standard fields; text 255, email 100, phone 30 …). */
export const defaultLengths: Readonly<Record<FieldType, number>> = {
  text: 255,
  email: 100,
  phone: 30,
  website: 255,
  picklist: 120,
  multiselectpicklist: 2000,
  textarea: 32000,
  date: 20,
  datetime: 120,
  boolean: 5,
  integer: 9,
  double: 16,
  currency: 16,
  bigint: 19,
  lookup: 120,
  ownerlookup: 120,
};

export const lengthOf = (field: FieldDef): number => field.length ?? defaultLengths[field.data_type];

export const labelOf = (field: FieldDef): string => field.label ?? field.api_name.replace(/_/g, ' ').trim();

export function decimalsOf(field: FieldDef): number | null {
  if (field.decimals !== undefined) return field.decimals;
  if (field.data_type === 'currency') return 2;
  return field.data_type === 'double' ? 9 : null;
}

/** The display values of a picklist's options. */
export const optionValues = (field: FieldDef): string[] =>
  (field.options ?? []).map((o) => (typeof o === 'string' ? o : o[0]));
