/**
 * The pre-flight of a parent-child import (`children`): the parent columns (the first record's
 * keys, child keys left out) against the parent module's fields, and each child key's columns (its
 * first child row in the first record, when there is one) against the child module's fields. Only
 * columns are checked; a problem throws before anything is uploaded. The records read are replayed
 * to the import unchanged.
 */
import { ZohoApiError } from '../../core/errors.js';
import { versionNumber } from '../../schemas/bulk-write-body.js';
import type { CheckedImport } from '../check-import.js';
import type { BulkWriteImportParams, ImportDeps, InputRecord } from '../import-params.js';
import { headerMapping } from '../plan-columns.js';
import { openRecords } from '../record-buffer.js';
import { type ColumnProblem, checkColumns, mappedColumns } from './column-check.js';
import { columnsError, readFields } from './prepare.js';

type Mode = Exclude<CheckedImport['preflight'], false>;

async function problemsOf(
  deps: ImportDeps,
  module: string,
  columns: readonly string[],
  op: { operation: CheckedImport['params']['operation']; findBy?: string | undefined; linked?: string },
  mode: Mode,
  signal: AbortSignal | undefined,
): Promise<ColumnProblem[]> {
  let fields: Awaited<ReturnType<typeof readFields>>;
  try {
    fields = await readFields(deps, module, mode, signal);
  } catch (error) {
    // A child module whose fields cannot be read (an org without that subform's listing) is not
    // checked under 'auto': the child check is a bonus, the job itself will say what is wrong.
    if (op.linked === undefined || mode !== 'auto' || signal?.aborted || !ZohoApiError.isInstance(error))
      throw error;
    deps.log?.({ type: 'import-preflight-skipped', module, reason: error.message, code: error.code });
    return [];
  }
  if (fields === undefined) return [];
  const mapped = mappedColumns(
    columns.map((c, i) => headerMapping(c, i, undefined)),
    columns,
    fields,
  );
  const problems = checkColumns({ module, operation: op.operation, findBy: op.findBy, mapped, fields });
  return problems.filter((p) => !(p.code === 'MANDATORY_MISSING' && p.field === op.linked));
}

/** Checks the columns of a parent-child import, then gives back its records (first one included). */
export async function preflightFamilies(
  deps: ImportDeps,
  params: BulkWriteImportParams,
  checked: CheckedImport,
  signal: AbortSignal | undefined,
): Promise<AsyncIterable<InputRecord> | Iterable<InputRecord>> {
  const mode = checked.preflight;
  // Older API versions are refused by the family import itself, before any request.
  if (mode === false || versionNumber(deps.apiVersion?.() ?? 'v8') < 7) return checked.records;
  const opened = await openRecords(checked.records);
  if (opened === undefined) return [];
  try {
    const { module, operation, findBy } = checked.params;
    const children = params.children!;
    const keys = Array.isArray(children) ? (children as readonly string[]) : Object.keys(children);
    const modules = Array.isArray(children)
      ? ((await deps.subformModules?.(module, signal)) ?? {})
      : (children as Readonly<Record<string, string>>);
    // An unknown child key, or a multi-select lookup, is refused by the family import itself.
    if (keys.some((k) => modules[k] == null)) return opened.all();
    const columns = Object.keys(opened.first).filter((k) => !keys.includes(k));
    const problems = await problemsOf(deps, module, columns, { operation, findBy }, mode, signal);
    for (const key of keys) {
      const rows = opened.first[key];
      const child = modules[key]!;
      const sample = Array.isArray(rows) ? (rows[0] as InputRecord | undefined) : undefined;
      if (sample === undefined) continue;
      const childColumns = Object.keys(sample).filter((c) => c !== 'Parent_Id');
      const found = await problemsOf(
        deps,
        child,
        childColumns,
        { operation: 'insert', linked: 'Parent_Id' },
        mode,
        signal,
      );
      problems.push(...found.map((p) => ({ ...p, column: `${key}[].${p.column}` })));
    }
    if (problems.length > 0) throw columnsError(module, problems);
  } catch (error) {
    await opened.close();
    throw error;
  }
  return opened.all();
}
