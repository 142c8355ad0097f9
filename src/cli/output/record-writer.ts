/**
 * Record writers format export records (objects keyed by the CSV header) onto a Sink. Their state
 * is plain JSON so an interrupted export can continue in the same file (see export-state.ts).
 */
import { CsvWriter } from './csv-writer.js';
import { JsonWriter } from './json-writer.js';
import { NdjsonWriter } from './ndjson-writer.js';
import type { Sink } from './sink.js';

export type OutputFormat = 'ndjson' | 'csv' | 'json';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['ndjson', 'csv', 'json'];

export type ExportRecord = Readonly<Record<string, string>>;

/** What a writer needs to continue a file after the last record it wrote. */
export interface WriterState {
  /** Records written so far. */
  records: number;
  /** CSV: the header row's columns, once written. */
  columns?: string[];
}

export interface RecordWriter {
  /** Writes what opens the document (`[` for JSON); call once, before any record or checkpoint. */
  begin(): void | Promise<void>;
  /** Writes one record; a returned promise asks the caller to wait (backpressure). */
  write(record: ExportRecord): void | Promise<void>;
  /** Writes what closes the document (`]` for JSON) and flushes the sink (does not close it). */
  end(): Promise<void>;
  /** A snapshot of the writer's state after the last record written. */
  state(): WriterState;
}

/**
 * A writer for `format` on `sink`. With `resume`, it continues a document whose first
 * `resume.records` records are already in the sink.
 */
export function createRecordWriter(format: OutputFormat, sink: Sink, resume?: WriterState): RecordWriter {
  switch (format) {
    case 'ndjson':
      return new NdjsonWriter(sink, resume);
    case 'csv':
      return new CsvWriter(sink, resume);
    case 'json':
      return new JsonWriter(sink, resume);
  }
}

/** The format named by a file extension (`.ndjson`/`.jsonl`, `.csv`, `.json`), if any. */
export function formatFromPath(path: string): OutputFormat | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return 'ndjson';
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.json')) return 'json';
  return undefined;
}
