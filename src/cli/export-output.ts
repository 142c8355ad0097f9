/**
 * The output side of `export`: a record writer on stdout or a file, and with `--resume` a state
 * file that lets an interrupted export continue in the same file with no record missing or
 * written twice.
 *
 * At each library checkpoint the CLI notes the output's byte length and record count (everything
 * yielded before the checkpoint has been written), flushes the file to disk (fsync), then saves the
 * state atomically. A rerun cuts the file back to the saved length and passes the checkpoint as
 * `resume`, so the records after it are written exactly once.
 */
import { resolve } from 'node:path';
import { type ExportCheckpoint, exportCheckpointSchema } from '../schemas/bulk-read.js';
import { CliError, ExitCode, usageError } from './exit-codes.js';
import { EXPORT_STATE_KIND, type ExportState, loadExportState, saveExportState } from './export-state.js';
import { createRecordWriter, type OutputFormat, type RecordWriter } from './output/record-writer.js';
import { FileSink, type Sink, StreamSink } from './output/sink.js';

export interface ExportOutputOptions {
  format: OutputFormat;
  /** Output file; stdout when undefined. */
  out: string | undefined;
  stdout: NodeJS.WritableStream;
  /** `--resume` state file (requires `out`). */
  statePath?: string | undefined;
  /** What is exported; a resumed run must export the same. */
  query: unknown;
  cwd: string;
  now?: () => number;
}

export type OpenedOutput =
  | { kind: 'open'; output: ExportOutput }
  | { kind: 'complete'; state: ExportState; statePath: string };

/** Stable JSON for comparing queries (key order ignored). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

/** A saved checkpoint, checked before it is handed back to the library. */
function checkedCheckpoint(value: unknown, statePath: string): ExportCheckpoint {
  const parsed = exportCheckpointSchema.safeParse(value);
  if (!parsed.success) {
    throw new CliError(`${statePath} holds no valid export checkpoint`, {
      exitCode: ExitCode.USAGE,
      hint: 'delete the state file to export again from the start',
    });
  }
  return parsed.data as ExportCheckpoint;
}

export class ExportOutput {
  /** The checkpoint to pass as `resume`; undefined on a fresh start. */
  readonly resumeFrom: ExportCheckpoint | undefined;
  /** Records already in the file from earlier runs. */
  readonly resumedRecords: number;
  private saving: Promise<void> = Promise.resolve();
  private failure: unknown;

  private constructor(
    readonly writer: RecordWriter,
    private readonly sink: Sink,
    private readonly options: ExportOutputOptions & { outPath: string | undefined },
    resume: (ExportState & { checkpoint: ExportCheckpoint }) | undefined,
  ) {
    this.resumeFrom = resume?.checkpoint;
    this.resumedRecords = resume?.records ?? 0;
  }

