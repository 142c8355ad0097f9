/**
 * The `zoho-bulk types` generator: its output for Zoho-shaped metadata, a compile of that output
 * under `tsc --strict` (TypeScript's programmatic API, files in a temp dir, `zoho-bulk` mapped to
 * this repo's sources), and a run of the generated schemas on real-shaped records.
 */
import { writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as zod from 'zod';
import { buildRecordSchema } from '../../src/fields/record-schema.js';
import { generateTypes, type ModuleFields } from '../../src/fields/type-generator.js';
import * as library from '../../src/index.js';
import type { ZohoField } from '../../src/schemas/fields.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { contactsFields, dealsFields, dealsRecord, emptyDealsRecord, pick, zohoField } from './fixtures.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** A module whose names and values need quoting and escaping. */
const oddFields = [
  zohoField({ api_name: 'Name', data_type: 'text', field_label: 'Name */ not a comment end' }),
  zohoField({ api_name: 'Weird-Key', data_type: 'integer', field_label: 'Weird\nlabel' }),
  zohoField({
    api_name: 'Mood',
    data_type: 'picklist',
    pick_list_values: [pick("Won't say"), pick('Back\\slash'), pick('Two\nlines'), pick('-None-')],
  }),
  zohoField({ api_name: 'Empty_Pick', data_type: 'picklist', pick_list_values: [] }),
  zohoField({ api_name: 'Tags_Multi', data_type: 'multiselectpicklist', pick_list_values: null }),
] as ZohoField[];

const modules: ModuleFields[] = [
  { module: 'Deals', fields: dealsFields as ZohoField[] },
  { module: 'Contacts', fields: contactsFields() },
  { module: 'Custom_Module', fields: oddFields },
  { module: 'Line_Items', fields: [] },
];

const CONSUMER = `
import { ContactsRecord, CustomModuleRecord, DealsRecord, type DealsStageValue, recordSchemas } from './zoho-types.js';

export function read(row: Record<string, string>): unknown[] {
  const deal: DealsRecord = DealsRecord.parse(row);
  const id: string | null | undefined = deal.Id;
  const amount: number | null | undefined = deal.Amount;
  const probability: number | null | undefined = deal.Probability;
  const stage: DealsStageValue | null | undefined = deal.Stage;
  const known: DealsStageValue = 'Id. Decision Makers';
  const added: DealsStageValue = 'A stage added later';
  const services: string[] | undefined = deal.Services;
  const closing: Date | null | undefined = deal.Closing_Date;
  const created: Date | null | undefined = deal.Created_Time;
  const priority: boolean | null | undefined = deal.Priority;
  const reference: string | null | undefined = deal.Reference_Number;
  const accountName: string | null | undefined = deal['Account_Name.Account_Name'];
  // @ts-expect-error a currency is a number, not text
  const wrongAmount: string | null | undefined = deal.Amount;
  // @ts-expect-error a date is a Date, not text
  const wrongDate: string | null | undefined = deal.Closing_Date;
  // @ts-expect-error a multi-select is a list
  const wrongList: string | null | undefined = deal.Services;
  const contact = ContactsRecord.parse(row);
  const optOut: boolean | null | undefined = contact.Email_Opt_Out;
  const odd = CustomModuleRecord.parse(row);
  const weird: number | null | undefined = odd['Weird-Key'];
  const mood: "Won't say" | 'Back\\\\slash' | (string & {}) | null | undefined = odd.Mood;
  const schemas = [recordSchemas.Deals, recordSchemas.Contacts, recordSchemas.Custom_Module, recordSchemas.Line_Items];
  return [id, amount, probability, stage, known, added, services, closing, created, priority, reference,
    accountName, wrongAmount, wrongDate, wrongList, optOut, weird, mood, schemas];
}
`;

/** Compiles the files under strict settings a careful user might have; returns the diagnostics of `dir`. */
function compile(dir: string, files: string[]): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    noImplicitReturns: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    skipLibCheck: true,
    types: ['node'],
    typeRoots: [join(REPO, 'node_modules/@types')],
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    // `zohoCsv` as the package exports it (index.ts re-exports this module); the whole of src/
    // would take a minute to check here.
    paths: { 'zoho-bulk': [join(REPO, 'src/schemas/coerce.ts')], zod: [join(REPO, 'node_modules/zod')] },
  };
  const program = ts.createProgram({ rootNames: files, options });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file === undefined || d.file.fileName.startsWith(dir))
    .map((d) => {
      const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
      if (d.file === undefined || d.start === undefined) return text;
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      return `${d.file.fileName.slice(dir.length + 1)}:${line + 1}:${character + 1} ${text}`;
    });
}

/** Runs the generated module (transpiled to CommonJS) against this repo's zod and sources. */
function load(source: string): Record<string, zod.ZodType> {
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const modulesById: Record<string, unknown> = { zod, 'zoho-bulk': library };
  const exports: Record<string, zod.ZodType> = {};
  const require = (id: string) => {
    if (!(id in modulesById)) throw new Error(`unexpected import ${id}`);
    return modulesById[id];
  };
  new Function('require', 'exports', js)(require, exports);
  return exports;
}

