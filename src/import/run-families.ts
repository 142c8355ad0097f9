/**
 * `bulkWrite.import` with `children` (v7+): parents and their subform / line-item rows in one job
 * per batch of families (families.ts), one file per module in one zip, results joined back per
 * parent with every child's outcome (join-children.ts). Up to `concurrency` jobs run at once
 * (uploaded, created and waited for); results still come in input order, and when a job fails
 * the results of the jobs before it have been delivered. Older API versions are refused before
 * anything is read or sent, and so is an `update` or `upsert` (see below).
 */
import { versionNumber } from '../schemas/bulk-write-body.js';
import { type CheckedImport, importInputError } from './check-import.js';
import {
  batchFamilies,
  buildBatchZip,
  csvName,
  DEFAULT_MAX_CHILD_ROWS,
  type Family,
  type FamilyBatch,
  type FamilyShape,
  familyResources,
  type ParentLayout,
  parentLayout,
  toFamily,
} from './families.js';
import { type JobContext, jobContext, type StartedJob, startJob } from './file-job.js';
import type { ImportChunkInfo } from './import-error.js';
import type { BulkWriteImportOptions, ImportDeps } from './import-params.js';
import { type FamilyRowResult, joinFamilies } from './join-children.js';
import { planImport } from './plan-columns.js';
import { FamilyPreflight, type ScreenedFamily, sendFamily } from './preflight/family-screen.js';
import { HeldResults } from './preflight/screen.js';
import { openRecords } from './record-buffer.js';
import { checkColumns as checkColumnCount } from './split-into-files.js';
import { childModulesOf } from './subform-fields.js';

