/**
 * Field-metadata responses shaped like Zoho's documented samples (zoho/crm-oas v8.0
 * `getFields/examples/response-200-fullexample.md`, the v7 field-meta page's Leads sample, and the
 * AMP Deals capture summarised in zoho-api-metadata-sync.md §1.2): every key Zoho sends, nulls
 * where Zoho sends nulls, `{}` for features that are off, nested lookup and subform objects, and
 * picklists whose display and actual values differ.
 */
import type { ZohoField } from '../../src/schemas/fields.js';
import { builtInModules } from '../../src/testing/data/modules.js';

const PROFILES = [
  { permission_type: 'read_write', name: 'Administrator', id: '4832675000000015972' },
  { permission_type: 'read_write', name: 'Standard', id: '4832675000000015975' },
];

let nextId = 4832675000000710400n;

/** One field as Zoho sends it (the keys of the OAS8 sample), with `overrides` on top. */
export function zohoField(overrides: Record<string, unknown> & { api_name: string; data_type: string }) {
  nextId += 1n;
  return {
    associated_module: null,
    webhook: true,
    operation_type: { web_update: true, api_create: true, web_create: true, api_update: true },
    colour_code_enabled_by_system: false,
    field_label: overrides.api_name.replace(/_/g, ' '),
    tooltip: null,
    display_format_properties: null,
    type: 'used',
    field_read_only: false,
    customizable_properties: ['mandatory'],
    display_label: overrides.api_name.replace(/_/g, ' '),
    read_only: false,
    association_details: null,
    businesscard_supported: false,
    multi_module_lookup: {},
    id: String(nextId),
    created_time: '2025-11-17T19:09:17+05:30',
    filterable: true,
    visible: true,
    profiles: PROFILES,
    view_type: { view: true, edit: true, quick_create: false, create: true },
    separator: false,
    searchable: true,
    history_tracking_enabled: false,
    external: null,
    parent_field: null,
    unique: {},
    enable_colour_code: false,
    child_fields: null,
    pick_list_values: [],
    system_mandatory: false,
    private: null,
    virtual_field: false,
    json_type: 'string',
    crypt: null,
    range: null,
    created_source: 'default',
    display_type: -1,
    ui_type: 1,
    modified_time: null,
    public: false,
    email_parser: { fields_update_supported: false, record_operations_supported: false },
    currency: {},
    custom_field: false,
    lookup: {},
    hipaa_compliance: null,
    convert_mapping: { Contacts: null, Deals: null, Accounts: null },
    address: null,
    rollup_summary: {},
    length: 255,
    column_name: overrides.api_name.toUpperCase(),
    display_field: false,
    pick_list_values_sorted_lexically: false,
    sortable: true,
    global_picklist: null,
    display_format: null,
    history_tracking: null,
    formula: {},
    additional_column: null,
    hipaa_compliance_enabled: false,
    decimal_place: null,
    mass_update: false,
    multiselectlookup: {},
    auto_number: {},
    ...overrides,
  };
}

let pickId = 4832675000000003000n;
/** A `pick_list_values` entry. */
export function pick(display: string, actual = display, extra: Record<string, unknown> = {}) {
  pickId += 1n;
  return {
    display_value: display,
    sequence_number: Number(pickId % 100n),
    reference_value: display,
    colour_code: null,
    actual_value: actual,
    id: String(pickId),
    type: 'used',
    ...extra,
  };
}

const lookupTo = (module: string, moduleId: string, display: string) => ({
  display_label: display,
  revalidate_filter_during_edit: false,
  api_name: display.replace(/ /g, '_'),
  module: { api_name: module, crypt: null, id: moduleId },
  id: String(nextId + 7n),
  query_details: {},
});

/**
 * Deals, with one field of every data type of API.md's table (and a few that have no CSV column:
 * subform, multi-select lookup, file upload).
 */