describe('generateTypes', () => {
  const source = generateTypes(modules, { note: 'zoho-bulk types Deals Contacts Custom_Module Line_Items' });

  it('writes a zod schema and its type per module, picklists as open unions, labels as JSDoc', () => {
    expect(source).toContain("import { z } from 'zod';\nimport { zohoCsv } from 'zoho-bulk';\n");
    expect(source).toContain(
      [
        '/** Values of Deals.Stage ("Stage"); others may appear. */',
        'export type DealsStageValue =',
        "  | 'Qualification'",
        "  | 'Id. Decision Makers'",
        "  | 'Identify Decision Makers'",
        "  | 'Closed Won'",
        "  | 'Won\\'t Close'",
        '  | (string & {});',
      ].join('\n'),
    );
    expect(source).toContain("  | 'OnlineStore'\n  | 'Online Store'\n");
    expect(source).not.toContain('-None-');
    expect(source).toContain(
      'export const DealsRecord = z\n  .object({\n    /** Record id */\n    Id: zohoCsv.id().optional(),',
    );
    expect(source).toContain(
      '    /** Deal Owner (ownerlookup → user id) */\n    Owner: zohoCsv.string().optional(),',
    );
    expect(source).toContain('    /** Amount (currency) */\n    Amount: zohoCsv.number().optional(),');
    expect(source).toContain(
      '    /** Account Name (lookup → Accounts id) */\n    Account_Name: zohoCsv.string().optional(),',
    );
    expect(source).toContain('    Stage: picklist<DealsStageValue>().optional(),');
    expect(source).toContain('    Services: multiPicklist<DealsServicesValue>().optional(),');
    expect(source).toContain(
      '    /** Margin (formula (number)) */\n    Margin: zohoCsv.number().optional(),',
    );
    expect(source).toContain('    Reference_Number: digits().optional(),');
    expect(source).toContain('    Discount: percent().optional(),');
    expect(source).toContain('    Closing_Date: zohoCsv.date().optional(),');
    expect(source).toContain('    Created_Time: zohoCsv.datetime().optional(),');
    expect(source).toContain(
      '  .catchall(zohoCsv.string());\nexport type DealsRecord = z.infer<typeof DealsRecord>;',
    );
    // Fields with no CSV column are left out; `id` is the `Id` column, once.
    const deals = source.slice(
      source.indexOf('export const DealsRecord'),
      source.indexOf('export type DealsRecord'),
    );
    for (const name of ['Line_Items:', 'Products:', 'File_Upload_1:', ' id:'])
      expect(deals).not.toContain(name);
    expect(source.match(/ {4}Id: /g)).toHaveLength(4);
    // Quoting and escaping.
    expect(source).toContain("    'Weird-Key': zohoCsv.integer().optional(),");
    expect(source).toContain('/** Name *\\/ not a comment end (text) */');
    expect(source).toContain("  | 'Two\\nlines'\n");
    expect(source).toContain('    Empty_Pick: zohoCsv.string().optional(),\n');
    expect(source).toContain('    Tags_Multi: zohoCsv.multiSelect().optional(),\n');
    expect(source).toContain(
      'export const recordSchemas = {\n  Deals: DealsRecord,\n  Contacts: ContactsRecord,\n  Custom_Module: CustomModuleRecord,\n  Line_Items: LineItemsRecord,\n} as const;\n',
    );
    expect(generateTypes(modules, { note: 'zoho-bulk types Deals Contacts Custom_Module Line_Items' })).toBe(
      source,
    );
  });

  it('defines only the helpers it uses', () => {
    const plain = generateTypes([
      { module: 'Notes', fields: [zohoField({ api_name: 'Note_Title', data_type: 'text' })] },
    ]);
    expect(plain).not.toMatch(/const (picklist|multiPicklist|digits|percent) =/);
    expect(source).toMatch(/const picklist = /);
    expect(source).toMatch(/const digits = /);
  });

  it('compiles under tsc --strict, and a consumer is typed against the org (a type error is caught)', async () => {
    const dir = await makeTempDir('zoho-bulk-types-');
    await writeFile(join(dir, 'zoho-types.ts'), source);
    await writeFile(join(dir, 'use.ts'), CONSUMER);
    // The same consumer without one @ts-expect-error: the compile must report exactly that line.
    await writeFile(
      join(dir, 'broken.ts'),
      CONSUMER.replace('// @ts-expect-error a currency', '// a currency'),
    );
    const files = ['zoho-types.ts', 'use.ts', 'broken.ts'].map((f) => join(dir, f));
    const diagnostics = compile(dir, files);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatch(
      /^broken\.ts:\d+:\d+ Type 'number \| null \| undefined' is not assignable/,
    );
  }, 120_000); // a real compile: seconds, more on a busy machine

  it('parses real-shaped records exactly as client.fields.recordSchema does', () => {
    const generated = load(source);
    const runtime = buildRecordSchema(dealsFields as ZohoField[]);
    for (const record of [dealsRecord, emptyDealsRecord, { Id: '1', Discount: '3%', Stage: 'New stage' }]) {
      expect(generated.DealsRecord!.parse(record)).toEqual(runtime.parse(record));
    }
    expect(generated.DealsRecord!.parse(dealsRecord)).toMatchObject({
      Amount: 5000,
      Stage: 'Id. Decision Makers',
      Services: ['Analytics', 'Design & Print'],
      Closing_Date: new Date(Date.UTC(2025, 2, 31)),
      Reference_Number: '9007199254740993123',
    });
    const bad = generated.DealsRecord!.safeParse({ ...dealsRecord, Probability: '4O' });
    expect(bad.error?.issues.map((i) => i.path)).toEqual([['Probability']]);
    expect(generated.recordSchemas).toBeDefined();
  });
});
