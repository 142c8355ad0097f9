/**
 * JSON: one array, streamed — `[` first, one object per line separated by commas, `]` at the end.
 * An empty export is `[]`. The document is valid once `end()` ran.
 */
import type { ExportRecord, RecordWriter, WriterState } from './record-writer.js';
import type { Sink } from './sink.js';

export class JsonWriter implements RecordWriter {
  private records: number;
  private started: boolean;

  constructor(
    private readonly sink: Sink,
    resume?: WriterState,
  ) {
    this.records = resume?.records ?? 0;
    // `begin()` writes the bracket before any checkpoint, so a resumed file always has it.
    this.started = resume !== undefined;
  }

  begin(): void | Promise<void> {
    if (this.started) return undefined;
    this.started = true;
    return this.sink.write('[');
  }

  write(record: ExportRecord): void | Promise<void> {
    const lead = this.records === 0 ? '\n' : ',\n';
    this.records++;
    return this.sink.write(`${lead}${JSON.stringify(record)}`);
  }

  async end(): Promise<void> {
    await this.begin();
    await this.sink.write(this.records === 0 ? ']\n' : '\n]\n');
    await this.sink.flush();
  }

  state(): WriterState {
    return { records: this.records };
  }
}
