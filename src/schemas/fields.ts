/**
 * Field metadata shapes (`GET /crm/{v}/settings/fields?module=X`, zoho-api-metadata-sync.md §1):
 * the public `ZohoField` type and the tolerant zod schema the response is checked with. Zoho's
 * keys are kept as sent; unknown keys pass through; nulls are accepted wherever Zoho sends them;
 * `data_type` is an open union so a new server type never breaks a read. Ids become strings.
 */
import { z } from 'zod';
import { zohoIdSchema } from './bulk-read.js';

/**
 * A field's CRM data type. The known values are listed (SDK-TS8 `fillDataType`, the v7/v8
 * samples); anything else is kept as sent.
 */
export type ZohoDataType =
  | 'text'
  | 'textarea'
  | 'email'
  | 'phone'
  | 'website'
  | 'picklist'
  | 'multiselectpicklist'
  | 'integer'
  | 'bigint'
  | 'long'
  | 'double'
  | 'currency'
  | 'percent'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'lookup'
  | 'ownerlookup'
  | 'userlookup'
  | 'multiuserlookup'
  | 'multiselectlookup'
  | 'multi_module_lookup'
  | 'subform'
  | 'fileupload'
  | 'imageupload'
  | 'profileimage'
  | 'formula'
  | 'rollup_summary'
  | 'autonumber'
  | 'layout'
  | 'territories'
  | 'event_reminder'
  | 'ALARM'
  | 'RRULE'
  | 'multireminder'
  | 'consent_lookup'
  | 'linetax'
  | 'module'
  | 'time_range'
  | 'mediumtext'
  | (string & {});

/** One entry of `pick_list_values`. `display_value` and `actual_value` can differ. */
export interface ZohoPicklistValue {
  display_value?: string | null;
  actual_value?: string | null;
  reference_value?: string | null;
  sequence_number?: number | null;
  id?: string | null;
  /** `used` or `unused`. */
  type?: 'used' | 'unused' | (string & {}) | null;
  colour_code?: string | null;
  [key: string]: unknown;
}

/** `{ api_name, id }` of a module, as in `lookup.module`. */
export interface ZohoModuleRef {
  api_name?: string | null;
  id?: string | null;
  [key: string]: unknown;
}

/**
 * A field of a module, as Zoho describes it. The keys this library reads are typed; every other
 * key Zoho sends (`profiles`, `operation_type`, `currency`, `unique`, …) is kept as is.
 */
export interface ZohoField {
  /** The name used in CSV headers, criteria and mappings. */
  api_name: string;
  /** The CRM type; decides how a CSV cell is read (see `recordSchema`). */
  data_type: ZohoDataType;
  /** Field id (a string). */
  id?: string | null;
  /** `string`, `integer`, `double`, `boolean`, `jsonobject`, `jsonarray`. */
  json_type?: 'string' | 'integer' | 'double' | 'boolean' | 'jsonobject' | 'jsonarray' | (string & {}) | null;
  /** Label in the current user's language. */
  field_label?: string | null;
  /** Untranslated label; may be a legacy internal name ("Potential Owner"). */
  display_label?: string | null;
  /** Mandatory at system level (layout-mandatory is not reported). */
  system_mandatory?: boolean | null;
  /** Read-only for the current user. */
  read_only?: boolean | null;
  /** Always read-only. */
  field_read_only?: boolean | null;
  /** Max length or digits. */
  length?: number | null;
  decimal_place?: number | null;
  /** Module-wide values, used and unused. */
  pick_list_values?: ZohoPicklistValue[] | null;
  /** `{}` unless a lookup; `module.api_name` is the target module. */
  lookup?: {
    api_name?: string | null;
    display_label?: string | null;
    id?: string | null;
    module?: ZohoModuleRef | null;
    [key: string]: unknown;
  } | null;
  /** The hidden module behind a subform, file-upload or image-upload field. */
  associated_module?: { module?: string | null; id?: string | null; [key: string]: unknown } | null;
  subform?: { module?: string | null; id?: string | null; [key: string]: unknown } | null;
  /** `{}` unless a formula; `return_type` is the computed value's type. */
  formula?: { return_type?: string | null; expression?: string | null; [key: string]: unknown } | null;
  rollup_summary?: { return_type?: string | null; [key: string]: unknown } | null;
  multiselectlookup?: Record<string, unknown> | null;
  multiuserlookup?: Record<string, unknown> | null;
  /** `used` / `unused`. */
  type?: string | null;
  custom_field?: boolean | null;
  virtual_field?: boolean | null;
  visible?: boolean | null;
  [key: string]: unknown;
}

const text = z.string().nullish();
const flag = z.boolean().nullish();
const count = z.number().nullish();
const id = zohoIdSchema.nullish();
/** An object Zoho may send as `null` (or `{}` when the feature is off). */
const loose = <S extends z.core.$ZodLooseShape>(shape: S) => z.looseObject(shape).nullish();

const picklistValueSchema = z.looseObject({
  display_value: text,
  actual_value: text,
  reference_value: text,
  sequence_number: count,
  id,
  type: text,
  colour_code: text,
});

const moduleRefSchema = loose({ api_name: text, id });

/** One field, tolerant: Zoho adds keys and sends nulls. */
export const zohoFieldSchema = z.looseObject({
  api_name: z.string().min(1),
  data_type: z.string(),
  id,
  json_type: text,
  field_label: text,
  display_label: text,
  system_mandatory: flag,
  read_only: flag,
  field_read_only: flag,
  length: count,
  decimal_place: count,
  pick_list_values: z.array(picklistValueSchema).nullish(),
  lookup: loose({ api_name: text, display_label: text, id, module: moduleRefSchema }),
  associated_module: loose({ module: text, id }),
  subform: loose({ module: text, id }),
  formula: loose({ return_type: text, expression: text }),
  rollup_summary: loose({ return_type: text }),
  multiselectlookup: loose({}),
  multiuserlookup: loose({}),
  type: text,
  custom_field: flag,
  virtual_field: flag,
  visible: flag,
});

/** `{ fields: [...] }`; the 204 answer (no body) is handled before this schema. */
export const fieldsResponseSchema = z.looseObject({
  fields: z.array(zohoFieldSchema).nullish(),
});
