/**
 * `bulkWrite.check(params, opts)`: a dry run of `import(params, opts)`. It reads every record,
 * runs the import's own pre-flight (fields, column check, row checker) and its own file splitter
 * over the rows the import would send, and uploads nothing: the files and jobs the import would
 * make, the API credits they would cost, every column problem and every row Zoho would skip.
 */

import { type CheckedImport, checkImport } from '../check-import.js';
import { batchFamilies, type Family } from '../families.js';
import type { BulkWriteImportOptions, BulkWriteImportParams, ImportDeps } from '../import-params.js';
import { openRecords } from '../record-buffer.js';
import { openFamilies } from '../run-families.js';
import { chunkRecords } from '../split-into-files.js';
import type { ColumnProblem } from './column-check.js';
import { sendFamily } from './family-screen.js';
import { type PreparedImport, prepareImport } from './prepare.js';
import type { CheckedRow, RowProblem } from './row-check.js';
import { screenRecords } from './screen.js';

/** API credits Zoho charges to create one bulk-write job ("Bulk Write Initialize"). */
export const CREDITS_PER_JOB = 500;

/** What `bulkWrite.check` reports. */
export interface BulkWriteCheckReport {
  /** Records read (parent records, for a parent-child import). */
  records: number;
  /** Child rows read, for a parent-child import (`children`). */
  childRows?: number;
  /** Upload files the import would make (one job each). */
  files: number;
  /** Bulk-write jobs the import would create. */
  jobs: number;
  /**
   * API credits of those jobs: 500 per job, Zoho's published cost of "Bulk Write Initialize" (the
   * only bulk-write cost Zoho states; the upload and the status reads cost a few more).
   */
  credits: number;
  /** Whether the module's fields were read (false: `preflight` off, or `'auto'` without metadata). */
  fieldsRead: boolean;
  problems: {
    /** Columns the import would refuse before uploading. */
    columns: ColumnProblem[];
    /**
     * Every value Zoho would skip its row for (`code`: Zoho's), in input order. A child row's
     * problem has `child: { key, position }` (the parent's `index`); every child row of a parent
     * with a problem has a `parent_skipped` problem (MANDATORY_NOT_FOUND on `Parent_Id`), as Zoho
     * skips it.
     */
    rows: RowProblem[];
    /** Values Zoho takes but the field does not list (picklist values): not skipped. */
    warnings: RowProblem[];
  };
  /** Rows with at least one problem, child rows included (each is skipped by Zoho, or held back by `preflight: 'rows'`). */
  rowsWithProblems: number;
  /** Problems per code: column codes (`UNKNOWN_FIELD` …), row codes (`INVALID_DATA` …) and `not_listed` warnings. */
  counts: Record<string, number>;
}

function count(report: BulkWriteCheckReport, code: string): void {
  report.counts[code] = (report.counts[code] ?? 0) + 1;
}

/** Adds a judged row's problems and warnings to the report. */
function judged(report: BulkWriteCheckReport, row: CheckedRow): void {
  for (const p of row.problems) count(report, p.code);
  for (const w of row.warnings) count(report, w.rule);
  report.problems.rows.push(...row.problems);
  report.problems.warnings.push(...row.warnings);
  if (row.problems.length > 0) report.rowsWithProblems++;
}

/** Rows the import would not send: held back by `preflight: 'rows'`, or a value with no CSV form (it stops the import). */
function holdOf(checked: CheckedImport): (row: CheckedRow) => boolean {
  const holdBack = checked.preflight === 'rows';
  return (row) => row.problems.length > 0 && (holdBack || row.problems.some((p) => p.rule === 'no_csv_form'));
}

function emptyReport(): BulkWriteCheckReport {
  return {
    records: 0,
    files: 0,
    jobs: 0,
    credits: 0,
    fieldsRead: false,
    problems: { columns: [], rows: [], warnings: [] },
    rowsWithProblems: 0,
    counts: {},
  };
}

/** Dry run of `import(params, opts)`: reads every record, uploads nothing. */
export async function runCheck(
  deps: ImportDeps,
  params: BulkWriteImportParams,
  opts: BulkWriteImportOptions = {},
): Promise<BulkWriteCheckReport> {
  const checked: CheckedImport = checkImport(params, opts);
  if (params.children !== undefined) return runFamilyCheck(deps, checked, opts);
  opts.signal?.throwIfAborted();
  const report = emptyReport();
  const records = await openRecords(checked.records);
  if (records === undefined) return report;
  let prepared: PreparedImport;
  try {
    prepared = await prepareImport(deps, params, checked, records.first, opts.signal);
  } catch (error) {
    await records.close();
    throw error;
  }
  report.fieldsRead = prepared.checker !== undefined;
  report.problems.columns = prepared.columnProblems;
  for (const p of prepared.columnProblems) count(report, p.code);
  const hold = holdOf(checked);
  const sent = screenRecords(records.all(), prepared.checker, (_index, _record, row) => {
    report.records++;
    if (row !== undefined) judged(report, row);
    return row === undefined || !hold(row);
  });
  const files = chunkRecords(sent, {
    columns: prepared.plan.columns,
    dateFormats: prepared.plan.dateFormats,
    maxRows: checked.maxRows,
    signal: opts.signal,
  });
  for await (const _file of files) report.files++;
  report.jobs = report.files;
  report.credits = report.jobs * CREDITS_PER_JOB;
  return report;
}

/**
 * Dry run of a parent-child import: the same pre-flight (parent and child modules), the same
 * family batching (one job and one zip per batch), nothing uploaded.
 */
async function runFamilyCheck(
  deps: ImportDeps,
  checked: CheckedImport,
  opts: BulkWriteImportOptions,
): Promise<BulkWriteCheckReport> {
  const report = emptyReport();
  let childRows = 0;
  const opened = await openFamilies(deps, checked, opts, false);
  if (opened === undefined) return report;
  const hold = holdOf(checked);
  async function* sent(): AsyncGenerator<Family> {
    for await (const { family, screened } of opened!.families()) {
      report.records++;
      for (const rows of Object.values(family.children)) childRows += rows.length;
      if (screened === undefined) {
        yield family;
        continue;
      }
      judged(report, screened.parent);
      for (const rows of Object.values(screened.children)) for (const row of rows) judged(report, row);
      const out = sendFamily(screened, hold);
      if (out.local === undefined) yield out.family;
    }
  }
  for await (const _batch of batchFamilies(sent(), {
    maxRows: checked.maxRows,
    maxChildRows: opened.maxChildRows,
  })) {
    report.jobs++;
  }
  report.childRows = childRows;
  report.files = report.jobs; // one zip per job
  report.credits = report.jobs * CREDITS_PER_JOB;
  report.fieldsRead = opened.preflight?.fieldsRead ?? false;
  report.problems.columns = opened.preflight?.columnProblems ?? [];
  const rowCounts = report.counts; // column codes first, as for a plain import
  report.counts = {};
  for (const p of report.problems.columns) count(report, p.code);
  Object.assign(report.counts, rowCounts);
  return report;
}
