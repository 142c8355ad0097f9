/**
 * `zoho-bulk import <module> <file>`: streams a CSV or NDJSON file into client.bulkWrite.import
 * (which splits it into as few 25,000-row jobs as it can), writes one result line per input row and
 * prints a count per status. Exit 3 when any row was not ADDED/UPDATED.
 */

import { resolve } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import type {
  BulkWriteImportEvent,
  BulkWriteImportParams,
  CliClient,
  PreflightMode,
} from '../client-types.js';
import { ExitCode } from '../exit-codes.js';
import { type ErrorExample, ImportTally, ResultsFile } from '../import-results.js';
import { collect } from '../parse-values.js';
import type { ProgressReporter } from '../progress.js';
import { importEventFacts } from '../progress-event.js';
import type { Session } from '../session.js';
import { type ActionFactory, type ClientSource, getClient } from './action.js';
import { dryRunExitCode, printDryRun, runDryRun } from './import-dry-run.js';
import { checkImportFlags, type ImportFlags, importInput, preflightOption } from './import-input.js';

export interface ImportSummary {
  module: string;
  rows: number;
  counts: Map<string, number>;
  failed: number;
  examples: ErrorExample[];
  statusLines: string[];
  resultsPath: string | undefined;
  seconds: number;
  /** The bulk-write jobs, in input order, with the rows of each one's file. */
  jobs: { jobId: string; rows: number }[];
}

/** Import events name the file (chunk) they concern: `file 2` plus its job status. */
export function onImportProgress(progress: ProgressReporter, event: BulkWriteImportEvent): void {
  progress.set(importEventFacts(event));
}

/** Runs the import; used by the command and by the demo. */
export async function runImport(
  session: Session,
  clientSource: ClientSource,
  module: string,
  file: string,
  flags: ImportFlags,
): Promise<ImportSummary> {
  const { ctx } = session;
  checkImportFlags(flags);
  const client = await getClient(clientSource);
  const started = ctx.now();

  const progress = session.progress(`${module} ${flags.operation}`, 'rows');
  const { params, children } = importInput(session, module, file, flags, progress);

  const resultsPath = flags.results === undefined ? undefined : resolve(ctx.cwd, flags.results);
  const results =
    resultsPath === undefined
      ? undefined
      : await ResultsFile.open(resultsPath, { children: children !== undefined });
  const tally = new ImportTally();
  const jobs: ImportSummary['jobs'] = [];
  try {
    await importRows(client, params, {
      signal: ctx.signal,
      progress,
      results,
      tally,
      jobs,
      ...preflightOption(flags),
    });
  } finally {
    progress.stop();
    await results?.close();
  }
  return {
    module,
    rows: tally.total,
    counts: tally.counts,
    failed: tally.failed,
    examples: tally.examples,
    statusLines: tally.lines(),
    resultsPath,
    seconds: (ctx.now() - started) / 1000,
    jobs: jobs.filter((j) => j !== undefined),
  };
}

/** Streams the import's row results into the tally (and results file), noting each job as it is created. */
async function importRows(
  client: CliClient,
  params: BulkWriteImportParams,
  into: {
    signal: AbortSignal;
    progress: ProgressReporter;
    results: ResultsFile | undefined;
    tally: ImportTally;
    jobs: ImportSummary['jobs'];
    preflight?: PreflightMode;
  },
): Promise<void> {
  const { progress, results, tally, jobs } = into;
  for await (const result of client.bulkWrite.import(params, {
    signal: into.signal,
    ...(into.preflight === undefined ? {} : { preflight: into.preflight }),
    onProgress: (event) => {
      if (event.type === 'created') jobs[event.chunk.index] = { jobId: event.jobId, rows: event.chunk.rows };
      onImportProgress(progress, event);
    },
  })) {
    const row = result.index === undefined ? tally.total + 1 : result.index + 1;
    tally.add(row, result);
    if (results) {
      const wait = results.write(row, result);
      if (wait) await wait;
    }
    progress.add();
  }
}

