/**
 * `GET /crm/{v}/settings/fields` in Zoho's shape (zoho-api-metadata-sync.md §1.2), built from the
 * module definitions the fake's imports enforce (data/modules.ts): `length`, `system_mandatory`,
 * `unique`, `pick_list_values`, `operation_type` and `mass_update` say exactly what an import or
 * a mass update on the fake accepts. Keys Zoho sends as null are null; ids are strings.
 */

import { massUpdateRefusal } from '../bulk-write/rules.js';
import { lineItemParents, subformParent } from '../bulk-write/subform-modules.js';
import type { FakeContext } from '../context.js';
import { decimalsOf, type FieldDef, type FieldType, labelOf, lengthOf } from './field-def.js';
import type { ModuleDef } from './modules.js';
import type { RecordStore } from './store.js';

/** Field-list entries that are no column of the fake's records: the record id, the layout, subforms. */
const ID_SLOT = 997;
const LAYOUT_SLOT = 998;
const SUBFORM_SLOT = 980;

/** Profile and layout every field belongs to (one of each in the fake org). */
export const ADMIN_PROFILE = { name: 'Administrator', n: 26_011 };
const STANDARD_LAYOUT = { api_name: 'Standard__s', name: 'Standard', n: 91_055 };

const jsonTypes: Readonly<Record<FieldType, string>> = {
  text: 'string',
  email: 'string',
  phone: 'string',
  website: 'string',
  picklist: 'string',
  multiselectpicklist: 'jsonarray',
  textarea: 'string',
  date: 'string',
  datetime: 'string',
  boolean: 'boolean',
  integer: 'integer',
  double: 'double',
  currency: 'double',
  bigint: 'string',
  lookup: 'jsonobject',
  ownerlookup: 'jsonobject',
};

const uiTypes: Readonly<Record<FieldType, number>> = {
  text: 1,
  email: 25,
  phone: 33,
  website: 21,
  picklist: 2,
  multiselectpicklist: 100,
  textarea: 3,
  date: 24,
  datetime: 333,
  boolean: 301,
  integer: 32,
  double: 38,
  currency: 36,
  bigint: 52,
  lookup: 133,
  ownerlookup: 8,
};

/** `field id` of the field at `slot` of a module: 19 digits, stable for a seed and module list. */
const fieldId = (store: RecordStore, module: string, slot: number): string =>
  store.makeId(0, 10_000 + store.blockOf(module) * 1000 + slot + 1);

/** The id Zoho echoes for a criteria column: the field's, or its lookup field's for `Lookup.Field`;
 * null for pseudo columns such as `$converted` (as Zoho's own samples show). */
export function fieldIdOf(store: RecordStore, module: string, column: string): string | null {
  if (column === 'Id' || column === 'id') return fieldId(store, module, ID_SLOT);
  const fields = store.module(module)?.fields ?? [];
  const slot = fields.findIndex((f) => f.api_name === column.split('.')[0]);
  return slot < 0 || fields[slot]?.pseudo ? null : fieldId(store, module, slot);
}

/** Api names an import may map: every listed field (system ones are accepted and ignored), `id`, `Layout`. */
export function importableFields(ctx: FakeContext, module: string): Set<string> {
  const fields = (ctx.store.module(module)?.fields ?? []).filter((f) => !f.pseudo);
  return new Set([...fields.map((f) => f.api_name), 'id', 'Layout']);
}

function picklist(store: RecordStore, module: string, slot: number, field: FieldDef): unknown[] {
  if (field.options === undefined) return [];
  const options = field.data_type === 'picklist' ? ['-None-', ...field.options] : [...field.options];
  return options.map((option, i) => {
    const [display, actual] = typeof option === 'string' ? [option, option] : option;
    return {
      display_value: display,
      sequence_number: i + 1,
      reference_value: display,
      colour_code: null,
      actual_value: actual,
      id: store.makeId(0, 400_000 + store.blockOf(module) * 20_000 + slot * 100 + i),
      type: 'used',
    };
  });
}

function lookupOf(ctx: FakeContext, module: string, slot: number, field: FieldDef): Record<string, unknown> {
  if (field.data_type !== 'lookup' || field.lookup === undefined) return {};
  const target = ctx.store.module(field.lookup);
  return {
    display_label: labelOf(field),
    revalidate_filter_during_edit: false,
    api_name: field.api_name,
    module: { api_name: field.lookup, id: target?.moduleId ?? null },
    id: fieldId(ctx.store, module, slot),
    query_details: {},
  };
}

interface Entry {
  slot: number;
  field: FieldDef;
  /** What the `data_type` key says (`layout` for the layout entry). */
  dataType: string;
}

/** Keys every field of the fake org has with the same value (Zoho's own samples: mostly null / {}). */
const SAME_FOR_ALL = {
  associated_module: null,
  webhook: true,
  colour_code_enabled_by_system: false,
  tooltip: null,
  type: 'used',
  association_details: null,
  businesscard_supported: false,
  multi_module_lookup: {},
  created_time: null,
  filterable: true,
  visible: true,
  separator: false,
  searchable: true,
  history_tracking_enabled: false,
  external: null,
  parent_field: null,
  enable_colour_code: false,
  child_fields: null,
  private: null,
  virtual_field: false,
  crypt: null,
  range: null,
  created_source: 'default',
  display_type: -1,
  modified_time: null,
  public: false,
  email_parser: { fields_update_supported: false, record_operations_supported: false },
  custom_field: false,
  hipaa_compliance: null,
  address: null,
  rollup_summary: {},
  pick_list_values_sorted_lexically: false,
  sortable: true,
  global_picklist: null,
  display_format: null,
  history_tracking: null,
  formula: {},
  additional_column: null,
  hipaa_compliance_enabled: false,
  multiselectlookup: {},
  auto_number: {},
  subform: null,
} as const;