  static async open(options: ExportOutputOptions): Promise<OpenedOutput> {
    const outPath = options.out === undefined ? undefined : resolve(options.cwd, options.out);
    const statePath = options.statePath === undefined ? undefined : resolve(options.cwd, options.statePath);
    if (statePath !== undefined && outPath === undefined) {
      throw usageError('--resume needs --out: stdout cannot be resumed');
    }
    if (outPath === undefined) {
      const sink = new StreamSink(options.stdout);
      const writer = createRecordWriter(options.format, sink);
      const output = new ExportOutput(writer, sink, { ...options, outPath, statePath }, undefined);
      await writer.begin();
      return { kind: 'open', output };
    }

    const saved = statePath === undefined ? undefined : await loadExportState(statePath);
    if (saved !== undefined && statePath !== undefined) {
      if (
        saved.out !== outPath ||
        saved.format !== options.format ||
        canonical(saved.query) !== canonical(options.query)
      ) {
        throw usageError(
          `${statePath} belongs to another export (${saved.format} to ${saved.out})`,
          'rerun with the same module, fields, criteria, format and --out, or use another --resume file',
        );
      }
      if (saved.complete) return { kind: 'complete', state: saved, statePath };
    }
    const resume =
      saved !== undefined && saved.checkpoint !== null && statePath !== undefined
        ? { ...saved, checkpoint: checkedCheckpoint(saved.checkpoint, statePath) }
        : undefined;

    let sink: FileSink;
    try {
      sink = await FileSink.open(outPath, resume?.bytes);
    } catch (error) {
      throw new CliError(`Cannot ${resume ? 'resume' : 'write'} ${outPath}: ${(error as Error).message}`, {
        exitCode: ExitCode.USAGE,
        ...(resume
          ? { hint: 'the output file changed since the last run; delete the state file to start over' }
          : {}),
        cause: error,
      });
    }
    const writer = createRecordWriter(options.format, sink, resume?.writer);
    const output = new ExportOutput(writer, sink, { ...options, outPath, statePath }, resume);
    await writer.begin();
    if (statePath !== undefined && resume === undefined) {
      // A run interrupted before its first checkpoint starts over.
      await output.save({ checkpoint: null, bytes: 0, records: 0, writer: { records: 0 }, complete: false });
    }
    return { kind: 'open', output };
  }

  /**
   * `onCheckpoint` for the library. The library calls it when the generator resumes after the
   * loop body of the last record it counts, so every record it counts has been handed to the
   * writer: the byte length and record count are snapshotted now (synchronously), then the file
   * is flushed to disk and the state saved. The returned promise is awaited by the export before
   * the next record, so a state file never names bytes that are not on disk. The last checkpoint
   * (`complete: true`) is saved like the others; `finish()` then marks the state complete.
   */
  readonly checkpoint = (checkpoint: ExportCheckpoint): Promise<void> | undefined => {
    if (this.options.statePath === undefined) return undefined;
    let plain: unknown;
    try {
      plain = JSON.parse(JSON.stringify(checkpoint ?? null));
    } catch (error) {
      this.failure ??= error;
      return Promise.reject(error);
    }
    const writerState = this.writer.state();
    const snapshot = {
      checkpoint: plain,
      bytes: this.sink.bytes,
      records: writerState.records,
      writer: writerState,
    };
    this.saving = this.saving.then(async () => {
      await this.sink.flush();
      await this.save({ ...snapshot, complete: false });
    });
    this.saving.catch((error: unknown) => {
      this.failure ??= error;
    });
    return this.saving;
  };

  /** Throws when a background flush or state save failed. */
  assertHealthy(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  /** Records in the output so far (earlier runs included). */
  get records(): number {
    return this.writer.state().records;
  }

  get outPath(): string | undefined {
    return this.options.outPath;
  }

  private async save(
    fields: Pick<ExportState, 'checkpoint' | 'bytes' | 'records' | 'writer' | 'complete'>,
  ): Promise<void> {
    const { statePath, outPath } = this.options;
    if (statePath === undefined || outPath === undefined) return;
    await saveExportState(statePath, {
      kind: EXPORT_STATE_KIND,
      version: 1,
      query: this.options.query,
      format: this.options.format,
      out: outPath,
      ...fields,
      updatedAt: new Date((this.options.now ?? Date.now)()).toISOString(),
    });
  }

  /** Closes the document, waits for pending saves, marks the state complete, closes the file. */
  async finish(): Promise<void> {
    await this.saving;
    this.assertHealthy();
    await this.writer.end();
    const writerState = this.writer.state();
    await this.save({
      checkpoint: null,
      bytes: this.sink.bytes,
      records: writerState.records,
      writer: writerState,
      complete: true,
    });
    await this.sink.close();
  }

  /**
   * After a failure or an interrupt: lets pending state saves finish (the state then names the last
   * checkpoint whose bytes are on disk) and closes the file without closing the document.
   */
  async abandon(): Promise<void> {
    await this.saving.catch(() => {});
    await this.sink.close().catch(() => {});
  }
}
