/**
 * Step 3 of an import, once per file (a parent-child import: once per batch of families): upload
 * the zip, create its job (with the import's top-level options and `callback`), wait for the job
 * (a callback delivered to the hub ends a poll sleep early). Runs in the background (up to
 * `concurrency` files at once); its outcome is settled, never thrown, so the import can deliver
 * the files in input order.
 */
import type { PollOptions } from '../core/options.js';
import { type BulkWriteJob, bulkWriteCounts } from '../schemas/bulk-write.js';
import type { BulkWriteCreateBody } from '../schemas/bulk-write-body.js';
import type { CheckedImport } from './check-import.js';
import type { ImportChunkInfo } from './import-error.js';
import type {
  BulkWriteImportEvent,
  BulkWriteImportOptions,
  ImportCallback,
  ImportDeps,
} from './import-params.js';
import type { ImportPlan } from './plan-columns.js';
import type { BufferedRecord } from './record-buffer.js';
import type { UploadChunk } from './split-into-files.js';

/** What every job of an import shares (a plain import's files and a parent-child import's batches). */
export interface JobContext {
  deps: ImportDeps;
  /** The job's shape: module, operation and the options sent with every job. */
  job: {
    module: string;
    operation: BulkWriteCreateBody['operation'];
    findBy?: string | undefined;
    ignoreEmpty?: boolean | undefined;
    characterEncoding?: string | undefined;
  };
  poll: PollOptions | undefined;
  callback: ImportCallback | undefined;
  signal: AbortSignal;
  emit: (event: BulkWriteImportEvent) => void;
  /** Counts a finished upload; returns the number uploaded so far. */
  countUpload: () => number;
}

/** The context every job of an import shares (uploads counted here; a throwing `onProgress` is ignored). */
export function jobContext(
  deps: ImportDeps,
  p: CheckedImport['params'],
  opts: Pick<BulkWriteImportOptions, 'poll' | 'callback' | 'onProgress'>,
  signal: AbortSignal,
): JobContext {
  let uploaded = 0;
  return {
    deps,
    job: {
      module: p.module,
      operation: p.operation,
      findBy: p.findBy,
      ignoreEmpty: p.ignoreEmpty,
      characterEncoding: p.characterEncoding,
    },
    poll: opts.poll,
    callback: opts.callback,
    signal,
    emit: (event) => {
      try {
        opts.onProgress?.(event);
      } catch {
        // A failing progress callback must not fail the import.
      }
    },
    countUpload: () => ++uploaded,
  };
}

/** What a file's job of a plain import needs to know of the import. */
export interface FileJobContext extends JobContext {
  plan: ImportPlan;
}

/** One job's upload, built when the job starts (a failure to build settles the job like any other). */
export interface JobUpload {
  zip: Uint8Array;
  fileName: string;
  /** The job's `resource` list for the uploaded file. */
  resource: (fileId: string) => BulkWriteCreateBody['resource'];
}

/** One job, in flight or done: its outcome is settled, never thrown, so results keep input order. */
export interface StartedJob {
  /** Set once the job exists. */
  readonly jobId: string | undefined;
  settled: Promise<{ ok: true; job: BulkWriteJob } | { ok: false; error: unknown }>;
}

/** One file of the import, in flight or done. */
export interface FileTask extends StartedJob {
  file: ImportChunkInfo;
  /** The input records of the file (with their input positions), until its results are joined. */
  records: BufferedRecord[];
}

/** A plain import's `data` resource: `find_by` and `field_mappings` when given. */
function fileResource(ctx: Pick<FileJobContext, 'job' | 'plan'>, fileId: string) {
  const { job, plan } = ctx;
  const resource: BulkWriteCreateBody['resource'][number] = {
    type: 'data',
    module: { api_name: job.module },
    file_id: fileId,
  };
  if (job.findBy !== undefined) resource.find_by = job.findBy;
  if (plan.mappings !== undefined) resource.field_mappings = plan.mappings;
  return [resource];
}

/**
 * The create body of a job: its resources; `ignore_empty` at the top level (where Zoho's docs put
 * it), `character_encoding`, `callback`.
 */
function createBody(
  ctx: Pick<JobContext, 'job' | 'callback'>,
  resource: BulkWriteCreateBody['resource'],
): BulkWriteCreateBody {
  const { job, callback } = ctx;
  const body: BulkWriteCreateBody = { operation: job.operation, resource };
  if (job.ignoreEmpty !== undefined) body.ignore_empty = job.ignoreEmpty;
  if (job.characterEncoding !== undefined) body.character_encoding = job.characterEncoding;
  if (callback !== undefined) body.callback = { url: callback.url, method: 'post' };
  return body;
}

/**
 * Builds and uploads a job's zip, creates the job and waits for it (a delivered callback ends a
 * poll sleep early when the callback has a hub); the zip is let go once sent.
 */
export function startJob(ctx: JobContext, file: ImportChunkInfo, build: () => JobUpload): StartedJob {
  const { deps, signal, emit } = ctx;
  let jobId: string | undefined;
  const run = async (): Promise<BulkWriteJob> => {
    let upload: JobUpload | undefined = build();
    const uploaded = await deps.uploadZip(upload.zip, upload.fileName, signal);
    const resource = upload.resource(uploaded.file_id);
    upload = undefined;
    emit({ type: 'uploaded', chunk: file, fileId: uploaded.file_id, chunksUploaded: ctx.countUpload() });
    const created = await deps.create(createBody(ctx, resource), { signal });
    jobId = created.id;
    emit({ type: 'created', chunk: file, jobId: created.id });
    const wake = ctx.callback?.hub?.waitFor(created.id, { signal });
    wake?.catch(() => undefined); // an abort ends the wait below too
    return deps.waitFor(created.id, {
      ...ctx.poll,
      signal,
      wake,
      onProgress: (job) =>
        emit({
          type: 'job',
          chunk: file,
          jobId: job.id,
          status: job.status,
          counts: bulkWriteCounts(job),
          job,
        }),
    });
  };
  const settled = run().then(
    (job) => ({ ok: true as const, job }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  return {
    settled,
    get jobId() {
      return jobId;
    },
  };
}

/** Starts uploading `upload`, creating and waiting for its job. */
export function startFileJob(ctx: FileJobContext, upload: UploadChunk, records: BufferedRecord[]): FileTask {
  const file: ImportChunkInfo = {
    index: upload.index,
    firstIndex: records[0]?.index ?? upload.firstIndex,
    lastIndex: records.at(-1)?.index ?? upload.lastIndex,
    rows: upload.rows,
  };
  let zip: Uint8Array | undefined = upload.zip;
  const { fileName } = upload;
  const job = startJob(ctx, file, () => {
    const built = { zip: zip!, fileName, resource: (id: string) => fileResource(ctx, id) };
    zip = undefined;
    return built;
  });
  return {
    file,
    records,
    settled: job.settled,
    get jobId() {
      return job.jobId;
    },
  };
}
