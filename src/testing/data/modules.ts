/**
 * The built-in modules of the fake org and their fields (names as in real Zoho exports, see
 * test/fixtures/zoho-real). A module lists its fields in export order; `Id` is not a field here
 * (every export adds it as the first column).
 */

import type { FieldDef, FieldType, PicklistOption } from './field-def.js';
import type { Gen, Identity } from './gen.js';
import {
  accountTypes,
  asciiSlug,
  cities,
  countries,
  currencies,
  dealTypes,
  departments,
  eventTitles,
  industries,
  leadSources,
  leadStatuses,
  ownerships,
  ratings,
  salutations,
  services,
  stages,
  states,
  streets,
  venues,
} from './samples.js';

export interface ModuleDef {
  api_name: string;
  /** Zoho's module id (echoed in job queries). */
  moduleId: string;
  /** The field a lookup's display value comes from (`Account_Name.Account_Name`). */
  displayField: string;
  /** The display value of a record, from its identity alone (cheap, for lookups). */
  display(who: Identity): string;
  fields: FieldDef[];
  /** Can it be exported as ICS (Events only). */
  ics?: boolean;
}

type FieldRules = Omit<FieldDef, 'api_name' | 'data_type' | 'gen'>;

const f = (
  api_name: string,
  data_type: FieldType,
  gen: (g: Gen) => string,
  rules: FieldRules = {},
): FieldDef => ({
  api_name,
  data_type,
  gen,
  ...rules,
});

/** A lookup field pointing at `module`. */
const look = (module: string, rules: FieldRules = {}): FieldRules => ({ lookup: module, ...rules });

/** Picklist options from a word list (the empty "no value" entry dropped). */
const opts = (values: readonly string[], pairs: Readonly<Record<string, string>> = {}): PicklistOption[] =>
  [...new Set(values.filter((v) => v !== ''))].map((v) =>
    pairs[v] === undefined ? v : ([v, pairs[v]] as const),
  );

/** Options whose display and actual values differ, as in Zoho's own Leads/Deals samples. */
const leadSourceOptions = opts(leadSources, {
  'Online Store': 'OnlineStore',
  'Internal Seminar': 'Seminar-Internal',
});
const stageOptions = opts(stages).map((o) =>
  o === 'Id. Decision Makers' ? (['Identify Decision Makers', o] as const) : o,
);

function ownerField(label: string): FieldDef {
  return f('Owner', 'ownerlookup', (g) => g.owner.id, look('users', { label }));
}

const system: FieldRules = { system: true };

/** Created/modified stamps, currency, tags and flags every module has. */
function systemFields(): FieldDef[] {
  return [
    f('Created_By', 'ownerlookup', (g) => g.creator.id, look('users', system)),
    f('Modified_By', 'ownerlookup', (g) => g.modifier.id, look('users', system)),
    f('Created_Time', 'datetime', (g) => g.dateTime(g.createdMs), system),
    f('Modified_Time', 'datetime', (g) => g.dateTime(g.modifiedMs), system),
    f('Last_Activity_Time', 'datetime', (g) => g.opt(0.8, () => g.later(200)), system),
    f('Currency', 'picklist', (g) => g.pick(currencies), { options: opts(currencies) }),
    f('Exchange_Rate', 'double', () => '1.000000000'),
    f('Tag', 'text', (g) => g.tags()),
    f('Locked__s', 'boolean', (g) => g.bool(0.05), { label: 'Locked', system: true }),
  ];
}

function addressFields(prefix: string, zipName: string): FieldDef[] {
  return [
    f(`${prefix}Street`, 'text', (g) => g.pick(streets), { length: 250 }),
    f(`${prefix}City`, 'text', (g) => g.opt(0.8, () => g.pick(cities)), { length: 100 }),
    f(`${prefix}State`, 'text', (g) => g.pick(states), { length: 100 }),
    f(zipName, 'text', (g) => g.opt(0.7, () => String(g.rng.int(1000, 99999)).padStart(5, '0')), {
      length: 30,
    }),
    f(`${prefix}Country`, 'text', (g) => g.opt(0.8, () => g.pick(countries)), { length: 100 }),
  ];
}

const fullName = (w: Identity): string => (w.first === '' ? w.last : `${w.first} ${w.last}`);
const email = (g: Gen): string => `${asciiSlug(g.who.first)}.${asciiSlug(g.who.last)}${g.index}@example.com`;

/** First, last and (set by Zoho) full name. */
function nameFields(): FieldDef[] {
  return [
    f('First_Name', 'text', (g) => g.who.first, { length: 40 }),
    f('Last_Name', 'text', (g) => g.who.last, { length: 80, mandatory: true }),
    f('Full_Name', 'text', (g) => fullName(g.who), { length: 120, system: true }),
  ];
}

const description = (p: number) => f('Description', 'textarea', (g) => g.opt(p, () => g.description()));

