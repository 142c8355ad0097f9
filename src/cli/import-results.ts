/**
 * What `import` reports: a results CSV (`row`, `status`, `record_id`, `errors`) with one line per
 * input row, and a tally per status with a few example errors for the summary.
 */
import type { BulkWriteRowResult, FamilyRowResult } from './client-types.js';
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
  /** A child row's key and 1-based position under its parent (parent-child imports). */
  child?: { key: string; row: number } | undefined;
  status: string;
  errors: string;
}

/** Counts per status, of parent rows and (parent-child imports) of child rows. */
export class ImportTally {
  readonly counts = new Map<string, number>();
  readonly childCounts = new Map<string, number>();
  readonly examples: ErrorExample[] = [];
  total = 0;

  constructor(private readonly maxExamples = 5) {}

  add(row: number, result: FamilyRowResult): void {
    this.total++;
    this.#count(this.counts, row, undefined, result);
    for (const [key, rows] of Object.entries(result.children ?? {})) {
      for (const [i, child] of rows.entries()) this.#count(this.childCounts, row, { key, row: i + 1 }, child);
    }
  }

  #count(
    counts: Map<string, number>,
    row: number,
    child: ErrorExample['child'],
    result: Omit<BulkWriteRowResult, 'index'>,
  ): void {
    const status = result.status || 'UNKNOWN';
    counts.set(status, (counts.get(status) ?? 0) + 1);
    if (!SUCCESS_STATUSES.has(status) && this.examples.length < this.maxExamples) {
      this.examples.push({ row, child, status, errors: formatErrorsCell(result.errors) });
    }
  }

  /** Rows, parent and child, that were not ADDED/UPDATED. */
  get failed(): number {
    let n = 0;
    for (const counts of [this.counts, this.childCounts])
      for (const [status, count] of counts) if (!SUCCESS_STATUSES.has(status)) n += count;
    return n;
  }

  /** `  ADDED        29,950` lines, most frequent first; then `Child rows:` and theirs. */
  lines(): string[] {
    const all = [...this.counts.keys(), ...this.childCounts.keys()];
    const width = Math.max(...all.map((s) => s.length), 6);
    const lines = (counts: ReadonlyMap<string, number>) =>
      [...counts]
        .sort((a, b) => b[1] - a[1])
        .map(([status, count]) => `  ${status.padEnd(width)}  ${count.toLocaleString('en-US').padStart(10)}`);
    if (this.childCounts.size === 0) return lines(this.counts);
    return [...lines(this.counts), 'Child rows:', ...lines(this.childCounts)];
  }
}

export class ResultsFile {
  private constructor(
    private readonly sink: FileSink,
    private readonly children: boolean,
  ) {}

  /** With `children` (parent-child imports), two more columns: `child` (the key) and `child_row` (1-based). */
  static async open(path: string, options: { children?: boolean } = {}): Promise<ResultsFile> {
    const sink = await FileSink.open(path);
    const children = options.children === true;
    await sink.write(
      csvLine(['row', 'status', 'record_id', 'errors', ...(children ? ['child', 'child_row'] : [])]),
    );
    return new ResultsFile(sink, children);
  }

  /** The parent's line, then (parent-child imports) one line per child row, under the parent's row number. */
  write(row: number, result: FamilyRowResult): void | Promise<void> {
    const cells = (r: Omit<BulkWriteRowResult, 'index'>) => [
      String(row),
      r.status,
      r.recordId ?? '',
      formatErrorsCell(r.errors),
    ];
    if (!this.children) return this.sink.write(csvLine(cells(result)));
    let text = csvLine([...cells(result), '', '']);
    for (const [key, rows] of Object.entries(result.children ?? {})) {
      for (const [i, child] of rows.entries()) text += csvLine([...cells(child), key, String(i + 1)]);
    }
    return this.sink.write(text);
  }

  close(): Promise<void> {
    return this.sink.close();
  }
}
