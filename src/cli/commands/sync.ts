/**
 * `zoho-bulk sync <module> --state <file>`: what changed since the last run (client.bulkRead.changes)
 * as NDJSON lines `{"op":"upsert","record":{…}}` / `{"op":"delete",…}`. The state file holds the
 * cursor, and a checkpoint while a run is in flight (a rerun after a crash continues from it); it
 * is replaced atomically, the cursor only after every line is written.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { SyncCursor } from '../../sync/cursor.js';
import type { ChangeEvent, SyncCheckpoint, SyncProgressEvent } from '../../sync/options.js';
import { writeFileAtomic } from '../atomic-write.js';
import { ExitCode, usageError } from '../exit-codes.js';
import { collect } from '../parse-values.js';
import type { ProgressReporter } from '../progress.js';
import { exportEventFacts } from '../progress-event.js';
import type { Session } from '../session.js';
import { WHERE_OPERATORS } from '../where-parser.js';
import { type ActionFactory, type ClientSource, getClient } from './action.js';
import { buildExportQuery } from './export.js';

export interface SyncFlags {
  state: string;
  out?: string;
  fields?: string;
  where?: string[];
  criteria?: string;
}

interface SyncState {
  version: 1;
  cursor?: SyncCursor | undefined;
  checkpoint?: SyncCheckpoint | undefined;
}

export interface SyncSummary {
  upserts: number;
  deletes: number;
  pages: number;
  /** Estimate: 50 per bulk-read job, 1 per deleted-records page. */
  credits: number;
}

async function loadState(path: string): Promise<SyncState> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1 };
    throw error;
  }
  const state = JSON.parse(text) as SyncState;
  if (state?.version !== 1) throw usageError(`${path} is not a sync state file (version 1)`);
  return state;
}

const saveState = (path: string, state: SyncState) =>
  writeFileAtomic(path, `${JSON.stringify(state, null, 2)}\n`, 0o600);

/** One NDJSON line per event. */
function syncLine(event: ChangeEvent): string {
  const value =
    event.type === 'upsert'
      ? { op: 'upsert', record: event.record }
      : { op: 'delete', id: event.id, deleted_time: event.deletedTime, deleted_type: event.deletedType };
  return `${JSON.stringify(value)}\n`;
}

function onSyncProgress(
  progress: ProgressReporter,
  summary: SyncSummary,
  jobs: Set<string>,
  e: SyncProgressEvent,
) {
  if (e.type === 'deleted-page') {
    summary.pages++;
    summary.credits++;
  } else if (e.type === 'deletions-incomplete') {
    progress.log(
      `Warning: the cursor (${e.since}) is older than Zoho keeps deletions (${e.retentionDays} days): some may be missing`,
    );
  } else {
    if (e.type === 'job' && !jobs.has(e.jobId)) {
      jobs.add(e.jobId);
      summary.credits += 50;
    }
    if (e.type === 'page-complete') summary.pages++;
    progress.set(exportEventFacts(e, progress.state, progress.now()));
  }
}

/** Runs one sync; used by the command (and the demo). */
export async function runSync(
  session: Session,
  clientSource: ClientSource,
  module: string,
  flags: SyncFlags,
): Promise<SyncSummary> {
  const { ctx } = session;
  const statePath = resolve(ctx.cwd, flags.state);
  const state = await loadState(statePath);
  const query = await buildExportQuery(module, flags, ctx.cwd);
  if (query.cvid !== undefined) throw usageError('sync does not take a custom view');
  const client = await getClient(clientSource);
  const resume = state.checkpoint;
  if (resume) session.note(`Continuing the sync interrupted at ${resume.export?.totalRecords ?? 0} records`);
  const out =
    flags.out === undefined
      ? ctx.stdout
      : createWriteStream(resolve(ctx.cwd, flags.out), { flags: resume ? 'a' : 'w' });
  const summary: SyncSummary = { upserts: 0, deletes: 0, pages: 0, credits: 0 };
  const jobs = new Set<string>();
  const progress = session.progress(module);
  let next: SyncCursor | undefined;
  try {
    const events = client.bulkRead.changes(
      { module: query.module, fields: query.fields, criteria: query.criteria, since: state.cursor },
      {
        signal: ctx.signal,
        onProgress: (e) => onSyncProgress(progress, summary, jobs, e),
        // the lines a checkpoint counts reach the file before the checkpoint does
        onCheckpoint: async (checkpoint) => {
          await new Promise<void>((done, fail) => out.write('', (error) => (error ? fail(error) : done())));
          await saveState(statePath, { version: 1, cursor: state.cursor, checkpoint });
        },
        onCursor: (cursor) => {
          next = cursor;
        },
        ...(resume ? { resume } : {}),
      },
    );
    for await (const event of events) {
      if (!out.write(syncLine(event))) await once(out, 'drain');
      if (event.type === 'upsert') summary.upserts++;
      else summary.deletes++;
      progress.add();
    }
  } finally {
    progress.stop();
    if (out !== ctx.stdout) await new Promise<void>((done) => out.end(done));
  }
  if (next) await saveState(statePath, { version: 1, cursor: next });
  return summary;
}

const HELP = `
Operators for --where: ${WHERE_OPERATORS.join(' ')} (several --where are and-ed).
A first run (no state file) writes every record as an upsert; later runs write what changed
since the cursor in the state file, deletions included. A record may appear in two consecutive
runs: apply lines as upserts by Id. An interrupted run leaves the cursor where it was; rerun the
same line to continue.

Examples:
  $ zoho-bulk sync Contacts --state contacts.sync.json --out changes.ndjson
  $ zoho-bulk sync Leads --state leads.sync.json --fields Last_Name,Email --where 'Lead_Source = Web'
`;

export function registerSync(program: Command, action: ActionFactory): void {
  program
    .command('sync')
    .description('what changed in a module since the last run (upserts and deletions) as NDJSON')
    .argument('<module>', 'module API name, e.g. Contacts')
    .requiredOption('--state <file>', 'the cursor between runs (and a checkpoint during one)')
    .option('--out <file>', 'write to a file instead of stdout')
    .option('--fields <list>', 'comma-separated field API names (default: all fields)')
    .option('--criteria <json|@file>', 'Zoho criteria object, inline JSON or @path')
    .option('--where <expression>', "filter 'Field op value' (repeatable)", collect)
    .addHelpText('after', HELP)
    .action(
      action<SyncFlags>(async (session, [module], flags) => {
        const s = await runSync(session, () => session.client(), module as string, flags);
        session.note(
          `Synced ${module}: ${s.upserts} upserts, ${s.deletes} deletes, ${s.pages} pages, ~${s.credits} credits`,
        );
        return ExitCode.OK;
      }),
    );
}