export const dealsFields = [
  zohoField({ api_name: 'id', data_type: 'bigint', field_label: 'Record Id', ui_type: 52, length: 19 }),
  zohoField({
    api_name: 'Owner',
    data_type: 'ownerlookup',
    field_label: 'Deal Owner',
    display_label: 'Potential Owner',
    json_type: 'jsonobject',
    ui_type: 8,
    field_read_only: true,
    length: 120,
  }),
  zohoField({ api_name: 'Deal_Name', data_type: 'text', field_label: 'Deal Name', system_mandatory: true }),
  zohoField({
    api_name: 'Amount',
    data_type: 'currency',
    json_type: 'double',
    ui_type: 36,
    length: 16,
    decimal_place: 2,
    currency: { rounding_option: 'normal', precision: 2 },
  }),
  zohoField({
    api_name: 'Stage',
    data_type: 'picklist',
    ui_type: 26,
    system_mandatory: true,
    history_tracking: { related_list_name: 'Stage History', duration_configured_field: null },
    pick_list_values: [
      pick('-None-'),
      pick('Qualification', 'Qualification', { probability: 10, forecast_type: 'Open' }),
      pick('Identify Decision Makers', 'Id. Decision Makers', {
        probability: 40,
        forecast_category: { name: 'Pipeline', id: '4832675000000006801' },
        forecast_type: 'Open',
      }),
      pick('Closed Won', 'Closed Won', { probability: 100, forecast_type: 'Closed Won' }),
      pick("Won't Close", "Won't Close", { type: 'unused' }),
    ],
  }),
  zohoField({
    api_name: 'Lead_Source',
    data_type: 'picklist',
    field_label: 'Lead Source',
    ui_type: 2,
    pick_list_values: [
      pick('-None-'),
      pick('Online Store', 'OnlineStore'),
      pick('Internal Seminar', 'Seminar-Internal'),
      pick('Trade Show'),
    ],
  }),
  zohoField({ api_name: 'Probability', data_type: 'integer', json_type: 'integer', ui_type: 32, length: 9 }),
  zohoField({ api_name: 'Score', data_type: 'double', json_type: 'double', ui_type: 38, decimal_place: 2 }),
  zohoField({ api_name: 'Discount', data_type: 'percent', json_type: 'double', ui_type: 34 }),
  zohoField({ api_name: 'Reference_Number', data_type: 'bigint', ui_type: 207, length: 18 }),
  zohoField({ api_name: 'Priority', data_type: 'boolean', json_type: 'boolean', ui_type: 301 }),
  zohoField({ api_name: 'Closing_Date', data_type: 'date', ui_type: 24, system_mandatory: true }),
  zohoField({ api_name: 'Created_Time', data_type: 'datetime', ui_type: 200, field_read_only: true }),
  zohoField({
    api_name: 'Services',
    data_type: 'multiselectpicklist',
    json_type: 'jsonarray',
    ui_type: 100,
    pick_list_values: [pick('Analytics'), pick('Big Data', 'Bigdata'), pick('Design & Print')],
  }),
  zohoField({
    api_name: 'Account_Name',
    data_type: 'lookup',
    field_label: 'Account Name',
    json_type: 'jsonobject',
    ui_type: 133,
    lookup: lookupTo('Accounts', '4832675000000002177', 'Account Name'),
  }),
  zohoField({ api_name: 'Email', data_type: 'email', ui_type: 25 }),
  zohoField({ api_name: 'Phone', data_type: 'phone', ui_type: 33, length: 30 }),
  zohoField({ api_name: 'Website', data_type: 'website', ui_type: 21 }),
  zohoField({
    api_name: 'Description',
    data_type: 'textarea',
    ui_type: 3,
    length: 32000,
    textarea: { type: 'large' },
  }),
  zohoField({
    api_name: 'Tag',
    data_type: 'text',
    json_type: 'jsonarray',
    ui_type: 209,
    field_read_only: true,
  }),
  zohoField({
    api_name: 'Margin',
    data_type: 'formula',
    json_type: 'double',
    ui_type: 116,
    read_only: true,
    formula: { return_type: 'double', assume_default: false },
  }),
  zohoField({
    api_name: 'Deal_Number',
    data_type: 'autonumber',
    auto_number: { prefix: 'D-', start_number: 1 },
  }),
  zohoField({ api_name: 'Layout', data_type: 'layout', json_type: 'jsonobject', ui_type: 208 }),
  zohoField({ api_name: 'Record_Image', data_type: 'profileimage', ui_type: 66 }),
  zohoField({
    api_name: 'Line_Items',
    data_type: 'subform',
    json_type: 'jsonarray',
    ui_type: 500,
    virtual_field: true,
    length: null,
    associated_module: { module: 'Line_Items', id: '4832675000000845001' },
    subform: null,
  }),
  zohoField({
    api_name: 'Products',
    data_type: 'multiselectlookup',
    json_type: 'jsonarray',
    ui_type: 444,
    virtual_field: true,
    multiselectlookup: {
      display_label: 'Products',
      linking_module: { api_name: 'DealsXProducts', id: '4832675000000912001' },
      lookup_apiname: 'Deals',
      connected_module: { api_name: 'Products', id: '4832675000000002189' },
      api_name: 'Products',
      connectedfield_apiname: 'Products',
      connectedlookup_apiname: 'Products_Lookup',
      id: '4832675000000912033',
    },
  }),
  zohoField({
    api_name: 'File_Upload_1',
    data_type: 'fileupload',
    json_type: 'jsonarray',
    ui_type: 555,
    associated_module: { module: 'File_Upload_1__s', id: '4832675000000945001' },
  }),
];

