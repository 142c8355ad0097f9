/**
 * `bulkWrite.check(params, opts)`: a dry run of `import(params, opts)`. It reads every record,
 * runs the import's own pre-flight (fields, column check, row checker) and its own file splitter
 * over the rows the import would send, and uploads nothing: the files and jobs the import would
 * make, the API credits they would cost, every column problem and every row Zoho would skip.
 */
import { type CheckedImport, checkImport, importInputError } from '../check-import.js';
import type { BulkWriteImportOptions, BulkWriteImportParams, ImportDeps } from '../import-params.js';
import { openRecords } from '../record-buffer.js';
import { chunkRecords } from '../split-into-files.js';
import type { ColumnProblem } from './column-check.js';
import { prepareImport } from './prepare.js';
import type { RowProblem } from './row-check.js';
import { screenRecords } from './screen.js';

/** API credits Zoho charges to create one bulk-write job ("Bulk Write Initialize"). */
export const CREDITS_PER_JOB = 500;

/** What `bulkWrite.check` reports. */
export interface BulkWriteCheckReport {
  /** Records read. */
  records: number;
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
    /** Every value Zoho would skip its row for (`code`: Zoho's), in input order. */
    rows: RowProblem[];
    /** Values Zoho takes but the field does not list (picklist values): not skipped. */
    warnings: RowProblem[];
  };
  /** Rows with at least one problem (each is skipped by Zoho, or held back by `preflight: 'rows'`). */
  rowsWithProblems: number;
  /** Problems per code: column codes (`UNKNOWN_FIELD` …), row codes (`INVALID_DATA` …) and `not_listed` warnings. */
  counts: Record<string, number>;
}

function count(report: BulkWriteCheckReport, code: string): void {
  report.counts[code] = (report.counts[code] ?? 0) + 1;
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
  if (params.children !== undefined) {
    throw importInputError(
      ['children'],
      'check() does not cover parent-child imports yet: run import() with preflight',
    );
  }
  opts.signal?.throwIfAborted();
  const report = emptyReport();
  const records = await openRecords(checked.records);
  if (records === undefined) return report;
  const prepared = await prepareImport(deps, params, checked, records.first, opts.signal);
  report.fieldsRead = prepared.checker !== undefined;
  report.problems.columns = prepared.columnProblems;
  for (const p of prepared.columnProblems) count(report, p.code);
  const holdBack = checked.preflight === 'rows';
  const sent = screenRecords(records.all(), prepared.checker, (_index, _record, row) => {
    report.records++;
    if (row === undefined) return true;
    for (const p of row.problems) count(report, p.code);
    for (const w of row.warnings) count(report, w.rule);
    report.problems.rows.push(...row.problems);
    report.problems.warnings.push(...row.warnings);
    if (row.problems.length === 0) return true;
    report.rowsWithProblems++;
    // A value with no CSV form would stop the import; the others are sent unless held back.
    return !holdBack && !row.problems.some((p) => p.rule === 'no_csv_form');
  });
  const files = chunkRecords(sent, {
    columns: prepared.plan.columns,
    dateFormats: prepared.plan.dateFormats,
    maxRows: checked.maxRows,
    ...(opts.signal === undefined ? {} : { signal: opts.signal }),
  });
  for await (const _file of files) report.files++;
  report.jobs = report.files;
  report.credits = report.jobs * CREDITS_PER_JOB;
  return report;
}
