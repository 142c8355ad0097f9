/**
 * `zoho-bulk job read|write <id> [--wait] [--json]` and `zoho-bulk job mass-update <module> <id>`:
 * a job's state and counts, optionally after waiting for it to finish.
 */
import type { Command } from 'commander';
import type { BulkReadJob, BulkWriteJob, MassUpdateStatus, WaitCallOptions } from '../client-types.js';
import { ExitCode } from '../exit-codes.js';
import type { Session } from '../session.js';
import type { ActionFactory } from './action.js';

export interface JobFlags {
  wait?: boolean;
  json?: boolean;
}

const moduleName = (m: { api_name?: string | undefined } | string | undefined): string =>
  typeof m === 'string' ? m : (m?.api_name ?? '?');

export function describeReadJob(job: BulkReadJob): string[] {
  const lines = [`Bulk read job ${job.id}: ${job.state}`];
  const details = [`module ${moduleName(job.query?.module)}`];
  const page = job.result?.page ?? job.query?.page;
  if (page !== undefined) details.push(`page ${page}`);
  if (job.result?.count !== undefined) details.push(`records ${job.result.count}`);
  if (job.result?.more_records !== undefined)
    details.push(`more records: ${job.result.more_records ? 'yes' : 'no'}`);
  lines.push(`  ${details.join(', ')}`);
  if (job.result?.download_url) lines.push(`  download: ${job.result.download_url}`);
  return lines;
}

export function describeWriteJob(job: BulkWriteJob): string[] {
  const lines = [`Bulk write job ${job.id}: ${job.status}${job.operation ? ` (${job.operation})` : ''}`];
  for (const r of job.resource ?? []) {
    const f = r.file ?? {};
    lines.push(
      `  ${moduleName(r.module)}: ${r.status ?? '?'}; added ${f.added_count ?? 0}, updated ${f.updated_count ?? 0}, skipped ${f.skipped_count ?? 0}, total ${f.total_count ?? 0}`,
    );
  }
  if (job.result?.download_url) lines.push(`  results: ${job.result.download_url}`);
  return lines;
}

export function describeMassUpdate(jobId: string, s: MassUpdateStatus): string[] {
  const n = (v: number | undefined) => (v ?? 0).toLocaleString('en-US');
  return [
    `Mass update job ${jobId}: ${s.Status}`,
    `  updated ${n(s.Updated_Count)}, failed ${n(s.Failed_Count)}, not updated ${n(s.Not_Updated_Count)}, total ${n(s.Total_Count)}`,
  ];
}

/** Gets the job (or waits for it, with progress), prints it, returns it. */
async function showJob<Job>(
  session: Session,
  flags: JobFlags,
  label: string,
  get: () => Promise<Job>,
  wait: (options: WaitCallOptions<Job>) => Promise<Job>,
  describe: (job: Job) => string[],
): Promise<Job> {
  let job: Job;
  if (flags.wait) {
    const progress = session.progress(label);
    try {
      job = await wait({ signal: session.ctx.signal, onProgress: (j) => progress.event(j) });
    } finally {
      progress.stop();
    }
  } else {
    job = await get();
  }
  if (flags.json) session.out(JSON.stringify(job, null, 2));
  else for (const line of describe(job)) session.out(line);
  return job;
}

const HELP = `
Examples:
  $ zoho-bulk job read 4876876000001294251
  $ zoho-bulk job write 4876876000000890075 --wait
  $ zoho-bulk job mass-update Leads 4876876000000506003 --wait --json
`;

export function registerJob(program: Command, action: ActionFactory): void {
  const job = program
    .command('job')
    .description('show the state and counts of a bulk read, bulk write or mass update job')
    .addHelpText('after', HELP);

  const common = (cmd: Command): Command =>
    cmd.option('--wait', 'wait until the job finishes').option('--json', "print Zoho's job object as JSON");

  common(job.command('read').description('a bulk read (export) job').argument('<id>', 'job id'))
    .addHelpText('after', '\nExample:\n  $ zoho-bulk job read 4876876000001294251 --wait\n')
    .action(
      action<JobFlags>(async (session, [id], flags) => {
        const client = await session.client();
        const jobId = id as string;
        await showJob(
          session,
          flags,
          `read job ${jobId}`,
          () => client.bulkRead.get(jobId),
          (o) => client.bulkRead.waitFor(jobId, o),
          describeReadJob,
        );
        return ExitCode.OK;
      }),
    );

  common(job.command('write').description('a bulk write (import) job').argument('<id>', 'job id'))
    .addHelpText('after', '\nExample:\n  $ zoho-bulk job write 4876876000000890075 --wait\n')
    .action(
      action<JobFlags>(async (session, [id], flags) => {
        const client = await session.client();
        const jobId = id as string;
        await showJob(
          session,
          flags,
          `write job ${jobId}`,
          () => client.bulkWrite.get(jobId),
          (o) => client.bulkWrite.waitFor(jobId, o),
          describeWriteJob,
        );
        return ExitCode.OK;
      }),
    );

  common(
    job
      .command('mass-update')
      .description('a scheduled mass update job')
      .argument('<module>', 'module API name')
      .argument('<id>', 'job id'),
  )
    .addHelpText('after', '\nExample:\n  $ zoho-bulk job mass-update Leads 4876876000000506003 --wait\n')
    .action(
      action<JobFlags>(async (session, [module, id], flags) => {
        const client = await session.client();
        const [name, jobId] = [module as string, id as string];
        const status = await showJob(
          session,
          flags,
          `mass update ${jobId}`,
          () => client.massUpdate.get(name, jobId),
          (o) => client.massUpdate.waitFor(name, jobId, o),
          (s) => describeMassUpdate(jobId, s),
        );
        return (status.Failed_Count ?? 0) > 0 ? ExitCode.PARTIAL : ExitCode.OK;
      }),
    );
}
