/**
 * What `import` reports: a results CSV (`row`, `status`, `record_id`, `errors`) with one line per
 * input row, and a tally per status with a few example errors for the summary.
 */
import type { BulkWriteRowResult } from './client-types.js';
import { csvLine } from './output/csv-writer.js';
import { FileSink } from './output/sink.js';

/** Statuses that mean the row was written. */
export const SUCCESS_STATUSES: ReadonlySet<string> = new Set(['ADDED', 'UPDATED']);

/** `[{code:'MANDATORY_NOT_FOUND', fields:['Company','Last_Name']}, {code:'DUPLICATE_DATA', fields:['Email']}]`
 *  → `MANDATORY_NOT_FOUND:Company|Last_Name; DUPLICATE_DATA:Email`. */
export function formatErrorsCell(errors: BulkWriteRowResult['errors']): string {
  return errors.map((e) => (e.fields.length === 0 ? e.code : `${e.code}:${e.fields.join('|')}`)).join('; ');
}

export interface ErrorExample {
  row: number;
  status: string;
  errors: string;
}

export class ImportTally {
  readonly counts = new Map<string, number>();
  readonly examples: ErrorExample[] = [];
  total = 0;

  constructor(private readonly maxExamples = 5) {}

  add(row: number, result: BulkWriteRowResult): void {
    this.total++;
    const status = result.status || 'UNKNOWN';
    this.counts.set(status, (this.counts.get(status) ?? 0) + 1);
    if (!SUCCESS_STATUSES.has(status) && this.examples.length < this.maxExamples) {
      this.examples.push({ row, status, errors: formatErrorsCell(result.errors) });
    }
  }

  /** Rows that were not ADDED/UPDATED. */
  get failed(): number {
    let n = 0;
    for (const [status, count] of this.counts) if (!SUCCESS_STATUSES.has(status)) n += count;
    return n;
  }

  /** `  ADDED        29,950` lines, most frequent first. */
  lines(): string[] {
    const entries = [...this.counts].sort((a, b) => b[1] - a[1]);
    const width = Math.max(...entries.map(([s]) => s.length), 6);
    return entries.map(
      ([status, count]) => `  ${status.padEnd(width)}  ${count.toLocaleString('en-US').padStart(10)}`,
    );
  }
}

export class ResultsFile {
  private constructor(private readonly sink: FileSink) {}

  static async open(path: string): Promise<ResultsFile> {
    const sink = await FileSink.open(path);
    await sink.write(csvLine(['row', 'status', 'record_id', 'errors']));
    return new ResultsFile(sink);
  }

  write(row: number, result: BulkWriteRowResult): void | Promise<void> {
    return this.sink.write(
      csvLine([String(row), result.status, result.recordId ?? '', formatErrorsCell(result.errors)]),
    );
  }

  close(): Promise<void> {
    return this.sink.close();
  }
}
