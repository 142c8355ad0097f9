/**
 * `zoho-bulk demo` (also `npm run demo`): the whole tool against FakeZoho on 127.0.0.1, served from a
 * worker thread (`demo-fake.ts`) — export 450,000 Contacts (3 pages) to NDJSON with the progress bar, import 30,000 Leads
 * from a generated CSV (2 bulk-write jobs: 25,000 + 5,000) with a few rows Zoho skips, a dry run
 * of a small Contacts import that names the rows the import then skips, a mass
 * update over a custom view, two incremental syncs of Leads with changes in between, then timings
 * and peak memory.
 */
import { mkdir, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliClient } from '../client-types.js';
import { ExitCode } from '../exit-codes.js';
import { csvLine } from '../output/csv-writer.js';
import { FileSink } from '../output/sink.js';
import { parseCount, parseDuration } from '../parse-values.js';
import type { Session } from '../session.js';
import type { ActionFactory } from './action.js';
import { demoDryRun } from './demo-dry-run.js';
import { type DemoFake, startDemoFake } from './demo-fake.js';
import { demoSync } from './demo-sync.js';
import { runExport } from './export.js';
import { printImportSummary, runImport } from './import.js';
import { printMassUpdate, runMassUpdate } from './mass-update.js';

export interface DemoFlags {
  contacts?: string;
  leads?: string;
  outDir?: string;
  latency?: string;
}

/** The demo's custom view over every Lead (mass update target). */
export const DEMO_CVID = '4876876000000087501';

