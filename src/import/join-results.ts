/**
 * Step 4 of an import, once per finished file: its result file, joined back to the input by
 * position. Zoho's result file repeats only the first three mapped columns of a row, so row `i` of
 * file `f` is given the file's `i`-th record — its input `index` and its whole input row, as written
 * to the CSV. A result file with more or fewer rows than the file uploaded cannot be joined: refused.
 */
import { ResponseValidationError } from '../core/errors.js';
import type { BulkWriteJob } from '../schemas/bulk-write.js';
import type { BulkWriteRowResult } from '../schemas/row-errors.js';
import { formatCsvValue } from '../streaming/csv-writer.js';
import type { FileTask } from './file-job.js';
import type { ImportChunkInfo } from './import-error.js';
import type { ImportDeps, InputRecord } from './import-params.js';
import type { ImportPlan } from './plan-columns.js';

/** The input row as the CSV holds it: every column, values written as the upload wrote them. */
function csvRow(record: InputRecord, plan: ImportPlan): Record<string, string> {
  const cells: Record<string, string> = {};
  for (const column of plan.columns) {
    const dateFormat = plan.dateFormats[column];
    cells[column] = formatCsvValue(record[column], dateFormat === undefined ? {} : { dateFormat });
  }
  return cells;
}

function mismatch(file: ImportChunkInfo, jobId: string, got: string): ResponseValidationError {
  const message = `The result file of job ${jobId} (records ${file.firstIndex}..${file.lastIndex}) has ${got} rows, expected ${file.rows}: results cannot be joined to the input by position`;
  return new ResponseValidationError(message, {
    issues: [{ code: 'custom', path: [], message }],
    endpoint: 'bulkWrite.import',
  });
}

/** Every result of `task`'s finished `job`, in order, each with its `index` and whole input row. */
export async function* joinResults(
  deps: ImportDeps,
  task: FileTask,
  job: BulkWriteJob,
  plan: ImportPlan,
  opts: { signal: AbortSignal; maxRetries?: number | undefined },
): AsyncGenerator<BulkWriteRowResult, void, undefined> {
  const { file } = task;
  let i = 0;
  for await (const result of deps.results(job, opts)) {
    opts.signal.throwIfAborted();
    if (i >= file.rows) throw mismatch(file, job.id, `more than ${file.rows}`);
    const sent = task.records[i];
    const input = csvRow(sent?.record ?? {}, plan);
    yield { ...result, index: sent?.index ?? file.firstIndex + i, row: { ...input, ...result.row } };
    i++;
  }
  if (i !== file.rows) throw mismatch(file, job.id, String(i));
}
