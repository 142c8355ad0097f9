/**
 * `zoho-bulk types <module…> [--out file.ts]`: reads each module's field metadata and writes a
 * TypeScript module with a zod schema and its type per module (see fields/type-generator.ts), so
 * code that reads exports is typed against the user's org.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { generateTypes } from '../../fields/type-generator.js';
import { moduleNameSchema } from '../../schemas/module-ref.js';
import { writeFileAtomic } from '../atomic-write.js';
import { ExitCode, usageError } from '../exit-codes.js';
import type { ActionFactory } from './action.js';

export interface TypesFlags {
  out?: string;
  importFrom?: string;
}

/** The modules named on the command line, checked and without repeats. */
function parseModules(args: readonly string[]): string[] {
  const modules = [...new Set(args)];
  for (const module of modules) {
    if (!moduleNameSchema.safeParse(module).success) {
      throw usageError(
        `'${module}' is not a module API name`,
        'use API names such as Contacts, Leads, Deals',
      );
    }
  }
  if (modules.length === 0) throw usageError('name at least one module');
  return modules;
}

const HELP = `
Each module's fields come from GET /crm/{v}/settings/fields (scope ZohoCRM.settings.fields.READ,
or ZohoCRM.settings.ALL). The file imports \`z\` from 'zod' and \`zohoCsv\` from 'zoho-bulk'.

Examples:
  $ zoho-bulk types Contacts Deals --out src/zoho-types.ts
  $ zoho-bulk types Leads > leads-types.ts

  // then, in code that reads exports:
  import { ContactsRecord } from './zoho-types.js';
  for await (const contact of client.bulkRead.export({ module: 'Contacts' }, { schema: ContactsRecord })) {
    contact.Email_Opt_Out; // boolean | null | undefined
  }
`;

export function registerTypes(program: Command, action: ActionFactory): void {
  program
    .command('types')
    .description("TypeScript types and zod schemas of modules' records, from the org's fields")
    .argument('<module...>', 'module API names, e.g. Contacts Deals')
    .option('--out <file.ts>', 'write to a file instead of stdout')
    .option(
      '--import-from <specifier>',
      "where the generated file imports zohoCsv from (default 'zoho-bulk')",
    )
    .addHelpText('after', HELP)
    .action(
      action<TypesFlags>(async (session, args, flags) => {
        const modules = parseModules(args);
        const client = await session.client();
        const { fields } = client;
        const { signal } = session.ctx;
        const lists = await Promise.all(modules.map((module) => fields.list(module, { signal })));
        const source = generateTypes(
          modules.map((module, i) => ({ module, fields: lists[i]! })),
          {
            note: `zoho-bulk types ${modules.join(' ')}`,
            ...(flags.importFrom === undefined ? {} : { importFrom: flags.importFrom }),
          },
        );
        const counts = modules.map((m, i) => `${m} (${lists[i]!.length} fields)`).join(', ');
        if (flags.out === undefined) {
          session.ctx.stdout.write(source);
          session.note(`Types for ${counts}`);
        } else {
          const path = resolve(session.ctx.cwd, flags.out);
          await writeFileAtomic(path, source, 0o644);
          session.note(`Wrote types for ${counts} to ${path}`);
        }
        return ExitCode.OK;
      }),
    );
}