/** One field as Zoho lists it. */
function fieldJson(
  ctx: FakeContext,
  def: ModuleDef,
  { slot, field, dataType }: Entry,
): Record<string, unknown> {
  const store = ctx.store;
  const module = def.api_name;
  const writable = field.system !== true;
  const isLayout = dataType === 'layout';
  const isTag = field.api_name === 'Tag';
  const profile = {
    permission_type: 'read_write',
    name: ADMIN_PROFILE.name,
    id: store.makeId(0, ADMIN_PROFILE.n),
  };
  const { api_name: layout, name: layoutName, n: layoutN } = STANDARD_LAYOUT;
  return {
    ...SAME_FOR_ALL,
    api_name: field.api_name,
    id: fieldId(store, module, slot),
    field_label: labelOf(field),
    display_label: labelOf(field),
    data_type: dataType,
    json_type: isLayout ? 'jsonobject' : isTag ? 'jsonarray' : jsonTypes[field.data_type],
    ui_type: isLayout ? 208 : isTag ? 209 : uiTypes[field.data_type],
    operation_type: {
      web_update: writable,
      api_create: writable,
      web_create: writable,
      api_update: writable,
    },
    // Zoho's own samples: `Owner` is field_read_only yet writable (read_only false, operation_type true).
    field_read_only: field.api_name === 'Owner' || field.api_name === 'id',
    read_only: field.api_name === 'id',
    customizable_properties: writable ? ['mandatory'] : null,
    system_mandatory: field.mandatory === true,
    view_type: { view: true, edit: writable, quick_create: field.mandatory === true, create: writable },
    unique: field.unique ? { case_sensitive: false } : {},
    length: isLayout ? 120 : lengthOf(field),
    decimal_place: decimalsOf(field),
    pick_list_values: picklist(store, module, slot, field),
    lookup: lookupOf(ctx, module, slot, field),
    currency: field.data_type === 'currency' ? { rounding_option: 'normal', precision: 2 } : {},
    textarea: field.data_type === 'textarea' ? { type: 'large' } : null,
    mass_update: massUpdateRefusal(field) === undefined && !isLayout && field.api_name !== 'id',
    convert_mapping: module === 'Leads' ? { Contacts: null, Deals: null, Accounts: null } : null,
    column_name: field.api_name.toUpperCase().replace(/[^A-Z0-9]/g, ''),
    display_field: field.api_name === def.displayField,
    profiles: [profile],
    layout_associations: [{ api_name: layout, name: layoutName, id: store.makeId(0, layoutN) }],
  };
}

const none = () => '';

/** Every field of a configured module as `GET /settings/fields?module=` lists it, or undefined. */
export function fieldsJson(ctx: FakeContext, module: string): Record<string, unknown>[] | undefined {
  const def = ctx.store.module(module);
  if (!def) return undefined;
  const entries: Entry[] = def.fields
    .map((field, slot) => ({ slot, field, dataType: field.data_type as string }))
    .filter((e) => !e.field.pseudo);
  entries.push(
    { slot: LAYOUT_SLOT, field: { api_name: 'Layout', data_type: 'bigint', gen: none }, dataType: 'layout' },
    {
      slot: ID_SLOT,
      field: { api_name: 'id', data_type: 'bigint', gen: none, label: 'Record Id', system: true },
      dataType: 'bigint',
    },
  );
  return [...entries.map((entry) => fieldJson(ctx, def, entry)), ...subformFields(ctx, def)];
}

/**
 * The subform and line-item fields of a parent module: one per configured module the fake's bulk
 * write links to it (subform-modules.ts), so `children: [key]` finds the module a parent-child job
 * accepts. A custom subform (`Leads_Subform`) is the field `Subform_1` naming its module in
 * `associated_module`; line items (`Quoted_Items`) are a field of the same name, in `subform`
 * (zoho-api-metadata-sync.md §1.2).
 */
function subformFields(ctx: FakeContext, def: ModuleDef): Record<string, unknown>[] {
  const children = ctx.store.moduleNames().filter((m) => subformParent(m) === def.api_name);
  return children.map((module, i) => {
    const lineItem = lineItemParents[module] !== undefined;
    const api_name = lineItem ? module : `Subform_${i + 1}`;
    const field: FieldDef = { api_name, data_type: 'text', gen: none };
    const link = { module, id: ctx.store.module(module)!.moduleId };
    return {
      ...fieldJson(ctx, def, { slot: SUBFORM_SLOT + i, field, dataType: 'subform' }),
      json_type: 'jsonarray',
      ui_type: 500,
      virtual_field: true,
      length: 500,
      associated_module: lineItem ? null : link,
      subform: lineItem ? link : null,
      mass_update: false,
    };
  });
}
