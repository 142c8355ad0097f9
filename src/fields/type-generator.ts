/**
 * `zoho-bulk types`: writes a TypeScript module with, per module, a zod schema of one Bulk Read
 * record and its inferred type, so code that reads exports is typed against the user's org.
 * Columns are read exactly as `client.fields.recordSchema` reads them (same `column-kind.ts`);
 * picklists become open unions of their values (`'A' | 'B' | (string & {})`), and every
 * property carries the field's label as JSDoc. The output is deterministic (no timestamp).
 */
import type { ZohoField } from '../schemas/fields.js';
import { type ColumnKind, columnKind, columnName, ID_COLUMN } from './column-kind.js';

export interface ModuleFields {
  /** Module API name, e.g. `Contacts`. */
  module: string;
  /** Its fields, as `client.fields.list(module)` returns them. */
  fields: readonly ZohoField[];
}

export interface GenerateTypesOptions {
  /** Module specifier the `zohoCsv` helpers are imported from. @default 'zoho-bulk' */
  importFrom?: string;
  /** Extra line for the header comment, e.g. the command that generated the file. */
  note?: string;
}

/** Helpers the generated file defines when a column needs them (only those used are written). */
const HELPERS = {
  picklist: [
    '/** A picklist cell: one of the values the org defines, or another (Zoho may add values). */',
    'const picklist = <T extends string>() => zohoCsv.string().transform((v) => v as T | null);',
  ],
  multiPicklist: [
    '/** A multi-select picklist cell (`A;B`) → its values. */',
    'const multiPicklist = <T extends string>() => zohoCsv.multiSelect().transform((v) => v as T[]);',
  ],
  digits: [
    '/** A `bigint` cell: digits, kept as a string (they may exceed 2^53). */',
    'const digits = () =>',
    '  zohoCsv',
    '    .string()',
    "    .refine((v) => v === null || /^[+-]?\\d+$/.test(v.trim()), 'expected a whole number')",
    '    .transform((v) => (v === null ? null : v.trim()));',
  ],
  percent: [
    '/** A percent cell (`12.5`, a trailing `%` tolerated) → number. */',
    'const percent = () =>',
    "  z.preprocess((v) => (typeof v === 'string' ? v.trim().replace(/\\s*%$/, '') : v), zohoCsv.number());",
  ],
} as const;
type Helper = keyof typeof HELPERS;

const SIMPLE: Readonly<Record<Exclude<ColumnKind, 'picklist' | 'multiselect'>, string>> = {
  text: 'zohoCsv.string()',
  id: 'zohoCsv.id()',
  integer: 'zohoCsv.integer()',
  number: 'zohoCsv.number()',
  percent: 'percent()',
  digits: 'digits()',
  boolean: 'zohoCsv.boolean()',
  date: 'zohoCsv.date()',
  datetime: 'zohoCsv.datetime()',
};