/** `GET /crm/v8/settings/fields?module=Deals`. */
export const dealsResponse = { fields: dealsFields };

/** Zoho's answer for an unknown module (OAS8 getFields 400 example; AMP capture). */
export const invalidModuleResponse = {
  code: 'INVALID_MODULE',
  details: {},
  message: 'the module name given seems to be invalid',
  status: 'error',
};

/** A Deals Bulk Read CSV record (header → text) with a value in every typed column. */
export const dealsRecord: Record<string, string> = {
  Id: '4832675000001122001',
  Owner: '4832675000000410001',
  Deal_Name: 'ExampleCo – Renewal, 2025',
  Amount: '5000.00',
  Stage: 'Id. Decision Makers',
  Lead_Source: 'OnlineStore',
  Probability: '40',
  Score: '87.25',
  Discount: '12.5',
  Reference_Number: '9007199254740993123',
  Priority: 'true',
  Closing_Date: '2025-03-31',
  Created_Time: '2021-08-18T09:00:57-07:00',
  Services: 'Analytics;Design & Print',
  Account_Name: '4832675000000987001',
  'Account_Name.Account_Name': 'ExampleCo',
  Email: 'alex.example@example.com',
  Phone: '(555) 010-0123',
  Website: 'example.com',
  Description: 'Line one\r\nLine two, with "quotes"',
  Tag: 'Client,New Website',
  Margin: '1250.5',
  Deal_Number: 'D-17',
  Layout: '4832675000000095055',
  Record_Image: '0hko000000000000000000000000000000000',
  Currency: 'USD',
  Exchange_Rate: '1.000000000',
  $converted: 'false',
  Locked__s: 'false',
};

/** The same record with every cell empty (what Zoho writes for "no value"). */
export const emptyDealsRecord: Record<string, string> = Object.fromEntries(
  Object.keys(dealsRecord).map((key) => [key, key === 'Id' ? dealsRecord.Id! : '']),
);

/** The fake's Contacts fields, as Zoho's field metadata would describe them. */
export function contactsFields(overrides: Record<string, string> = {}): ZohoField[] {
  return builtInModules.Contacts!.fields.map((f) =>
    zohoField({
      api_name: f.api_name,
      data_type: overrides[f.api_name] ?? f.data_type,
      lookup:
        f.lookup === undefined || f.lookup === 'users' ? {} : { module: { api_name: f.lookup, id: '1' } },
    }),
  ) as ZohoField[];
}
