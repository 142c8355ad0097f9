/**
 * The built-in modules of the fake org and their fields (names as in real Zoho exports, see
 * test/fixtures/zoho-real). A module lists its fields in export order; `Id` is not a field here
 * (every export adds it as the first column).
 */

import type { FieldDef, FieldType, Gen, Identity } from './gen.js';
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

const f = (api_name: string, data_type: FieldType, gen: (g: Gen) => string, lookup?: string): FieldDef =>
  lookup === undefined ? { api_name, data_type, gen } : { api_name, data_type, gen, lookup };

const fullName = (w: Identity): string => (w.first === '' ? w.last : `${w.first} ${w.last}`);
const email = (g: Gen): string => `${asciiSlug(g.who.first)}.${asciiSlug(g.who.last)}${g.index}@example.com`;

function ownerField(): FieldDef {
  return f('Owner', 'ownerlookup', (g) => g.owner.id, 'users');
}

/** Created/modified stamps, currency, tags and flags every module has. */
function systemFields(): FieldDef[] {
  return [
    f('Created_By', 'ownerlookup', (g) => g.creator.id, 'users'),
    f('Modified_By', 'ownerlookup', (g) => g.modifier.id, 'users'),
    f('Created_Time', 'datetime', (g) => g.dateTime(g.createdMs)),
    f('Modified_Time', 'datetime', (g) => g.dateTime(g.modifiedMs)),
    f('Last_Activity_Time', 'datetime', (g) => g.opt(0.8, () => g.later(200))),
    f('Currency', 'picklist', (g) => g.pick(currencies)),
    f('Exchange_Rate', 'double', () => '1.000000000'),
    f('Tag', 'text', (g) => g.tags()),
    f('Locked__s', 'boolean', (g) => g.bool(0.05)),
  ];
}

function addressFields(prefix: string, zipName: string): FieldDef[] {
  return [
    f(`${prefix}Street`, 'text', (g) => g.pick(streets)),
    f(`${prefix}City`, 'text', (g) => g.opt(0.8, () => g.pick(cities))),
    f(`${prefix}State`, 'text', (g) => g.pick(states)),
    f(zipName, 'text', (g) => g.opt(0.7, () => String(g.rng.int(1000, 99999)).padStart(5, '0'))),
    f(`${prefix}Country`, 'text', (g) => g.opt(0.8, () => g.pick(countries))),
  ];
}

const accounts: ModuleDef = {
  api_name: 'Accounts',
  moduleId: '4876876000000002177',
  displayField: 'Account_Name',
  display: (w) => w.company,
  fields: [
    ownerField(),
    f('Account_Name', 'text', (g) => g.who.company),
    f('Account_Number', 'bigint', (g) => g.opt(0.6, () => String(g.rng.int(100000, 99999999)))),
    f('Account_Type', 'picklist', (g) => g.pick(accountTypes)),
    f('Industry', 'picklist', (g) => g.pick(industries)),
    f('Annual_Revenue', 'currency', (g) => g.opt(0.7, () => g.money(50_000_000))),
    f('Employees', 'integer', (g) => g.opt(0.7, () => String(g.rng.int(1, 20000)))),
    f('Ownership', 'picklist', (g) => g.pick(ownerships)),
    f('Rating', 'picklist', (g) => g.pick(ratings)),
    f('Phone', 'phone', (g) => g.opt(0.8, () => g.phone())),
    f('Website', 'website', (g) => g.opt(0.6, () => `https://www.${asciiSlug(g.who.company)}.example`)),
    f('Parent_Account', 'lookup', (g) => g.lookup('Accounts', 0.1), 'Accounts'),
    ...addressFields('Billing_', 'Billing_Code'),
    f('Description', 'textarea', (g) => g.opt(0.4, () => g.description())),
    ...systemFields(),
  ],
};

