/**
 * `zoho-bulk export <module>`: every record of every page (client.bulkRead.export), streamed to
 * NDJSON, CSV or JSON on stdout or a file; `--resume` makes an interrupted export continue.
 */
import type { Command } from 'commander';
import type { Criteria } from '../../schemas/criteria.js';
import type { BulkReadExportOptions, CliClient, ExportProgressEvent, ExportQuery } from '../client-types.js';
import { readCriteria } from '../criteria-input.js';
import { CliError, ExitCode, usageError } from '../exit-codes.js';
import { ExportOutput, type OpenedOutput } from '../export-output.js';
import { formatFromPath, OUTPUT_FORMATS, type OutputFormat } from '../output/record-writer.js';
import { collect, parseList } from '../parse-values.js';
import type { ProgressReporter } from '../progress.js';
import { exportEventFacts } from '../progress-event.js';
import type { Session } from '../session.js';
import { combineCriteria, parseWhere, WHERE_OPERATORS } from '../where-parser.js';
import { type ActionFactory, type ClientSource, getClient } from './action.js';

export interface ExportFlags {
  fields?: string;
  criteria?: string;
  where?: string[];
  cvid?: string;
  format?: string;
  out?: string;
  resume?: string;
  /** Typed values from the module's field metadata (NDJSON and JSON only). */
  typed?: boolean;
}

export interface ExportSummary {
  module: string;
  /** Records written by this run. */
  records: number;
  /** Records in the output, earlier runs included. */
  totalRecords: number;
  out: string | undefined;
  seconds: number;
  alreadyComplete: boolean;
}

/** Builds the bulk-read query from the flags (criteria from --criteria and every --where, and-ed). */
export async function buildExportQuery(
  module: string,
  flags: ExportFlags,
  cwd: string,
): Promise<ExportQuery> {
  const query: ExportQuery = { module };
  if (flags.fields !== undefined) {
    const fields = parseList(flags.fields);
    if (fields.length === 0) throw usageError('--fields is empty');
    query.fields = fields;
  }
  const json: Criteria | undefined =
    flags.criteria === undefined ? undefined : await readCriteria(flags.criteria, cwd);
  const criteria = combineCriteria(json, (flags.where ?? []).map(parseWhere));
  if (criteria !== undefined) query.criteria = criteria;
  if (flags.cvid !== undefined) query.cvid = flags.cvid;
  return query;
}

export function exportFormat(flags: ExportFlags): OutputFormat {
  if (flags.format !== undefined) {
    const f = flags.format.toLowerCase();
    if (!(OUTPUT_FORMATS as readonly string[]).includes(f)) {
      throw usageError(`Unknown --format '${flags.format}'`, `use ${OUTPUT_FORMATS.join(', ')}`);
    }
    return f as OutputFormat;
  }
  return (flags.out === undefined ? undefined : formatFromPath(flags.out)) ?? 'ndjson';
}

/**
 * Export events: job states while a page's job runs; from `page-start` on, the page's bar (Zoho's
 * count for the page). `totalRecords` counts records delivered, so no overall total is shown.
 */
export function onExportProgress(progress: ProgressReporter, event: ExportProgressEvent): void {
  progress.set(exportEventFacts(event, progress.state, progress.now()));
}

/** Runs the export; used by the command and by the demo. */
export async function runExport(
  session: Session,
  clientSource: ClientSource,
  module: string,
  flags: ExportFlags,
): Promise<ExportSummary> {
  const { ctx } = session;
  const started = ctx.now();
  const query = await buildExportQuery(module, flags, ctx.cwd);
  const format = exportFormat(flags);
  if (flags.resume !== undefined && flags.out === undefined)
    throw usageError('--resume needs --out: stdout cannot be resumed');
  if (flags.typed && format === 'csv')
    throw usageError('--typed writes numbers, booleans and lists: use --format ndjson or json');
  const client = await getClient(clientSource);
  // Read before the output is opened, so an unknown module leaves no file behind.
  const schema = flags.typed
    ? await client.fields.recordSchema(module, { json: true, signal: ctx.signal })
    : undefined;
  const opened = await ExportOutput.open({
    format,
    out: flags.out,
    stdout: ctx.stdout,
    statePath: flags.resume,
    // A resumed run must also agree on --typed.
    query: flags.typed ? { ...query, typed: true } : query,
    cwd: ctx.cwd,
    now: () => ctx.now(),
  });
  if (opened.kind === 'complete') return alreadyComplete(session, module, opened);
  const { output } = opened;
  if (output.resumedRecords > 0)
    session.note(`Resuming after ${output.resumedRecords} records already in ${output.outPath}`);
  const summary = (records: number): ExportSummary => ({
    module,
    records,
    totalRecords: output.records,
    out: output.outPath,
    seconds: (ctx.now() - started) / 1000,
    alreadyComplete: false,
  });
  return writeRecords(session, { client, module, query, flags, schema, output }, summary);
}

