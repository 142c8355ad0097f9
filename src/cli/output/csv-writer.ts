/**
 * CSV (RFC 4180 quoting, LF line ends): the header row is the first record's keys (Zoho's CSV
 * header, `Id` first); a value is quoted when it holds a comma, a quote, CR or LF. LF rather than
 * CRLF because the output is meant for Unix tools and csv parsers, which all accept it. An export with
 * no records is an empty file (the columns are unknown without a record).
 */
import { stringify } from 'csv-stringify/sync';
import type { ExportRecord, RecordWriter, WriterState } from './record-writer.js';
import type { Sink } from './sink.js';

const OPTIONS = { record_delimiter: 'unix', quoted_match: /\r/ } as const;

export function csvLine(values: readonly string[]): string {
  return stringify([values], OPTIONS);
}

export class CsvWriter implements RecordWriter {
  private records: number;
  private columns: string[] | undefined;

  constructor(
    private readonly sink: Sink,
    resume?: WriterState,
  ) {
    this.records = resume?.records ?? 0;
    this.columns = resume?.columns;
  }

  begin(): void {}

  write(record: ExportRecord): void | Promise<void> {
    let head = '';
    if (this.columns === undefined) {
      this.columns = Object.keys(record);
      head = csvLine(this.columns);
    }
    const row = this.columns.map((c) => record[c] ?? '');
    this.records++;
    return this.sink.write(head + csvLine(row));
  }

  async end(): Promise<void> {
    await this.sink.flush();
  }

  state(): WriterState {
    return this.columns === undefined
      ? { records: this.records }
      : { records: this.records, columns: [...this.columns] };
  }
}
