/**
 * CSV bytes → records, with csv-parse's streaming `Parser` driven by hand: each chunk is written
 * to the parser and the records it completes are read back synchronously, so nothing is read
 * ahead of the consumer and the wrapper adds almost nothing per record.
 *
 * A record is keyed by the header row; values are the CSV text as Zoho wrote it (empty cells are
 * `''`, quoted line breaks are kept exactly). UTF-8 is decoded by the parser per field, so a
 * multi-byte character split across chunks is intact; an optional BOM is dropped; records may end
 * in CRLF or LF.
 */
import { type CsvError, Parser } from 'csv-parse';
import { downloadFailure, type FailFn } from './unzip.js';

/** One row of a result file, keyed by the header row; values are the CSV text. */
export type CsvRecord = Record<string, string>;

export interface CsvRecordsOptions {
  /** Job id named in error messages. @default undefined */
  jobId?: string | undefined;
  /** Records at the start of the file to drop, not yield (resuming after records already delivered). @default 0 */
  skip?: number | undefined;
  /**
   * Column names to use instead of a header row; the first row is then a record.
   * @default undefined (the first row is the header)
   */
  columns?: readonly string[] | undefined;
  /** Called once with the column names, from the header row or `columns`. @default none */
  onHeader?: ((columns: readonly string[]) => void) | undefined;
}

/** Turns byte chunks into records, synchronously, one chunk at a time. */
export interface RecordDecoder<R> {
  /** Records completed by this chunk. Throws `DownloadError` on malformed input. */
  write(chunk: Uint8Array): R[];
  /** Records completed by the end of input (a last line without a line break). Idempotent. */
  end(): R[];
}

const reasons: Partial<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted value is not closed',
  CSV_INVALID_CLOSING_QUOTE: 'a closing quote is followed by other characters',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'a closing quote is followed by other characters',
  CSV_INVALID_OPENING_QUOTE: 'a quote appears inside an unquoted value',
  CSV_MAX_RECORD_SIZE: 'a record is too large',
};

/** A `DownloadError` for a csv-parse error; cell contents are left out of the message. */
function csvFailure(error: CsvError, fail: FailFn): Error {
  const lines = typeof error.lines === 'number' ? error.lines : undefined;
  const records = typeof error.records === 'number' ? error.records : undefined;
  const where = `${lines === undefined ? '' : ` at line ${lines}`}${records === undefined ? '' : ` (record ${records + 1})`}`;
  let reason = reasons[error.code];
  if (
    error.code === 'CSV_RECORD_INCONSISTENT_COLUMNS' ||
    error.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH'
  ) {
    const got = Array.isArray(error.record) ? error.record.length : '?';
    const expected = Array.isArray(error.columns) ? error.columns.length : '?';
    reason = `expected ${expected} columns, got ${got}`;
  }
  return fail(`is not valid CSV${where}: ${reason ?? error.code}`, { cause: error });
}

/** CSV decoder behind `csvRecords` and `streamRecords`. */
export class CsvRecordDecoder implements RecordDecoder<CsvRecord> {
  readonly #parser: Parser;
  readonly #fail: FailFn;
  /** A parse error held back until the records before it have been handed out. */
  #error: Error | undefined;
  #ended = false;

  constructor(options: CsvRecordsOptions = {}) {
    const skip = options.skip ?? 0;
    if (!Number.isSafeInteger(skip) || skip < 0)
      throw new TypeError(`skip must be a non-negative integer, got ${skip}`);
    this.#fail = downloadFailure(options.jobId);
    const { onHeader, columns } = options;
    if (columns !== undefined) onHeader?.(columns);
    this.#parser = new Parser({
      bom: true,
      columns:
        columns === undefined
          ? (header: string[]) => {
              onHeader?.(header);
              return header;
            }
          : [...columns],
      record_delimiter: ['\r\n', '\n'],
      relax_column_count: false,
      skip_empty_lines: true,
      from: skip + 1,
    });
    this.#parser.on('error', () => {}); // read from `errored` synchronously instead
  }

  write(chunk: Uint8Array): CsvRecord[] {
    if (this.#error) throw this.#error;
    this.#parser.write(
      Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength),
    );
    return this.#drain();
  }

  end(): CsvRecord[] {
    if (this.#error) throw this.#error;
    if (this.#ended) return [];
    this.#ended = true;
    this.#parser.end();
    return this.#drain();
  }

  #drain(): CsvRecord[] {
    const records: CsvRecord[] = [];
    for (let record = this.#parser.read(); record !== null; record = this.#parser.read())
      records.push(record);
    const errored = this.#parser.errored;
    if (errored) {
      this.#error = csvFailure(errored as CsvError, this.#fail);
      if (records.length === 0) throw this.#error;
    }
    return records;
  }
}

/** Yields every record of `decoder` over `source`, pulling the next chunk only when needed. */
export async function* decodeRecords<R>(
  source: AsyncIterable<Uint8Array>,
  decoder: RecordDecoder<R>,
): AsyncGenerator<R, void, undefined> {
  for await (const chunk of source) {
    const records = decoder.write(chunk);
    for (let i = 0; i < records.length; i++) yield records[i]!;
  }
  const records = decoder.end();
  for (let i = 0; i < records.length; i++) yield records[i]!;
  // A held-back parse error surfaces on the next call.
  decoder.end();
}

/**
 * The records of a CSV byte stream (a result file's uncompressed bytes), keyed by the header row.
 * Pull-based: a chunk is read only when the records of the previous one have been consumed.
 *
 * @throws DownloadError naming the job and the line/record when the CSV is malformed.
 */
export function csvRecords(
  source: AsyncIterable<Uint8Array>,
  opts: CsvRecordsOptions = {},
): AsyncGenerator<CsvRecord, void, undefined> {
  return decodeRecords(source, new CsvRecordDecoder(opts));
}