/** A single-quoted TypeScript string literal. */
export function quote(text: string): string {
  const body = JSON.stringify(text).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${body}'`;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const propertyKey = (name: string): string => (IDENTIFIER.test(name) ? name : quote(name));

/** Text for a `/** … *\/` comment: one line, no comment terminator. */
const docText = (text: string): string => text.replace(/\s+/g, ' ').replace(/\*\//g, '*\\/').trim();

/** `Lead_Source` → `LeadSource`; anything not an identifier character dropped. */
function pascal(name: string): string {
  return name
    .split(/[^A-Za-z0-9$]+/)
    .filter((part) => part !== '')
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

/** The picklist's values: actual and display values (the CSV may carry either), `-None-` left out. */
function picklistValues(field: ZohoField): string[] {
  const values = new Set<string>();
  for (const entry of field.pick_list_values ?? []) {
    for (const value of [entry.actual_value, entry.display_value]) {
      if (typeof value === 'string' && value !== '' && value !== '-None-') values.add(value);
    }
  }
  return [...values];
}

/** What a field's label comment says: label, type, and where a lookup points. */
function describe(field: ZohoField, kind: ColumnKind): string {
  const label = field.field_label ?? field.display_label ?? field.api_name;
  const target = field.lookup?.module?.api_name;
  let type: string = field.data_type;
  if (typeof target === 'string' && target !== '') type += ` → ${target} id`;
  else if (field.data_type === 'ownerlookup' || field.data_type === 'userlookup') type += ' → user id';
  if ((field.data_type === 'formula' || field.data_type === 'rollup_summary') && kind !== 'text') {
    type += ` (${kind})`;
  }
  return docText(`${label} (${type})`);
}

class Names {
  readonly #used = new Set<string>();

  take(wanted: string): string {
    const base = IDENTIFIER.test(wanted) ? wanted : `_${wanted}`;
    let name = base;
    for (let n = 2; this.#used.has(name); n++) name = `${base}${n}`;
    this.#used.add(name);
    return name;
  }
}

interface Emitted {
  lines: string[];
  helpers: Set<Helper>;
}

function emitModule(entry: ModuleFields, recordName: string, names: Names, out: Emitted): void {
  const unions: string[] = [];
  const properties: string[] = [`    /** Record id */`, `    ${ID_COLUMN}: zohoCsv.id().optional(),`];
  const seen = new Set<string>([ID_COLUMN]);
  for (const field of entry.fields) {
    const kind = columnKind(field);
    const column = columnName(field);
    if (kind === undefined || seen.has(column)) continue;
    seen.add(column);
    let code: string;
    if (kind === 'picklist' || kind === 'multiselect') {
      const values = picklistValues(field);
      const multi = kind === 'multiselect';
      if (values.length === 0) code = multi ? 'zohoCsv.multiSelect()' : 'zohoCsv.string()';
      else {
        const typeName = names.take(`${pascal(entry.module)}${pascal(field.api_name)}Value`);
        const label = field.field_label ?? field.api_name;
        unions.push(
          `/** Values of ${docText(`${entry.module}.${field.api_name} ("${label}")`)}; others may appear. */`,
          `export type ${typeName} =`,
          ...values.map((v) => `  | ${quote(v)}`),
          '  | (string & {});',
          '',
        );
        const helper: Helper = multi ? 'multiPicklist' : 'picklist';
        out.helpers.add(helper);
        code = `${helper}<${typeName}>()`;
      }
    } else {
      if (kind === 'digits' || kind === 'percent') out.helpers.add(kind);
      code = SIMPLE[kind];
    }
    properties.push(`    /** ${describe(field, kind)} */`, `    ${propertyKey(column)}: ${code}.optional(),`);
  }
  out.lines.push(
    ...unions,
    `/**`,
    ` * One record of a ${docText(entry.module)} Bulk Read export (CSV text in, typed values out):`,
    ` * \`export(query, { schema: ${recordName} })\`. Columns not listed are kept as text.`,
    ` */`,
    `export const ${recordName} = z`,
    '  .object({',
    ...properties,
    '  })',
    '  .catchall(zohoCsv.string());',
    `export type ${recordName} = z.infer<typeof ${recordName}>;`,
    '',
  );
}

/** The TypeScript module for `modules` (see the file comment). */
export function generateTypes(modules: readonly ModuleFields[], options: GenerateTypesOptions = {}): string {
  const names = new Names();
  for (const helper of ['z', 'zohoCsv', 'recordSchemas', ...Object.keys(HELPERS)]) names.take(helper);
  const recordNames = modules.map((m) => names.take(`${pascal(m.module)}Record`));
  const out: Emitted = { lines: [], helpers: new Set() };
  modules.forEach((entry, i) => {
    emitModule(entry, recordNames[i]!, names, out);
  });
  const list = modules.map((m) => m.module).join(', ');
  const head = [
    '/**',
    ` * Typed Bulk Read records of ${docText(list) || 'no module'}, generated by \`zoho-bulk types\` from the`,
    " * org's field metadata (GET /crm/{v}/settings/fields). Do not edit: regenerate when fields change.",
    ...(options.note === undefined ? [] : [` * ${docText(options.note)}`]),
    ' */',
    '/* eslint-disable */',
    "import { z } from 'zod';",
    `import { zohoCsv } from ${quote(options.importFrom ?? 'zoho-bulk')};`,
    '',
  ];
  const helpers = (Object.keys(HELPERS) as Helper[])
    .filter((h) => out.helpers.has(h))
    .flatMap((h) => [...HELPERS[h], '']);
  const registry = [
    '/** Every schema above by module API name. */',
    'export const recordSchemas = {',
    ...modules.map((m, i) => `  ${propertyKey(m.module)}: ${recordNames[i]},`),
    '} as const;',
  ];
  return `${[...head, ...helpers, ...out.lines, ...registry].join('\n')}\n`;
}