/** Child key → child module, from the record form or from field metadata for the list form. */
async function childModules(
  deps: ImportDeps,
  params: CheckedImport['params'],
  signal: AbortSignal | undefined,
): Promise<Record<string, string>> {
  const children = params.children!;
  if (!Array.isArray(children)) return { ...(children as Readonly<Record<string, string>>) };
  const resolved: Record<string, string> = {};
  const fields = deps.fields === undefined ? {} : childModulesOf(await deps.fields(params.module, signal));
  for (const [i, key] of (children as readonly string[]).entries()) {
    const module = fields[key];
    if (module === null) {
      throw importInputError(
        ['children', i],
        `${key} is a multi-select lookup field of ${params.module}: zoho-bulk does not import multi-select lookup links (rows of its linking module)`,
      );
    }
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

/** What a parent-child import and its dry run share: the job shape, the limits, every family. */
export interface OpenedFamilies {
  shape: FamilyShape;
  /** How the parent CSV is written and mapped (the caller's columns, mappings and date formats). */
  layout: ParentLayout;
  maxChildRows: number;
  /** Undefined with `preflight: false`. */
  preflight: FamilyPreflight | undefined;
  /** Every record as a family, with its rows written and judged when the pre-flight runs. */
  families(): AsyncGenerator<{ family: Family; screened: ScreenedFamily | undefined }>;
}

/**
 * Checks the version and limits, resolves the child modules, reads the first record and runs the
 * pre-flight on it (`strict`: its column problems throw); undefined when there is no record.
 */
export async function openFamilies(
  deps: ImportDeps,
  checked: CheckedImport,
  opts: BulkWriteImportOptions,
  strict: boolean,
): Promise<OpenedFamilies | undefined> {
  const version = deps.apiVersion?.() ?? 'v8';
  if (versionNumber(version) < 7) {
    throw importInputError(['children'], `parent-child imports need API v7 or later, not ${version}`);
  }
  const maxChildRows = opts.maxChildRowsPerFile ?? DEFAULT_MAX_CHILD_ROWS;
  if (!Number.isInteger(maxChildRows) || maxChildRows < 1) {
    throw importInputError(['maxChildRowsPerFile'], 'must be a positive integer');
  }
  const { signal } = opts;
  signal?.throwIfAborted();
  const shape: FamilyShape = {
    parentModule: checked.params.module,
    children: await childModules(deps, checked.params, signal),
  };
  const keys = Object.keys(shape.children);
  const records = await openRecords(checked.records);
  if (records === undefined) return undefined;
  const mode = checked.preflight;
  let preflight: FamilyPreflight | undefined;
  let layout: ParentLayout;
  try {
    const first = toFamily(records.first, 0, keys);
    if (mode !== false) {
      preflight = await FamilyPreflight.open(deps, { ...checked, preflight: mode }, shape, first, {
        signal,
        strict,
      });
    }
    const plan = preflight?.parentPlan ?? planImport(checked.params, checked.params, first.parent);
    checkColumnCount(plan.columns);
    layout = parentLayout(checked.params, plan);
  } catch (error) {
    await records.close();
    throw error;
  }
  async function* families(): AsyncGenerator<{ family: Family; screened: ScreenedFamily | undefined }> {
    let index = 0;
    for await (const record of records!.all()) {
      const family = toFamily(record, index++, keys);
      yield { family, screened: await preflight?.screen(family) };
    }
  }
  return { shape, layout, maxChildRows, preflight, families };
}

export async function* runFamilyImport(
  deps: ImportDeps,
  checked: CheckedImport,
  opts: BulkWriteImportOptions,
): AsyncGenerator<FamilyRowResult, void, undefined> {
  const opened = await openFamilies(deps, checked, opts, true);
  if (opened === undefined) return;
  const { shape } = opened;
  const hold = checked.preflight === 'rows';
  /** Families `preflight: 'rows'` did not send, until the results around them are delivered. */
  const held = new HeldResults<FamilyRowResult>();
  async function* sent(): AsyncGenerator<Family> {
    for await (const { family, screened } of opened!.families()) {
      if (screened === undefined) yield family;
      else {
        const out = sendFamily(screened, (row) => hold && row.problems.length > 0);
        if (out.local === undefined) yield out.family;
        else held.push(out.local);
      }
    }
  }
  const batches = batchFamilies(sent(), { maxRows: checked.maxRows, maxChildRows: opened.maxChildRows });
  // Stops the jobs still in flight (uploads, waits) when the import ends early or fails.
  const controller = new AbortController();
  const onAbort = () => controller.abort(opts.signal?.reason);
  if (opts.signal?.aborted) onAbort();
  else opts.signal?.addEventListener('abort', onAbort, { once: true });
  const ctx = jobContext(deps, checked.params, opts, controller.signal);
  const inflight: FamilyTask[] = [];
  try {
    for (;;) {
      while (inflight.length < checked.concurrency) {
        const next = await batches.next();
        if (next.done) break;
        inflight.push(startFamilyJob(ctx, opened, next.value));
      }
      const task = inflight.shift();
      if (task === undefined) break;
      const outcome = await task.settled;
      if (!outcome.ok) throw outcome.error;
      const { job } = outcome;
      if (deps.resultZip === undefined) throw new Error('this BulkWrite cannot read result zips');
      const files = await deps.resultZip(job, { signal: controller.signal, maxRetries: opts.maxRetries });
      for (const result of joinFamilies(task.batch, shape, files, job.id)) {
        yield* held.before(result.index ?? 0);
        yield result;
      }
      const { chunk } = task;
      ctx.emit({ type: 'results', chunk, jobId: job.id, rows: chunk.rows, rowsDelivered: chunk.rows });
    }
    yield* held.rest();
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    controller.abort(new DOMException('bulkWrite.import stopped', 'AbortError'));
    await batches.return(undefined).catch(() => undefined);
  }
}

/** One batch of families in flight. */
interface FamilyTask {
  batch: FamilyBatch;
  chunk: ImportChunkInfo;
  settled: StartedJob['settled'];
}

/** Builds a batch's zip, uploads it, creates its job and waits for it, in the background (file-job.ts). */
function startFamilyJob(
  ctx: JobContext,
  opened: Pick<OpenedFamilies, 'shape' | 'layout' | 'preflight'>,
  batch: FamilyBatch,
): FamilyTask {
  const { shape, layout, preflight } = opened;
  const first = batch.families[0]!.index;
  const chunk: ImportChunkInfo = {
    index: batch.number - 1,
    firstIndex: first,
    lastIndex: first + batch.families.length - 1,
    rows: batch.families.length,
  };
  const { settled } = startJob(ctx, chunk, () => {
    const built = buildBatchZip(batch, shape, layout);
    return {
      zip: built.zip,
      fileName: csvName(`${shape.parentModule}-${batch.number}`),
      resource: (fileId) =>
        familyResources(shape, built, fileId, {
          layout,
          findBy: ctx.job.findBy,
          childFormat:
            preflight === undefined ? undefined : (key, column) => preflight.childFormat(key, column),
        }),
    };
  });
  return { batch, chunk, settled };
}