/** The state file says an earlier run finished: nothing to do. */
function alreadyComplete(
  session: Session,
  module: string,
  opened: Extract<OpenedOutput, { kind: 'complete' }>,
): ExportSummary {
  session.note(
    `Export already complete (${opened.state.records} records in ${opened.state.out}); delete ${opened.statePath} to export again`,
  );
  return {
    module,
    records: 0,
    totalRecords: opened.state.records,
    out: opened.state.out,
    seconds: 0,
    alreadyComplete: true,
  };
}

/** Streams every record into the opened output, with the progress bar and checkpoints. */
async function writeRecords(
  session: Session,
  run: {
    client: CliClient;
    module: string;
    query: ExportQuery;
    flags: ExportFlags;
    schema: BulkReadExportOptions['schema'];
    output: ExportOutput;
  },
  summary: (records: number) => ExportSummary,
): Promise<ExportSummary> {
  const { ctx } = session;
  const { client, module, query, flags, schema, output } = run;
  // A closed stdout (`| head`) ends the export quietly.
  const local = new AbortController();
  const signal = AbortSignal.any([ctx.signal, local.signal]);
  const onStdoutError = (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE')
      local.abort(new CliError('stdout closed', { exitCode: ExitCode.OK, code: 'EPIPE' }));
  };
  if (flags.out === undefined) ctx.stdout.on('error', onStdoutError);

  const progress = session.progress(module);
  let written = 0;
  try {
    const options: BulkReadExportOptions = {
      signal,
      onProgress: (event) => onExportProgress(progress, event),
      onCheckpoint: output.checkpoint,
      ...(output.resumeFrom === undefined ? {} : { resume: output.resumeFrom }),
      ...(schema === undefined ? {} : { schema }),
    };
    // With --typed the values are numbers, booleans, lists and ISO text: the writers JSON them as is.
    const records = client.bulkRead.export(
      query,
      options as BulkReadExportOptions & { schema?: undefined; typed?: false },
    );
    for await (const record of records) {
      const wait = output.writer.write(record);
      if (wait) await wait;
      written++;
      progress.add();
      output.assertHealthy();
    }
    await output.finish();
  } catch (error) {
    progress.stop();
    await output.abandon();
    if (local.signal.aborted) return summary(written);
    if (signal.aborted && flags.resume !== undefined) throw interrupted(written, flags.resume, error);
    throw error;
  } finally {
    progress.stop();
    if (flags.out === undefined) ctx.stdout.off('error', onStdoutError);
  }
  return summary(written);
}

/** An export stopped by the signal with --resume: where the checkpoint is and how to continue. */
function interrupted(written: number, statePath: string, cause: unknown): CliError {
  return new CliError(`Interrupted after ${written} records; the last checkpoint is saved in ${statePath}`, {
    exitCode: ExitCode.INTERRUPTED,
    hint: 'rerun the same command to continue where it stopped',
    cause,
  });
}

const HELP = `
Operators for --where: ${WHERE_OPERATORS.join(' ')}
  in/not_in take a comma-separated list, between/not_between two values; quote values with
  spaces or commas ('Trade Show'). Several --where are and-ed, also with --criteria.

Examples:
  $ zoho-bulk export Contacts --fields Last_Name,Email --out contacts.ndjson
  $ zoho-bulk export Leads --where 'Lead_Source in Web,Referral' --where 'Created_Time > 2024-01-01T00:00:00+00:00' --format csv > leads.csv
  $ zoho-bulk export Deals --criteria @criteria.json --out deals.json
  $ zoho-bulk export Contacts --out contacts.ndjson --resume contacts.state.json   # rerun the same line after an interruption
  $ zoho-bulk export Deals --typed --out deals.ndjson   # Amount as a number, Closing_Date as 2025-03-31 (scope ZohoCRM.settings.fields.READ)
`;

export function registerExport(program: Command, action: ActionFactory): void {
  program
    .command('export')
    .description('export every record of a module (all pages) as NDJSON, CSV or JSON')
    .argument('<module>', 'module API name, e.g. Contacts')
    .option('--fields <list>', 'comma-separated field API names (default: all fields)')
    .option('--criteria <json|@file>', 'Zoho criteria object, inline JSON or @path')
    .option('--where <expression>', "filter 'Field op value' (repeatable)", collect)
    .option('--cvid <id>', 'custom view id')
    .option('--format <format>', 'ndjson | csv | json (default: from --out extension, else ndjson)')
    .option('--out <file>', 'write to a file instead of stdout')
    .option('--resume <state.json>', 'save checkpoints there and continue from them on rerun (needs --out)')
    .option(
      '--typed',
      "typed values from the module's fields: numbers, booleans, lists, ISO dates (ndjson, json)",
    )
    .addHelpText('after', HELP)
    .action(
      action<ExportFlags>(async (session, [module], flags) => {
        const result = await runExport(session, () => session.client(), module as string, flags);
        if (!result.alreadyComplete) {
          session.note(
            `Exported ${result.records} records of ${result.module}${result.out ? ` to ${result.out}` : ''} in ${result.seconds.toFixed(1)} s`,
          );
        }
        return ExitCode.OK;
      }),
    );
}
