/**
 * The pre-flight of an import, once the first record is known and before anything is uploaded:
 * read the module's fields (`preflight` decides what happens when they cannot be read), plan the
 * columns with a declared format for every date and datetime column, check the columns, and build
 * the row checker that writes each record by its fields' types.
 */
import { ConnectionError, ZohoApiError } from '../../core/errors.js';
import { invalidRequest } from '../../core/validate.js';
import type { BulkWriteFieldMapping } from '../../schemas/bulk-write-body.js';
import type { ZohoField } from '../../schemas/fields.js';
import type { CheckedImport } from '../check-import.js';
import type { BulkWriteImportParams, ImportDeps, InputRecord, PreflightMode } from '../import-params.js';
import { headerMapping, type ImportPlan, planImport } from '../plan-columns.js';
import { checkColumns as checkColumnCount } from '../split-into-files.js';
import { type ColumnProblem, checkColumns, mappedColumns } from './column-check.js';
import { dateKind, inferDateFormat } from './field-values.js';
import { RowChecker } from './row-check.js';

export interface PreparedImport {
  plan: ImportPlan;
  /** Writes and judges each record; undefined when no fields were read (`preflight` off or skipped). */
  checker: RowChecker | undefined;
  columnProblems: ColumnProblem[];
}

/** Zoho refused the field list for want of a scope or permission, or could not be reached. */
function unreadable(error: unknown): { reason: string; code?: string } | undefined {
  if (ZohoApiError.isInstance(error) && (error.status === 401 || error.status === 403)) {
    return { reason: `the fields cannot be read (${error.code}, HTTP ${error.status})`, code: error.code };
  }
  if (ConnectionError.isInstance(error)) return { reason: 'the fields cannot be read (network)' };
  return undefined;
}

/** The module's fields, or undefined when `'auto'` goes on without them (logged). */
async function readFields(
  deps: ImportDeps,
  module: string,
  mode: Exclude<PreflightMode, false>,
  signal: AbortSignal | undefined,
): Promise<readonly ZohoField[] | undefined> {
  let skipped: { reason: string; code?: string };
  if (deps.fields === undefined) skipped = { reason: 'no field metadata source' };
  else {
    try {
      const fields = await deps.fields(module, signal);
      if (fields.length > 0) return fields;
      skipped = { reason: 'Zoho lists no fields for the module (204)' };
    } catch (error) {
      const why = signal?.aborted ? undefined : unreadable(error);
      if (why === undefined || mode !== 'auto') throw error;
      skipped = why;
    }
  }
  if (mode !== 'auto') {
    throw invalidRequest({
      endpoint: 'bulkWrite.import',
      path: ['preflight'],
      message: `preflight '${mode}' needs the fields of ${module}: ${skipped.reason}`,
    });
  }
  deps.log?.({ type: 'import-preflight-skipped', module, ...skipped });
  return undefined;
}

/** Mappings for every column, each date and datetime column with its format (the given one wins). */
function withDateFormats(
  mappings: readonly BulkWriteFieldMapping[],
  plan: ImportPlan,
  fields: readonly ZohoField[],
  first: InputRecord,
): { mappings: BulkWriteFieldMapping[]; dateFormats: Record<string, string>; dated: boolean } {
  const byName = new Map(fields.map((f) => [f.api_name, f]));
  const dateFormats: Record<string, string> = { ...plan.dateFormats };
  let dated = false;
  const out = mappings.map((m) => {
    const field = byName.get(m.api_name);
    const kind = field === undefined ? undefined : dateKind(field);
    const column = m.index === undefined ? undefined : plan.columns[m.index];
    if (kind === undefined || column === undefined) return m;
    dated = true;
    const format = m.format ?? plan.dateFormats[column] ?? inferDateFormat(kind, first[column]);
    dateFormats[column] ??= format;
    return { ...m, format };
  });
  return { mappings: out, dateFormats, dated };
}

/** Error naming every column problem (zero uploads follow it). */
export function columnsError(module: string, problems: readonly ColumnProblem[]): Error {
  const [head, ...rest] = problems.map((p) => ({
    path: p.code === 'FIND_BY_MISSING' || p.column === undefined ? ['findBy'] : ['columns', p.column],
    message: p.message,
  }));
  const shown = problems.slice(0, 10).map((p) => `${p.column}: ${p.message}`);
  if (problems.length > shown.length) shown.push(`and ${problems.length - shown.length} more`);
  const list = shown.join('; ');
  return invalidRequest({
    endpoint: 'bulkWrite.import',
    path: head!.path,
    message: head!.message,
    more: rest,
    headline: `bulkWrite.import into ${module}: ${problems.length} column problem${problems.length === 1 ? '' : 's'} (nothing was uploaded): ${list}`,
  });
}

/** Reads the fields (per `mode`), plans the columns and checks them. */
export async function prepareImport(
  deps: ImportDeps,
  params: BulkWriteImportParams,
  checked: CheckedImport,
  first: InputRecord,
  signal: AbortSignal | undefined,
): Promise<PreparedImport> {
  const base = planImport(params, checked.params, first);
  checkColumnCount(base.columns); // before any request, as the splitter would
  const mode = checked.preflight;
  const fields = mode === false ? undefined : await readFields(deps, checked.params.module, mode, signal);
  if (fields === undefined) return { plan: base, checker: undefined, columnProblems: [] };
  const { columns } = base;
  const header = base.mappings ?? columns.map((c, i) => headerMapping(c, i, undefined));
  const dated = withDateFormats(header, base, fields, first);
  const plan: ImportPlan = {
    columns,
    mappings: dated.dated ? dated.mappings : base.mappings,
    dateFormats: dated.dateFormats,
  };
  const p = checked.params;
  const mapped = mappedColumns(dated.mappings, columns, fields);
  const columnProblems = checkColumns({
    module: p.module,
    operation: p.operation,
    findBy: p.findBy,
    mapped,
    fields,
  });
  const checker = new RowChecker(columns, mapped, fields, {
    operation: p.operation,
    findBy: p.findBy,
    ignoreEmpty: p.ignoreEmpty,
    dateFormats: plan.dateFormats,
  });
  return { plan, checker, columnProblems };
}
