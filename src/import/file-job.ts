/**
 * Step 3 of an import, once per file: upload the zip, create its job, wait for the job. Runs in
 * the background (up to `concurrency` files at once); its outcome is settled, never thrown, so the
 * import can deliver the files in input order.
 */
import type { PollOptions } from '../core/options.js';
import { type BulkWriteJob, bulkWriteCounts } from '../schemas/bulk-write.js';
import type { BulkWriteCreateBody } from '../schemas/bulk-write-body.js';
import type { ImportChunkInfo } from './import-error.js';
import type { BulkWriteImportEvent, ImportCallback, ImportDeps } from './import-params.js';
import type { ImportPlan } from './plan-columns.js';
import type { BufferedRecord } from './record-buffer.js';
import type { UploadChunk } from './split-into-files.js';

/** What a file's job needs to know of the import. */
export interface FileJobContext {
  deps: ImportDeps;
  /** The job's shape: module, operation and the options sent with every job. */
  job: {
    module: string;
    operation: BulkWriteCreateBody['operation'];
    findBy?: string | undefined;
    ignoreEmpty?: boolean | undefined;
    characterEncoding?: string | undefined;
  };
  plan: ImportPlan;
  poll: PollOptions | undefined;
  callback: ImportCallback | undefined;
  signal: AbortSignal;
  emit: (event: BulkWriteImportEvent) => void;
  /** Counts a finished upload; returns the number uploaded so far. */
  countUpload: () => number;
}

/** One file of the import, in flight or done. */
export interface FileTask {
  file: ImportChunkInfo;
  /** The input records of the file (with their input positions), until its results are joined. */
  records: BufferedRecord[];
  /** Set once the job exists. */
  readonly jobId: string | undefined;
  settled: Promise<{ ok: true; job: BulkWriteJob } | { ok: false; error: unknown }>;
}

/**
 * The create body of one file's job: one `data` resource, `find_by` and `field_mappings` when
 * given; `ignore_empty` at the top level (where Zoho's docs put it), `character_encoding`, `callback`.
 */
export function createBody(ctx: Pick<FileJobContext, 'job' | 'plan' | 'callback'>, fileId: string) {
  const { job, plan, callback } = ctx;
  const resource: BulkWriteCreateBody['resource'][number] = {
    type: 'data',
    module: { api_name: job.module },
    file_id: fileId,
  };
  if (job.findBy !== undefined) resource.find_by = job.findBy;
  if (plan.mappings !== undefined) resource.field_mappings = plan.mappings;
  const body: BulkWriteCreateBody = { operation: job.operation, resource: [resource] };
  if (job.ignoreEmpty !== undefined) body.ignore_empty = job.ignoreEmpty;
  if (job.characterEncoding !== undefined) body.character_encoding = job.characterEncoding;
  if (callback !== undefined) body.callback = { url: callback.url, method: 'post' };
  return body;
}

/** Starts uploading `upload`, creating and waiting for its job; the zip is let go once sent. */
export function startFileJob(ctx: FileJobContext, upload: UploadChunk, records: BufferedRecord[]): FileTask {
  const { deps, signal, emit } = ctx;
  const file: ImportChunkInfo = {
    index: upload.index,
    firstIndex: records[0]?.index ?? upload.firstIndex,
    lastIndex: records.at(-1)?.index ?? upload.lastIndex,
    rows: upload.rows,
  };
  let jobId: string | undefined;
  let zip: Uint8Array | undefined = upload.zip;
  const run = async (): Promise<BulkWriteJob> => {
    const uploaded = await deps.uploadZip(zip!, upload.fileName, signal);
    zip = undefined;
    emit({ type: 'uploaded', chunk: file, fileId: uploaded.file_id, chunksUploaded: ctx.countUpload() });
    const created = await deps.create(createBody(ctx, uploaded.file_id), { signal });
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
    file,
    records,
    settled,
    get jobId() {
      return jobId;
    },
  };
}
