/**
 * `zoho-bulk import <module> <file> --dry-run`: `client.bulkWrite.check()` over the input file —
 * the files, jobs and API credits the import would take, the column problems and every row Zoho
 * would skip — printed as text (or JSON with `--json`); nothing is uploaded. Exit codes: 0 nothing
 * to report, 2 column problems (the import would be refused), 3 rows Zoho would skip.
 */
import type { BulkWriteCheckReport } from '../client-types.js';
import { ExitCode } from '../exit-codes.js';
import type { Session } from '../session.js';
import { type ClientSource, getClient } from './action.js';
import { checkImportFlags, type ImportFlags, importInput, preflightOption } from './import-input.js';

/** Row problems listed in the text report (the JSON report has them all). */
const SHOWN_ROWS = 20;

/** Runs the dry run; used by the command and by the demo. */
export async function runDryRun(
  session: Session,
  clientSource: ClientSource,
  module: string,
  file: string,
  flags: ImportFlags,
): Promise<BulkWriteCheckReport> {
  checkImportFlags(flags);
  const client = await getClient(clientSource);
  const progress = session.progress(`${module} dry run`, 'rows');
  try {
    const { params } = importInput(session, module, file, flags, progress);
    return await client.bulkWrite.check(params, { signal: session.ctx.signal, ...preflightOption(flags) });
  } finally {
    progress.stop();
  }
}

/** The exit code of a dry run: what the import itself would end with. */
export function dryRunExitCode(report: BulkWriteCheckReport): number {
  if (report.problems.columns.length > 0) return ExitCode.USAGE;
  return report.rowsWithProblems > 0 ? ExitCode.PARTIAL : ExitCode.OK;
}

/** `2`, or `2 Subform_1 3` for a child row (1-based, as the import's summary and results file count). */
const where = (p: BulkWriteCheckReport['problems']['rows'][number]): string =>
  p.child === undefined ? `${p.index + 1}` : `${p.index + 1} ${p.child.key} ${p.child.position + 1}`;

export function printDryRun(
  session: Session,
  module: string,
  report: BulkWriteCheckReport,
  json: boolean,
): void {
  if (json) {
    session.out(JSON.stringify(report, null, 2));
    return;
  }
  const n = (v: number) => v.toLocaleString('en-US');
  const children = report.childRows === undefined ? '' : ` (+ ${n(report.childRows)} child rows)`;
  session.out(
    `${module} (dry run, nothing uploaded): ${n(report.records)} rows${children} → ${n(report.files)} file${report.files === 1 ? '' : 's'}, ${n(report.jobs)} job${report.jobs === 1 ? '' : 's'}, ~${n(report.credits)} API credits`,
  );
  if (!report.fieldsRead) session.out('Fields not read: columns and values were not checked');
  for (const p of report.problems.columns) session.out(`  column ${p.column}: ${p.code} ${p.message}`);
  const counts = Object.entries(report.counts).map(([code, count]) => `${code} ${n(count)}`);
  if (counts.length > 0) session.out(`Problems: ${counts.join(', ')}`);
  session.out(`Rows Zoho would skip: ${n(report.rowsWithProblems)}`);
  for (const p of report.problems.rows.slice(0, SHOWN_ROWS)) {
    session.out(`  row ${where(p)} ${p.field}: ${p.code} ${p.message}`);
  }
  const more = report.problems.rows.length - SHOWN_ROWS;
  if (more > 0) session.out(`  … ${n(more)} more (--json lists them all)`);
  for (const w of report.problems.warnings.slice(0, SHOWN_ROWS)) {
    session.out(`  warning: row ${where(w)} ${w.field}: ${w.message}`);
  }
}