const contacts: ModuleDef = {
  api_name: 'Contacts',
  moduleId: '4876876000000002179',
  displayField: 'Full_Name',
  display: fullName,
  fields: [
    ownerField(),
    f('Lead_Source', 'picklist', (g) => g.pick(leadSources)),
    f('Salutation', 'picklist', (g) => g.pick(salutations)),
    f('First_Name', 'text', (g) => g.who.first),
    f('Last_Name', 'text', (g) => g.who.last),
    f('Full_Name', 'text', (g) => fullName(g.who)),
    f('Account_Name', 'lookup', (g) => g.lookup('Accounts', 0.85), 'Accounts'),
    f('Email', 'email', (g) => g.opt(0.9, () => email(g))),
    f('Secondary_Email', 'email', (g) => g.opt(0.1, () => `alt${g.index}@example.org`)),
    f('Title', 'text', (g) => g.who.title),
    f('Department', 'text', (g) => g.pick(departments)),
    f('Phone', 'phone', (g) => g.opt(0.8, () => g.phone())),
    f('Mobile', 'phone', (g) => g.opt(0.4, () => g.phone())),
    f('Date_of_Birth', 'date', (g) =>
      g.opt(0.3, () => g.date(Date.UTC(1950, 0, 1) + g.rng.int(0, 18_000) * 86_400_000)),
    ),
    ...addressFields('Mailing_', 'Mailing_Zip'),
    f('Description', 'textarea', (g) => g.opt(0.5, () => g.description())),
    f('Email_Opt_Out', 'boolean', (g) => g.bool(0.1)),
    f('Service_Interested_In', 'multiselectpicklist', (g) => g.multi(services, 3)),
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
    ownerField(),
    f('Company', 'text', (g) => g.who.company),
    f('Salutation', 'picklist', (g) => g.pick(salutations)),
    f('First_Name', 'text', (g) => g.who.first),
    f('Last_Name', 'text', (g) => g.who.last),
    f('Full_Name', 'text', (g) => fullName(g.who)),
    f('Designation', 'text', (g) => g.who.title),
    f('Email', 'email', (g) => g.opt(0.9, () => email(g))),
    f('Phone', 'phone', (g) => g.opt(0.8, () => g.phone())),
    f('Website', 'website', (g) => g.opt(0.4, () => `${asciiSlug(g.who.company)}.example`)),
    f('Lead_Source', 'picklist', (g) => g.pick(leadSources)),
    f('Lead_Status', 'picklist', (g) => g.pick(leadStatuses)),
    f('Industry', 'picklist', (g) => g.pick(industries)),
    f('No_of_Employees', 'integer', (g) => g.opt(0.5, () => String(g.rng.int(1, 5000)))),
    f('Annual_Revenue', 'currency', (g) => g.opt(0.5, () => g.money(10_000_000))),
    f('Rating', 'picklist', (g) => g.pick(ratings)),
    ...addressFields('', 'Zip_Code'),
    f('Description', 'textarea', (g) => g.opt(0.5, () => g.description())),
    f('Email_Opt_Out', 'boolean', (g) => g.bool(0.1)),
    f('Service_Interested_In', 'multiselectpicklist', (g) => g.multi(services, 3)),
    f('Date_of_Lead', 'date', (g) => g.date(g.createdMs)),
    f('Converted__s', 'boolean', (g) => g.bool(0.2)),
    f('$converted', 'boolean', (g) => g.bool(0.2)),
    ...systemFields(),
  ],
};

const deals: ModuleDef = {
  api_name: 'Deals',
  moduleId: '4876876000000002181',
  displayField: 'Deal_Name',
  display: (w) => `${w.company} – ${w.last}`,
  fields: [
    ownerField(),
    f('Deal_Name', 'text', (g) => `${g.who.company} – ${g.who.last}`),
    f('Amount', 'currency', (g) => g.opt(0.9, () => g.money(500_000))),
    f('Stage', 'picklist', (g) => g.pick(stages)),
    f('Probability', 'integer', (g) => String(g.rng.int(0, 10) * 10)),
    f('Closing_Date', 'date', (g) => g.date(g.createdMs + g.rng.int(0, 180) * 86_400_000)),
    f('Type', 'picklist', (g) => g.pick(dealTypes)),
    f('Account_Name', 'lookup', (g) => g.lookup('Accounts', 0.9), 'Accounts'),
    f('Contact_Name', 'lookup', (g) => g.lookup('Contacts', 0.7), 'Contacts'),
    f('Lead_Source', 'picklist', (g) => g.pick(leadSources)),
    f('Next_Step', 'text', (g) => g.opt(0.3, () => g.pick(eventTitles))),
    f('Description', 'textarea', (g) => g.opt(0.4, () => g.description())),
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
    ownerField(),
    f('Event_Title', 'text', (g) => `${g.who.title === '' ? 'Meeting' : g.who.title} with ${g.who.last}`),
    f('Start_DateTime', 'datetime', (g) => g.dateTime(g.modifiedMs)),
    f('End_DateTime', 'datetime', (g) => g.dateTime(g.modifiedMs + g.rng.int(1, 8) * 900_000)),
    f('All_day', 'boolean', (g) => g.bool(0.1)),
    f('Venue', 'text', (g) => g.pick(venues)),
    f('What_Id', 'lookup', (g) => g.lookup('Accounts', 0.6), 'Accounts'),
    f('Who_Id', 'lookup', (g) => g.lookup('Contacts', 0.6), 'Contacts'),
    f('Description', 'textarea', (g) => g.opt(0.5, () => g.description())),
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
      ownerField(),
      f('Name', 'text', (g) => `${g.who.company} ${g.who.last}`),
      f('Email', 'email', (g) => g.opt(0.8, () => email(g))),
      f('Amount', 'currency', (g) => g.opt(0.7, () => g.money(100_000))),
      f('Status', 'picklist', (g) => g.pick(leadStatuses)),
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