/** Every 500th row lacks the mandatory Last_Name; every 1000th repeats the previous row's Email. */
export async function writeDemoLeads(
  path: string,
  count: number,
): Promise<{ missingLastName: number; duplicates: number }> {
  const sink = await FileSink.open(path);
  let missingLastName = 0;
  let duplicates = 0;
  await sink.write(csvLine(['Last_Name', 'First_Name', 'Company', 'Email', 'Lead_Source', 'Phone']));
  for (let i = 0; i < count; i++) {
    const missing = i % 500 === 17;
    const duplicate = i % 1000 === 999;
    if (missing) missingLastName++;
    if (duplicate) duplicates++;
    const emailRow = duplicate ? i - 1 : i;
    const wait = sink.write(
      csvLine([
        missing ? '' : `Demo-${i}`,
        i % 3 === 0 ? 'Ana' : 'Bo',
        `Company ${i % 997}`,
        `lead${emailRow}@demo.example`,
        i % 2 === 0 ? 'Web Download' : 'Trade Show',
        `555-${String(i % 10_000).padStart(4, '0')}`,
      ]),
    );
    if (wait) await wait;
  }
  await sink.close();
  return { missingLastName, duplicates };
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const n = (value: number): string => value.toLocaleString('en-US');
const plural = (count: number, noun: string): string => `${n(count)} ${noun}${count === 1 ? '' : 's'}`;

/** Peak RSS so far (it only grows), shown per step to tell which one needed the memory. */
const peak = (): string => mb(process.resourceUsage().maxRSS * 1024);

interface DemoCheck {
  ok: boolean;
  text: string;
}

/** What each demo step needs: where to print and write, and where its summary line and checks go. */
interface DemoRun {
  session: Session;
  client: CliClient;
  outDir: string;
  shown: (path: string) => string;
  steps: string[];
  check: (ok: boolean, text: string) => void;
}

export async function runDemo(session: Session, flags: DemoFlags): Promise<number> {
  const { ctx } = session;
  const contacts = flags.contacts === undefined ? 450_000 : parseCount(flags.contacts, '--contacts');
  const leads = flags.leads === undefined ? 30_000 : parseCount(flags.leads, '--leads');
  const latency = flags.latency === undefined ? 300 : parseDuration(flags.latency, '--latency');
  const outDir = resolve(ctx.cwd, flags.outDir ?? 'demo-output');
  const shown = (p: string): string => relative(ctx.cwd, p) || p;
  await mkdir(outDir, { recursive: true });

  const t0 = ctx.now();
  const fake = await startDemoFake({ contacts, leads: 1000, latency, cvid: DEMO_CVID });
  const client = await connectDemoClient(session, fake, latency).catch(async (error: unknown) => {
    await fake.close(); // the fake's worker thread would otherwise keep the process alive
    throw error;
  });
  session.out(`FakeZoho on ${fake.url}: ${n(contacts)} Contacts, 1,000 Leads, job latency ${latency} ms`);

  const steps: string[] = [];
  const checks: DemoCheck[] = [];
  const check = (ok: boolean, text: string) => checks.push({ ok, text });
  const run: DemoRun = { session, client, outDir, shown, steps, check };
  let exitCode: number = ExitCode.OK;
  try {
    await demoExport(run, contacts);
    const added = await demoImport(run, leads);
    const dry = await demoDryRun(session, client, { outDir, shown });
    steps.push(`${dry.step}  max RSS ${peak()}`);
    for (const c of dry.checks) check(c.ok, c.text);
    exitCode = await demoMassUpdate(run, added);

    // 4. Incremental sync (the fake's clock moves an hour before each run)
    const synced = await demoSync(session, client, fake, { outDir, shown, imported: added });
    steps.push(`${synced.step}  max RSS ${peak()}`);
    for (const c of synced.checks) check(c.ok, c.text);
  } finally {
    await client.close();
    await fake.close();
  }
  return printDemoReport(session, t0, steps, checks, exitCode);
}

/** A client of the fake, whose credentials are redacted like real ones. */
async function connectDemoClient(session: Session, fake: DemoFake, latency: number): Promise<CliClient> {
  const { url } = fake;
  const { clientId, clientSecret, refreshToken } = fake.credentials;
  // The fake's own credentials, but treated like real ones: nothing prints them.
  session.redactor.add(clientSecret);
  session.redactor.add(refreshToken);
  const logger = session.logger();
  // The fake's jobs take `latency`: poll at a third of it, without backoff.
  const every = Math.max(50, Math.round(latency / 3));
  return await session.ctx.createClient({
    ...(logger ? { logger } : {}),
    auth: { clientId, clientSecret, refreshToken },
    apiDomain: url,
    accountsDomain: url,
    uploadDomain: url,
    poll: { interval: every, maxInterval: every },
  });
}

/** 1. Export every Contact to NDJSON. */
async function demoExport(run: DemoRun, contacts: number): Promise<void> {
  const { session, client, outDir, shown, steps, check } = run;
  session.out('');
  const pages = Math.max(1, Math.ceil(contacts / 200_000));
  session.out(`1. Export every Contact (${plural(pages, 'page')} of up to 200,000) to NDJSON`);
  const contactsPath = join(outDir, 'contacts.ndjson');
  const exported = await runExport(session, client, 'Contacts', { out: contactsPath, format: 'ndjson' });
  const size = (await stat(contactsPath)).size;
  session.out(
    `   ${n(exported.records)} records → ${shown(contactsPath)} (${mb(size)}) in ${exported.seconds.toFixed(1)} s`,
  );
  steps.push(
    `export       ${n(exported.records).padStart(9)} Contacts → ${shown(contactsPath)} (${mb(size)})  ${exported.seconds.toFixed(1)} s, max RSS ${peak()}`,
  );
  check(exported.records === contacts, `${n(exported.records)} records exported of ${n(contacts)} Contacts`);
}

/** 2. Import the generated Leads CSV; returns how many were ADDED. */
async function demoImport(run: DemoRun, leads: number): Promise<number> {
  const { session, client, outDir, shown, steps, check } = run;
  session.out('');
  const leadsPath = join(outDir, 'leads.csv');
  const made = await writeDemoLeads(leadsPath, leads);
  const bad = made.missingLastName + made.duplicates;
  session.out(
    `2. Import ${n(leads)} Leads from ${shown(leadsPath)} (${plural(made.missingLastName, 'row')} without Last_Name, ${plural(made.duplicates, 'repeated email')})`,
  );
  const resultsPath = join(outDir, 'leads-results.csv');
  const imported = await runImport(session, client, 'Leads', leadsPath, {
    operation: 'insert',
    results: resultsPath,
  });
  printImportSummary(session, imported);
  const counts = [...imported.counts].map(([status, count]) => `${status} ${n(count)}`).join(', ');
  steps.push(
    `import       ${n(imported.rows).padStart(9)} Leads in ${plural(imported.jobs.length, 'job')}: ${counts}  ${imported.seconds.toFixed(1)} s, max RSS ${peak()}`,
  );
  const added = imported.counts.get('ADDED') ?? 0;
  const skipped = imported.counts.get('SKIPPED') ?? 0;
  check(
    added + skipped === leads && imported.rows === leads,
    `${n(added)} ADDED + ${n(skipped)} SKIPPED = ${n(added + skipped)} of ${n(leads)} rows`,
  );
  check(
    skipped === bad,
    `${n(skipped)} SKIPPED = ${made.missingLastName} without Last_Name + ${plural(made.duplicates, 'repeated email')}`,
  );
  return added;
}

/** 3. Mass update every Lead through the custom view; returns the exit code of the update. */
async function demoMassUpdate(run: DemoRun, added: number): Promise<number> {
  const { session, client, steps, check } = run;
  session.out('');
  session.out(`3. Mass update: Lead_Status=Contacted on the custom view ${DEMO_CVID} (all Leads)`);
  const started = session.ctx.now();
  const outcome = await runMassUpdate(session, client, 'Leads', {
    set: ['Lead_Status=Contacted'],
    cvid: DEMO_CVID,
    wait: true,
  });
  const exitCode = printMassUpdate(session, 'Leads', outcome);
  const seconds = (session.ctx.now() - started) / 1000;
  const updated = outcome.mode === 'cvid' ? (outcome.status?.Updated_Count ?? 0) : outcome.updated;
  steps.push(
    `mass update  ${n(updated).padStart(9)} Leads → Lead_Status=Contacted  ${seconds.toFixed(1)} s, max RSS ${peak()}`,
  );
  check(updated === 1000 + added, `${n(updated)} Leads updated = 1,000 + ${n(added)} imported`);
  return exitCode;
}

/** The timings, the per-step lines and the checks; a failed check makes the exit code UNEXPECTED. */
function printDemoReport(
  session: Session,
  t0: number,
  steps: string[],
  checks: DemoCheck[],
  exitCode: number,
): number {
  session.out('');
  session.out(
    `Demo finished in ${((session.ctx.now() - t0) / 1000).toFixed(1)} s; peak memory (max RSS) ${peak()}`,
  );
  for (const step of steps) session.out(`  ${step}`);
  session.out('Checks:');
  for (const c of checks) session.out(`  ${c.ok ? '✓' : '✗'} ${c.text}`);
  if (checks.some((c) => !c.ok)) {
    session.warn('the demo produced counts that do not add up (a bug: please report it)');
    return ExitCode.UNEXPECTED;
  }
  return exitCode;
}

const HELP = `
Everything runs locally against FakeZoho; nothing is sent to Zoho. Files go to ./demo-output.

Examples:
  $ zoho-bulk demo
  $ zoho-bulk demo --contacts 20000 --leads 3000 --latency 100ms
`;

export function registerDemo(program: Command, action: ActionFactory): void {
  program
    .command('demo')
    .description('export, import and mass update against a built-in fake Zoho (no account needed)')
    .option('--contacts <n>', 'Contacts to export', '450000')
    .option('--leads <n>', 'Leads to import', '30000')
    .option('--out-dir <dir>', 'where the files go', 'demo-output')
    .option('--latency <duration>', 'how long each fake job runs', '300ms')
    .addHelpText('after', HELP)
    .action(action<DemoFlags>(async (session, _args, flags) => runDemo(session, flags)));
}
