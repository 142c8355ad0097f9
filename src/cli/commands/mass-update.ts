/**
 * `zoho-bulk mass-update <module> --set Field=value (--cvid id | --ids file) [--wait]`.
 * cvid mode schedules one Zoho job (up to 50,000 records); ids mode updates at once, 500 ids per
 * request, and reports each id.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { MassUpdateBody, MassUpdateRowResult, MassUpdateStatus } from '../client-types.js';
import { ExitCode, usageError } from '../exit-codes.js';
import { collect, parsePair } from '../parse-values.js';
import type { Session } from '../session.js';
import { type ActionFactory, type ClientSource, getClient } from './action.js';
import { describeMassUpdate } from './job.js';

/** Zoho's limit of ids per non-scheduled mass update. */
export const IDS_PER_REQUEST = 500;

export interface MassUpdateFlags {
  set?: string[];
  cvid?: string;
  ids?: string;
  wait?: boolean;
  overWrite?: boolean;
}

export type MassUpdateOutcome =
  | { mode: 'cvid'; jobId: string; status: MassUpdateStatus | undefined }
  | { mode: 'ids'; total: number; updated: number; failed: MassUpdateRowResult[] };

/** `Field=text` sets a string; `Field:=json` sets a JSON value (number, boolean, array, null). */
export function parseAssignments(items: readonly string[] | undefined): Record<string, unknown> {
  if (!items || items.length === 0) throw usageError('mass-update needs --set Field=value');
  const data: Record<string, unknown> = {};
  for (const item of items) {
    const [key, raw] = parsePair(item, '--set', 'Field=value or Field:=<json>');
    if (key.endsWith(':')) {
      const field = key.slice(0, -1).trim();
      try {
        data[field] = JSON.parse(raw);
      } catch {
        throw usageError(`--set '${item}': the value after := must be JSON`);
      }
    } else {
      data[key] = raw;
    }
  }
  return data;
}

/** One id per line; blank lines, a header line (`id`, `Id`, `RECORD_ID`) and extra CSV columns are ignored. */
export function parseIdsFile(text: string): string[] {
  const ids: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const cell = (line.split(',')[0] ?? '').trim().replace(/^"|"$/g, '');
    if (cell === '') continue;
    if (/^\d+$/.test(cell)) ids.push(cell);
    else if (ids.length > 0 || !/^[A-Za-z_ ]+$/.test(cell))
      throw usageError(`--ids file: '${cell}' is not a record id`);
  }
  return ids;
}

function checkMode(flags: MassUpdateFlags): 'cvid' | 'ids' {
  if ((flags.cvid === undefined) === (flags.ids === undefined)) {
    throw usageError('give exactly one of --cvid <id> or --ids <file>');
  }
  return flags.cvid === undefined ? 'ids' : 'cvid';
}

export async function runMassUpdate(
  session: Session,
  clientSource: ClientSource,
  module: string,
  flags: MassUpdateFlags,
): Promise<MassUpdateOutcome> {
  const { ctx } = session;
  const mode = checkMode(flags);
  const data = parseAssignments(flags.set);
  let ids: string[] = [];
  if (mode === 'ids') {
    const path = resolve(ctx.cwd, flags.ids as string);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw usageError(`Cannot read --ids file ${path}: ${(error as NodeJS.ErrnoException).code ?? ''}`);
    }
    ids = parseIdsFile(text);
    if (ids.length === 0) throw usageError(`--ids file ${path} holds no record ids`);
  }
  const client = await getClient(clientSource);
  const base: Omit<MassUpdateBody, 'ids' | 'cvid'> = { data: [data] };
  if (flags.overWrite) base.over_write = true;

  if (mode === 'cvid') {
    const { job_id: jobId } = await client.massUpdate.create(
      module,
      { ...base, cvid: flags.cvid as string },
      { signal: ctx.signal },
    );
    if (!flags.wait) return { mode, jobId, status: undefined };
    const progress = session.progress(`${module} mass update`);
    try {
      const status = await client.massUpdate.waitFor(module, jobId, {
        signal: ctx.signal,
        onProgress: (status) => {
          progress.event(status);
          if (status.Updated_Count !== undefined) progress.add(status.Updated_Count - progress.state.records);
        },
      });
      return { mode, jobId, status };
    } finally {
      progress.stop();
    }
  }

  const progress = session.progress(`${module} mass update`);
  progress.set({ total: ids.length });
  const failed: MassUpdateRowResult[] = [];
  let updated = 0;
  try {
    for (let i = 0; i < ids.length; i += IDS_PER_REQUEST) {
      ctx.signal.throwIfAborted();
      const chunk = ids.slice(i, i + IDS_PER_REQUEST);
      const { results } = await client.massUpdate.create(
        module,
        { ...base, ids: chunk },
        { signal: ctx.signal },
      );
      for (const r of results) {
        if (r.status === 'success') updated++;
        else failed.push(r);
      }
      progress.add(chunk.length);
    }
  } finally {
    progress.stop();
  }
  return { mode, total: ids.length, updated, failed };
}

export function printMassUpdate(session: Session, module: string, outcome: MassUpdateOutcome): number {
  if (outcome.mode === 'cvid') {
    const { status } = outcome;
    if (status === undefined) {
      session.out(`Mass update job ${outcome.jobId} scheduled for ${module}`);
      session.out(`Check it with: zoho-bulk job mass-update ${module} ${outcome.jobId} --wait`);
      return ExitCode.OK;
    }
    for (const line of describeMassUpdate(outcome.jobId, status)) session.out(line);
    return (status.Failed_Count ?? 0) > 0 ? ExitCode.PARTIAL : ExitCode.OK;
  }
  session.out(`${module}: ${outcome.updated} of ${outcome.total} records updated`);
  for (const f of outcome.failed.slice(0, 5)) {
    session.out(`  ${f.id || '?'}: ${f.code || f.status}${f.message ? ` (${f.message})` : ''}`);
  }
  if (outcome.failed.length > 5) session.out(`  … and ${outcome.failed.length - 5} more`);
  return outcome.failed.length > 0 ? ExitCode.PARTIAL : ExitCode.OK;
}

const HELP = `
--set Field=value sets text; --set Field:=<json> sets a JSON value (--set 'Annual_Revenue:=1000',
--set 'Email_Opt_Out:=true'). Zoho allows 1 field per mass update (3 for Deals).
--cvid schedules a job for the records of a custom view (up to 50,000); --ids updates the ids
listed in a file (one per line) at once, 500 per request. Exit code 3 when some records failed.

Examples:
  $ zoho-bulk mass-update Leads --set Lead_Status=Contacted --cvid 4876876000000087501 --wait
  $ zoho-bulk mass-update Contacts --set 'Email_Opt_Out:=true' --ids ids.txt
`;

export function registerMassUpdate(program: Command, action: ActionFactory): void {
  program
    .command('mass-update')
    .description("set a field on many records: a custom view's records (job) or a list of ids")
    .argument('<module>', 'module API name, e.g. Leads')
    .option('--set <Field=value>', 'field to set (repeatable; Field:=json for non-text values)', collect)
    .option('--cvid <id>', 'update the records of this custom view (scheduled job)')
    .option('--ids <file>', 'update the record ids listed in this file')
    .option('--over-write', 'multi-select picklists: replace the values instead of appending')
    .option('--wait', 'with --cvid: wait for the job to finish and print its counts')
    .addHelpText('after', HELP)
    .action(
      action<MassUpdateFlags>(async (session, [module], flags) => {
        const outcome = await runMassUpdate(session, () => session.client(), module as string, flags);
        return printMassUpdate(session, module as string, outcome);
      }),
    );
}
