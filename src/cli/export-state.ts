/**
 * The `--resume` state file of an export: the library's last checkpoint (plain JSON) together with
 * how much of the output file belonged to it (bytes and records), saved atomically (temp file,
 * fsync, rename) so a crash leaves either the old state or the new one, never half of one.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomic } from './atomic-write.js';
import { CliError, ExitCode } from './exit-codes.js';
import type { OutputFormat, WriterState } from './output/record-writer.js';

export const EXPORT_STATE_KIND = 'zoho-bulk.export-state';

export interface ExportState {
  kind: typeof EXPORT_STATE_KIND;
  version: 1;
  /** The query the export runs (module, fields, criteria, cvid); a rerun must ask the same. */
  query: unknown;
  format: OutputFormat;
  /** Absolute path of the output file. */
  out: string;
  /** The library's checkpoint; `null` before the first one (a rerun starts over). */
  checkpoint: unknown;
  /** Length of the output file at the checkpoint. */
  bytes: number;
  /** Records in the output file at the checkpoint. */
  records: number;
  writer: WriterState;
  complete: boolean;
  updatedAt: string;
}

const stateSchema = z.object({
  kind: z.literal(EXPORT_STATE_KIND),
  version: z.literal(1),
  query: z.unknown(),
  format: z.enum(['ndjson', 'csv', 'json']),
  out: z.string(),
  checkpoint: z.unknown(),
  bytes: z.number().int().nonnegative(),
  records: z.number().int().nonnegative(),
  writer: z.object({ records: z.number().int().nonnegative(), columns: z.array(z.string()).optional() }),
  complete: z.boolean(),
  updatedAt: z.string(),
});

/** The saved state, or undefined when the file does not exist. */
export async function loadExportState(path: string): Promise<ExportState | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CliError(`Cannot read the resume state ${path}: ${(error as Error).message}`, {
      exitCode: ExitCode.USAGE,
    });
  }
  let parsed: ReturnType<typeof stateSchema.safeParse>;
  try {
    parsed = stateSchema.safeParse(JSON.parse(text));
  } catch {
    parsed = { success: false } as ReturnType<typeof stateSchema.safeParse>;
  }
  if (!parsed.success) {
    throw new CliError(`${path} is not a zoho-bulk export state file`, {
      exitCode: ExitCode.USAGE,
      hint: 'give --resume a path of its own (it is created on the first run)',
    });
  }
  const { writer, ...rest } = parsed.data;
  return {
    ...rest,
    checkpoint: rest.checkpoint ?? null,
    writer:
      writer.columns === undefined
        ? { records: writer.records }
        : { records: writer.records, columns: writer.columns },
  };
}

/** Writes the state atomically (see atomic-write.ts). */
export async function saveExportState(path: string, state: ExportState): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(state, null, 2)}\n`, 0o600);
}
