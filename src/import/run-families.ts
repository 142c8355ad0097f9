/**
 * `bulkWrite.import` with `children` (v7+): parents and their subform / line-item rows in one job
 * per batch of families (families.ts), one file per module in one zip, results joined back per
 * parent with every child's outcome (join-children.ts). Jobs run one after another. Older API
 * versions are refused before anything is read or sent.
 */
import { bulkWriteCounts } from '../schemas/bulk-write.js';
import { UPLOAD_LIMITS, versionNumber } from '../schemas/bulk-write-body.js';
import { importInputError } from './check-import.js';
import {
  batchFamilies,
  buildBatchZip,
  csvName,
  DEFAULT_MAX_CHILD_ROWS,
  type Family,
  type FamilyShape,
  familyCreateBody,
  toFamily,
} from './families.js';
import type {
  BulkWriteImportEvent,
  BulkWriteImportOptions,
  BulkWriteImportParams,
  ImportDeps,
  InputRecord,
} from './import-params.js';
import { type FamilyRowResult, joinFamilies } from './join-children.js';

/** Child key → child module, from the record form or from field metadata for the list form. */
async function childModules(
  deps: ImportDeps,
  params: BulkWriteImportParams,
  signal: AbortSignal | undefined,
): Promise<Record<string, string>> {
  const children = params.children!;
  if (!Array.isArray(children)) return { ...(children as Readonly<Record<string, string>>) };
  const resolved: Record<string, string> = {};
  const fields = deps.subformModules === undefined ? {} : await deps.subformModules(params.module, signal);
  for (const [i, key] of (children as readonly string[]).entries()) {
    const module = fields[key];
    if (module === undefined) {
      throw importInputError(
        ['children', i],
        `${key} is not a subform or line-item field of ${params.module}`,
      );
    }
    resolved[key] = module;
  }
  return resolved;
}

export async function* runFamilyImport(
  deps: ImportDeps,
  params: BulkWriteImportParams,
  opts: BulkWriteImportOptions,
): AsyncGenerator<FamilyRowResult, void, undefined> {
  const version = deps.apiVersion?.() ?? 'v8';
  if (versionNumber(version) < 7) {
    throw importInputError(['children'], `parent-child imports need API v7 or later, not ${version}`);
  }
  const maxChildRows = opts.maxChildRowsPerFile ?? DEFAULT_MAX_CHILD_ROWS;
  if (!Number.isInteger(maxChildRows) || maxChildRows < 1) {
    throw importInputError(['maxChildRowsPerFile'], 'must be a positive integer');
  }
  const signal = opts.signal ?? new AbortController().signal;
  signal.throwIfAborted();
  const shape: FamilyShape = {
    parentModule: params.module,
    children: await childModules(deps, params, opts.signal),
  };
  const keys = Object.keys(shape.children);
  async function* families(): AsyncGenerator<Family> {
    let index = 0;
    for await (const record of params.records as AsyncIterable<InputRecord>)
      yield toFamily(record, index++, keys);
  }
  const maxRows = opts.maxRowsPerFile ?? UPLOAD_LIMITS.maxRows;
  for await (const batch of batchFamilies(families(), { maxRows, maxChildRows })) {
    const built = buildBatchZip(batch, shape);
    const first = batch.families[0]!.index;
    const chunk = {
      index: batch.number - 1,
      firstIndex: first,
      lastIndex: first + batch.families.length - 1,
      rows: batch.families.length,
    };
    const uploaded = await deps.uploadZip(built.zip, csvName(`${params.module}-${batch.number}`), signal);
    emit(opts, { type: 'uploaded', chunk, fileId: uploaded.file_id, chunksUploaded: batch.number });
    const body = familyCreateBody(shape, built, uploaded.file_id, {
      operation: params.operation,
      findBy: params.findBy,
    });
    if (params.ignoreEmpty !== undefined) body.ignore_empty = params.ignoreEmpty;
    if (params.characterEncoding !== undefined) body.character_encoding = params.characterEncoding;
    const created = await deps.create(body, { signal });
    emit(opts, { type: 'created', chunk, jobId: created.id });
    const job = await deps.waitFor(created.id, {
      ...opts.poll,
      signal,
      onProgress: (j) =>
        emit(opts, { type: 'job', chunk, jobId: j.id, status: j.status, counts: bulkWriteCounts(j), job: j }),
    });
    if (deps.resultZip === undefined) throw new Error('this BulkWrite cannot read result zips');
    const files = await deps.resultZip(job, { signal, maxRetries: opts.maxRetries });
    yield* joinFamilies(batch, shape, files, job.id);
    emit(opts, { type: 'results', chunk, jobId: job.id, rows: chunk.rows, rowsDelivered: chunk.rows });
  }
}

function emit(opts: BulkWriteImportOptions, event: BulkWriteImportEvent): void {
  try {
    opts.onProgress?.(event);
  } catch {
    // A failing progress callback must not fail the import.
  }
}