export function printImportSummary(session: Session, s: ImportSummary): void {
  const n = (v: number) => v.toLocaleString('en-US');
  const jobs =
    s.jobs.length === 0
      ? ''
      : ` in ${s.jobs.length} bulk-write job${s.jobs.length === 1 ? '' : 's'}${s.jobs.length > 1 ? ` (${s.jobs.map((j) => n(j.rows)).join(' + ')})` : ''}`;
  session.out(`${s.module}: ${n(s.rows)} rows${jobs} in ${s.seconds.toFixed(1)} s`);
  for (const line of s.statusLines) session.out(line);
  if (s.examples.length > 0) {
    session.out('Examples:');
    for (const e of s.examples) {
      const where = e.child === undefined ? '' : ` ${e.child.key} ${e.child.row}`;
      session.out(`  row ${e.row}${where}: ${e.status}${e.errors ? ` ${e.errors}` : ''}`);
    }
  }
  if (s.resultsPath) session.out(`Results: ${s.resultsPath}`);
}

const HELP = `
The results file has one line per input row: row (1-based, header not counted), status
(ADDED, UPDATED, SKIPPED, UNPROCESSED), record_id, errors (CODE:field1|field2; …).
--map renames input columns to field API names (other columns are sent as they are).
Exit code 3 when any row, parent or child, was not ADDED or UPDATED.
Before uploading, the columns are checked against the module's fields (--preflight auto, the
default: when the token may read them, scope ZohoCRM.settings.fields.READ); --preflight rows also
checks every value and does not send rows Zoho would skip (reported SKIPPED); off checks nothing.
--dry-run reads the whole file and reports the files, jobs and API credits the import would take
and every problem found, uploading nothing (--json for the full report). Dry-run exit codes: 0
nothing found, 2 column problems (the import would be refused), 3 rows Zoho would skip.
--child Subform_1=Leads_Subform imports parents with their subform rows or line items (NDJSON,
each parent line holding an array of child objects under the key); the results file then has two
more columns, child and child_row, with one line per child row under its parent's row number.

Examples:
  $ zoho-bulk import Leads leads.csv --operation insert --results results.csv
  $ zoho-bulk import Quotes quotes.ndjson --operation insert --child Quoted_Items=Quoted_Items --results r.csv
  $ zoho-bulk import Contacts contacts.ndjson --operation upsert --find-by Email --map mail=Email --map surname=Last_Name
  $ zoho-bulk import Leads leads.csv --operation insert --dry-run
`;

export function registerImport(program: Command, action: ActionFactory): void {
  program
    .command('import')
    .description('import a CSV or NDJSON file with bulk write jobs, with one result per row')
    .argument('<module>', 'module API name, e.g. Leads')
    .argument('<file>', 'input file: .csv (header row = field names) or .ndjson')
    .addOption(
      new Option('--operation <operation>', 'what to do with each row')
        .choices(['insert', 'update', 'upsert'])
        .makeOptionMandatory(),
    )
    .option('--find-by <field>', 'field that matches existing records (update/upsert): id or a unique field')
    .option('--map <column=Field>', 'rename an input column to a field API name (repeatable)', collect)
    .option('--results <file>', 'write the per-row results CSV there')
    .option('--ignore-empty', 'empty cells leave existing values alone')
    .option(
      '--child <key=Module>',
      'parent-child import (NDJSON, API v7+): arrays under <key> are rows of the child module (repeatable; key alone: from field metadata)',
      collect,
    )
    .addOption(
      new Option('--input-format <format>', 'input format when the extension does not tell').choices([
        'csv',
        'ndjson',
      ]),
    )
    .addOption(
      new Option('--preflight <mode>', "checks against the module's fields before uploading")
        .choices(['auto', 'columns', 'rows', 'off'])
        .default('auto'),
    )
    .option('--dry-run', 'report files, jobs, credits and problems; upload nothing')
    .option('--json', 'with --dry-run: print the report as JSON')
    .addHelpText('after', HELP)
    .action(
      action<ImportFlags>(async (session, [module, file], flags) => {
        if (flags.dryRun) {
          const report = await runDryRun(
            session,
            () => session.client(),
            module as string,
            file as string,
            flags,
          );
          printDryRun(session, module as string, report, flags.json === true);
          return dryRunExitCode(report);
        }
        const summary = await runImport(
          session,
          () => session.client(),
          module as string,
          file as string,
          flags,
        );
        printImportSummary(session, summary);
        return summary.failed > 0 ? ExitCode.PARTIAL : ExitCode.OK;
      }),
    );
}
