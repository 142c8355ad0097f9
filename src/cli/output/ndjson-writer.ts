/** NDJSON: one JSON object per line (LF), keys in the CSV header's order. An empty export is an empty file. */
import type { ExportRecord, RecordWriter, WriterState } from './record-writer.js';
import type { Sink } from './sink.js';

export class NdjsonWriter implements RecordWriter {
  private records: number;

  constructor(
    private readonly sink: Sink,
    resume?: WriterState,
  ) {
    this.records = resume?.records ?? 0;
  }

  begin(): void {}

  write(record: ExportRecord): void | Promise<void> {
    this.records++;
    return this.sink.write(`${JSON.stringify(record)}\n`);
  }

  async end(): Promise<void> {
    await this.sink.flush();
  }

  state(): WriterState {
    return { records: this.records };
  }
}
