/**
 * The rules the fake enforces on written records, read from the module's field definitions
 * (data/modules.ts) — the same definitions `GET /settings/fields` describes: mandatory fields
 * (`system_mandatory`), unique fields (duplicates refused with DUPLICATE_DATA), fields only Zoho
 * sets (`operation_type` all false) and which fields a mass update may not touch (`mass_update`).
 */
import type { FieldDef } from '../data/field-def.js';

/** Mandatory fields of a module, sorted (Zoho lists them so in ERRORS). */
export function mandatoryFields(fields: readonly FieldDef[]): string[] {
  return fields
    .filter((f) => f.mandatory === true)
    .map((f) => f.api_name)
    .sort();
}

/** Fields whose values must be unique within the module (compared case-insensitively). */
export function uniqueFields(fields: readonly FieldDef[]): string[] {
  return fields.filter((f) => f.unique === true).map((f) => f.api_name);
}

/** Whether an import or a mass update may set the field (system fields and pseudo columns: no). */
export const isWritable = (field: FieldDef | undefined): field is FieldDef =>
  field !== undefined && field.system !== true && field.pseudo !== true;

/** Why a field cannot be set by a mass update, or undefined when it can. */
export function massUpdateRefusal(field: FieldDef | undefined): string | undefined {
  if (!field || field.pseudo === true) return 'No field found';
  if (!isWritable(field)) return 'This field cannot be updated in the Mass Update';
  if (field.data_type === 'email' || field.data_type === 'lookup' || field.data_type === 'textarea') {
    return 'This field cannot be updated in the Mass Update';
  }
  return undefined;
}
