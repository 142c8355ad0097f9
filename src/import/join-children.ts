/**
 * Joins a parent-child job's result CSVs back to the input. Each CSV is matched to its resource by
 * name (`<module>-<csv name>`, the pattern of Zoho's download page; an entry that starts with the
 * module name is accepted too), then rows are joined by position: the parent CSV to the batch's
 * parents, each child CSV to the children in the order they were written. When a result CSV
 * cannot be matched (or has the wrong number of rows), every parent outcome that can be is still
 * delivered, then an error that lists what the zip held is thrown.
 */
import { ResponseValidationError } from '../core/errors.js';
import { type BulkWriteRowResult, toBulkWriteRowResult } from '../schemas/row-errors.js';
import { formatCsvValue } from '../streaming/csv-writer.js';
import { csvName, type FamilyBatch, type FamilyShape } from './families.js';
import type { ResultCsv } from './result-zip.js';

/** One child row's outcome. */
export interface ChildRowResult {
  status: string;
  recordId: string | null;
  errors: BulkWriteRowResult['errors'];
  row: Record<string, string>;
  /** True for a row `preflight: 'rows'` did not send (`status` is then SKIPPED). */
  local?: true;
}

/** A parent's result with its children's outcomes per child key. */
export type FamilyRowResult = BulkWriteRowResult & { children?: Record<string, ChildRowResult[]> };

/** The parent's own cells as the CSV held them. */
function inputCells(record: Readonly<Record<string, unknown>>): Record<string, string> {
  const cells: Record<string, string> = {};
  for (const [k, v] of Object.entries(record)) cells[k] = formatCsvValue(v);
  return cells;
}

function matchCsv(files: readonly ResultCsv[], module: string): ResultCsv | undefined {
  const exact = `${module}-${csvName(module)}`.toLowerCase();
  const base = (n: string) => (n.split('/').at(-1) ?? n).toLowerCase();
  return (
    files.find((f) => base(f.name) === exact) ??
    files.find((f) => base(f.name).startsWith(`${module.toLowerCase()}-`))
  );
}

function unmatched(jobId: string, what: string, files: readonly ResultCsv[]): ResponseValidationError {
  const held = files.map((f) => `${f.name} (${f.rows.length} rows)`).join(', ') || 'no CSV';
  const message = `The result file of job ${jobId} cannot be joined to the input: ${what}; the zip held ${held}`;
  return new ResponseValidationError(message, {
    issues: [{ code: 'custom', path: [], message }],
    endpoint: 'bulkWrite.import',
  });
}

/** The sent rows' results with the held-back rows' local results put back at their positions. */
function withHeld(
  sent: readonly ChildRowResult[],
  held: readonly { position: number; result: ChildRowResult }[] | undefined,
): ChildRowResult[] {
  if (held === undefined || held.length === 0) return [...sent];
  const out: ChildRowResult[] = [];
  let next = 0;
  for (const { position, result } of held) {
    while (out.length < position && next < sent.length) out.push(sent[next++]!);
    out.push(result);
  }
  return out.concat(sent.slice(next));
}

/** Every parent result of the batch, in input order; throws after them when a CSV cannot be joined. */
export function* joinFamilies(
  batch: FamilyBatch,
  shape: FamilyShape,
  files: readonly ResultCsv[],
  jobId: string,
): Generator<FamilyRowResult, void, undefined> {
  const problems: string[] = [];
  const parentCsv = matchCsv(files, shape.parentModule);
  if (parentCsv === undefined) problems.push(`no CSV for ${shape.parentModule}`);
  else if (parentCsv.rows.length !== batch.families.length) {
    problems.push(`${parentCsv.name} has ${parentCsv.rows.length} rows, expected ${batch.families.length}`);
  }
  const childRows: Record<string, ChildRowResult[] | undefined> = {};
  for (const [key, module] of Object.entries(shape.children)) {
    const expected = batch.families.reduce((n, f) => n + (f.children[key]?.length ?? 0), 0);
    const csv = matchCsv(files, module);
    if (expected === 0) childRows[key] = [];
    else if (csv === undefined) problems.push(`no CSV for ${module}`);
    else if (csv.rows.length !== expected)
      problems.push(`${csv.name} has ${csv.rows.length} rows, expected ${expected}`);
    else {
      childRows[key] = csv.rows.map((row) => {
        const { status, recordId, errors } = toBulkWriteRowResult(row);
        return { status, recordId, errors, row };
      });
    }
  }
  if (parentCsv !== undefined && parentCsv.rows.length === batch.families.length) {
    const offsets: Record<string, number> = {};
    for (const [i, family] of batch.families.entries()) {
      const result: FamilyRowResult = toBulkWriteRowResult(parentCsv.rows[i]!, family.index);
      result.row = { ...inputCells(family.parent), ...result.row };
      const children: Record<string, ChildRowResult[]> = {};
      let complete = true;
      for (const key of Object.keys(shape.children)) {
        const n = family.children[key]?.length ?? 0;
        const rows = childRows[key];
        if (rows === undefined && n > 0) complete = false;
        const start = offsets[key] ?? 0;
        children[key] = withHeld(rows?.slice(start, start + n) ?? [], family.held?.[key]);
        offsets[key] = start + n;
      }
      if (complete) result.children = children;
      yield result;
    }
  }
  if (problems.length > 0) throw unmatched(jobId, problems.join('; '), files);
}