const accounts: ModuleDef = {
  api_name: 'Accounts',
  moduleId: '4876876000000002177',
  displayField: 'Account_Name',
  display: (w) => w.company,
  fields: [
    ownerField('Account Owner'),
    f('Account_Name', 'text', (g) => g.who.company, { length: 200, mandatory: true }),
    f('Account_Number', 'bigint', (g) => g.opt(0.6, () => String(g.rng.int(100000, 99999999))), {
      length: 16,
    }),
    f('Account_Type', 'picklist', (g) => g.pick(accountTypes), { options: opts(accountTypes) }),
    f('Industry', 'picklist', (g) => g.pick(industries), { options: opts(industries) }),
    f('Annual_Revenue', 'currency', (g) => g.opt(0.7, () => g.money(50_000_000))),
    f('Employees', 'integer', (g) => g.opt(0.7, () => String(g.rng.int(1, 20000)))),
    f('Ownership', 'picklist', (g) => g.pick(ownerships), { options: opts(ownerships) }),
    f('Rating', 'picklist', (g) => g.pick(ratings), { options: opts(ratings) }),
    f('Phone', 'phone', (g) => g.opt(0.8, () => g.phone())),
    f('Website', 'website', (g) => g.opt(0.6, () => `https://www.${asciiSlug(g.who.company)}.example`)),
    f('Parent_Account', 'lookup', (g) => g.lookup('Accounts', 0.1), look('Accounts')),
    ...addressFields('Billing_', 'Billing_Code'),
    description(0.4),
    ...systemFields(),
  ],
};

const contacts: ModuleDef = {
  api_name: 'Contacts',
  moduleId: '4876876000000002179',
  displayField: 'Full_Name',
  display: fullName,
  fields: [
    ownerField('Contact Owner'),
    f('Lead_Source', 'picklist', (g) => g.pick(leadSources), { options: leadSourceOptions }),
    f('Salutation', 'picklist', (g) => g.pick(salutations), { options: opts(salutations) }),
    ...nameFields(),
    f('Account_Name', 'lookup', (g) => g.lookup('Accounts', 0.85), look('Accounts')),
    f('Email', 'email', (g) => g.opt(0.9, () => email(g)), { unique: true }),
    f('Secondary_Email', 'email', (g) => g.opt(0.1, () => `alt${g.index}@example.org`)),
    f('Title', 'text', (g) => g.who.title, { length: 100 }),
    f('Department', 'text', (g) => g.pick(departments), { length: 100 }),
    f('Phone', 'phone', (g) => g.opt(0.8, () => g.phone())),
    f('Mobile', 'phone', (g) => g.opt(0.4, () => g.phone())),
    f('Date_of_Birth', 'date', (g) =>
      g.opt(0.3, () => g.date(Date.UTC(1950, 0, 1) + g.rng.int(0, 18_000) * 86_400_000)),
    ),
    ...addressFields('Mailing_', 'Mailing_Zip'),
    description(0.5),
    f('Email_Opt_Out', 'boolean', (g) => g.bool(0.1)),
    f('Service_Interested_In', 'multiselectpicklist', (g) => g.multi(services, 3), {
      options: opts(services),
    }),
    f('Score', 'integer', (g) => String(g.rng.int(0, 120))),
    f('Annual_Spend', 'currency', (g) => g.opt(0.5, () => g.money(250_000))),
    ...systemFields(),
  ],
};

const leads: ModuleDef = {
  api_name: 'Leads',
  moduleId: '4876876000000002175',
  displayField: 'Full_Name',
  display: fullName,
  fields: [
    ownerField('Lead Owner'),
    f('Company', 'text', (g) => g.who.company, { length: 200, mandatory: true }),
    f('Salutation', 'picklist', (g) => g.pick(salutations), { options: opts(salutations) }),
    ...nameFields(),
    f('Designation', 'text', (g) => g.who.title, { label: 'Title', length: 100 }),
    f('Email', 'email', (g) => g.opt(0.9, () => email(g)), { unique: true }),
    f('Phone', 'phone', (g) => g.opt(0.8, () => g.phone())),
    f('Website', 'website', (g) => g.opt(0.4, () => `${asciiSlug(g.who.company)}.example`)),
    f('Lead_Source', 'picklist', (g) => g.pick(leadSources), { options: leadSourceOptions }),
    f('Lead_Status', 'picklist', (g) => g.pick(leadStatuses), { options: opts(leadStatuses) }),
    f('Industry', 'picklist', (g) => g.pick(industries), { options: opts(industries) }),
    f('No_of_Employees', 'integer', (g) => g.opt(0.5, () => String(g.rng.int(1, 5000))), {
      label: 'No. of Employees',
    }),
    f('Annual_Revenue', 'currency', (g) => g.opt(0.5, () => g.money(10_000_000))),
    f('Rating', 'picklist', (g) => g.pick(ratings), { options: opts(ratings) }),
    ...addressFields('', 'Zip_Code'),
    description(0.5),
    f('Email_Opt_Out', 'boolean', (g) => g.bool(0.1)),
    f('Service_Interested_In', 'multiselectpicklist', (g) => g.multi(services, 3), {
      options: opts(services),
    }),
    f('Date_of_Lead', 'date', (g) => g.date(g.createdMs)),
    f('Converted__s', 'boolean', (g) => g.bool(0.2), { label: 'Converted', system: true }),
    f('$converted', 'boolean', (g) => g.bool(0.2), { pseudo: true }),
    ...systemFields(),
  ],
};

