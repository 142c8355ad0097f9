/**
 * Per-module rules the fake enforces on written records (not derived from a real org, chosen to
 * match Zoho's standard layouts): mandatory fields, unique fields (duplicates are refused with
 * DUPLICATE_DATA), and which fields a mass update may not touch.
 */
import type { FieldDef } from '../data/gen.js';

const mandatory: Readonly<Record<string, readonly string[]>> = {
  Leads: ['Company', 'Last_Name'],
  Contacts: ['Last_Name'],
  Accounts: ['Account_Name'],
  Deals: ['Deal_Name', 'Stage'],
  Events: ['Event_Title', 'Start_DateTime', 'End_DateTime'],
};

const unique: Readonly<Record<string, readonly string[]>> = {
  Leads: ['Email'],
  Contacts: ['Email'],
};

/** System fields that are never written from a file or a mass update. */
export const SYSTEM_FIELDS = new Set(['Created_By', 'Modified_By', 'Created_Time', 'Modified_Time']);

/** Mandatory fields of a module, sorted (Zoho lists them so in ERRORS). Generic modules: `Name`. */
export function mandatoryFields(module: string, fields: readonly FieldDef[]): string[] {
  const own = mandatory[module] ?? (fields.some((f) => f.api_name === 'Name') ? ['Name'] : []);
  return [...own].sort();
}

/** Fields whose values must be unique within the module (compared case-insensitively). */
export function uniqueFields(module: string): readonly string[] {
  return unique[module] ?? [];
}

/** Why a field cannot be set by a mass update, or undefined when it can. */
export function massUpdateRefusal(field: FieldDef | undefined): string | undefined {
  if (!field) return 'No field found';
  if (SYSTEM_FIELDS.has(field.api_name) || field.api_name === 'Full_Name')
    return 'This field cannot be updated in the Mass Update';
  if (field.data_type === 'email' || field.data_type === 'lookup' || field.data_type === 'textarea') {
    return 'This field cannot be updated in the Mass Update';
  }
  return undefined;
}