const deals: ModuleDef = {
  api_name: 'Deals',
  moduleId: '4876876000000002181',
  displayField: 'Deal_Name',
  display: (w) => `${w.company} – ${w.last}`,
  fields: [
    ownerField('Deal Owner'),
    f('Deal_Name', 'text', (g) => `${g.who.company} – ${g.who.last}`, { length: 120, mandatory: true }),
    f('Amount', 'currency', (g) => g.opt(0.9, () => g.money(500_000))),
    f('Stage', 'picklist', (g) => g.pick(stages), { options: stageOptions, mandatory: true }),
    f('Probability', 'integer', (g) => String(g.rng.int(0, 10) * 10), {
      label: 'Probability (%)',
      length: 3,
    }),
    f('Closing_Date', 'date', (g) => g.date(g.createdMs + g.rng.int(0, 180) * 86_400_000)),
    f('Type', 'picklist', (g) => g.pick(dealTypes), { options: opts(dealTypes) }),
    f('Account_Name', 'lookup', (g) => g.lookup('Accounts', 0.9), look('Accounts')),
    f('Contact_Name', 'lookup', (g) => g.lookup('Contacts', 0.7), look('Contacts')),
    f('Lead_Source', 'picklist', (g) => g.pick(leadSources), { options: leadSourceOptions }),
    f('Next_Step', 'text', (g) => g.opt(0.3, () => g.pick(eventTitles)), { length: 100 }),
    description(0.4),
    ...systemFields(),
  ],
};

const events: ModuleDef = {
  api_name: 'Events',
  moduleId: '4876876000000002183',
  displayField: 'Event_Title',
  display: (w) => `${w.title === '' ? 'Meeting' : w.title} with ${w.last}`,
  ics: true,
  fields: [
    ownerField('Host'),
    f('Event_Title', 'text', (g) => `${g.who.title === '' ? 'Meeting' : g.who.title} with ${g.who.last}`, {
      mandatory: true,
    }),
    f('Start_DateTime', 'datetime', (g) => g.dateTime(g.modifiedMs), { label: 'From', mandatory: true }),
    f('End_DateTime', 'datetime', (g) => g.dateTime(g.modifiedMs + g.rng.int(1, 8) * 900_000), {
      label: 'To',
      mandatory: true,
    }),
    f('All_day', 'boolean', (g) => g.bool(0.1), { label: 'All day' }),
    f('Venue', 'text', (g) => g.pick(venues)),
    f('What_Id', 'lookup', (g) => g.lookup('Accounts', 0.6), look('Accounts', { label: 'Related To' })),
    f('Who_Id', 'lookup', (g) => g.lookup('Contacts', 0.6), look('Contacts', { label: 'Contact Name' })),
    description(0.5),
    ...systemFields(),
  ],
};

/** A simple field list for custom modules declared without fields. */
export function genericModule(api_name: string, moduleId: string): ModuleDef {
  return {
    api_name,
    moduleId,
    displayField: 'Name',
    display: (w) => `${w.company} ${w.last}`,
    fields: [
      ownerField(`${api_name.replace(/_/g, ' ')} Owner`),
      f('Name', 'text', (g) => `${g.who.company} ${g.who.last}`, { length: 120, mandatory: true }),
      f('Email', 'email', (g) => g.opt(0.8, () => email(g))),
      f('Amount', 'currency', (g) => g.opt(0.7, () => g.money(100_000))),
      f('Status', 'picklist', (g) => g.pick(leadStatuses), { options: opts(leadStatuses) }),
      f('Due_Date', 'date', (g) => g.date(g.modifiedMs)),
      f('Notes', 'textarea', (g) => g.opt(0.4, () => g.description())),
      ...systemFields(),
    ],
  };
}

/** Built-in modules by api name. */
export const builtInModules: Readonly<Record<string, ModuleDef>> = {
  Accounts: accounts,
  Contacts: contacts,
  Leads: leads,
  Deals: deals,
  Events: events,
};

/** Owner/user dot fields (`Owner.last_name`). */
export const userFields = ['id', 'first_name', 'last_name', 'full_name', 'email'] as const;
