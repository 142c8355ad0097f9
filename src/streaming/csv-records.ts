/**
 * CSV bytes → records. Each chunk is decoded once and parsed by `CsvParser` (`csv-decoder.ts`),
 * which gives the records csv-parse gave, several times faster; the records a chunk completes
 * are returned at once, so nothing is read ahead of the consumer.
 *
 * UTF-8: a streaming `TextDecoder` (a character split across chunks is intact, malformed bytes
 * become U+FFFD as csv-parse's `Buffer#toString` makes them), except that a chunk of ASCII bytes
 * met while the decoder holds no partial character is copied as Latin-1: the same text, ~5× less
 * CPU than the streaming decoder here. A BOM at the start of the input is dropped.
 *
 * A record is keyed by the header row; values are the CSV text as Zoho wrote it (empty cells are
 * `''`, quoted line breaks are kept exactly); records may end in CRLF or LF.
 */
import { isAscii } from 'node:buffer';
import { CsvParser, type CsvRecord, CsvSyntaxError } from './csv-decoder.js';
import { downloadFailure, type FailFn } from './download-failure.js';

export type { CsvRecord } from './csv-decoder.js';

export interface CsvRecordsOptions {
  /** Job id named in error messages. @default undefined */
  jobId?: string | undefined;
  /** Zip entry named in error messages (a result zip holding several CSVs). @default undefined */
  entry?: string | undefined;
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

/** CSV decoder behind `csvRecords` and `streamRecords`. */
export class CsvRecordDecoder implements RecordDecoder<CsvRecord> {
  readonly #utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
  /** The streaming decoder may hold the first bytes of a character. */
  #partial = false;
  /** No text decoded yet (a BOM would come first). */
  #atStart = true;
  readonly #parser: CsvParser;
  readonly #fail: FailFn;
  /** A parse error held back until the records before it have been handed out. */
  #error: Error | undefined;
  #ended = false;

  constructor(options: CsvRecordsOptions = {}) {
    const skip = options.skip ?? 0;
    if (!Number.isSafeInteger(skip) || skip < 0)
      throw new TypeError(`skip must be a non-negative integer, got ${skip}`);
    this.#fail = downloadFailure(options.jobId, options.entry);
    const { onHeader, columns } = options;
    if (columns !== undefined) onHeader?.(columns);
    this.#parser = new CsvParser({ columns, skip, onHeader: columns === undefined ? onHeader : undefined });
  }

  write(chunk: Uint8Array): CsvRecord[] {
    if (this.#error) throw this.#error;
    return this.#parse(this.#decode(chunk), false);
  }

  end(): CsvRecord[] {
    if (this.#error) throw this.#error;
    if (this.#ended) return [];
    this.#ended = true;
    return this.#parse(this.#withoutBom(this.#partial ? this.#utf8.decode() : ''), true);
  }

  #decode(chunk: Uint8Array): string {
    let text: string;
    if (!this.#partial && isAscii(chunk)) {
      text = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1');
    } else {
      text = this.#utf8.decode(chunk, { stream: true });
      if (chunk.length > 0) this.#partial = chunk[chunk.length - 1]! >= 0x80;
    }
    return this.#withoutBom(text);
  }

  #withoutBom(text: string): string {
    if (!this.#atStart || text === '') return text;
    this.#atStart = false;
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }

  #parse(text: string, final: boolean): CsvRecord[] {
    const records: CsvRecord[] = [];
    try {
      this.#parser.parse(text, final, records);
    } catch (error) {
      if (!(error instanceof CsvSyntaxError)) throw error;
      // Cell contents never reach the message.
      this.#error = this.#fail(`is not valid CSV ${error.message}`, { cause: error });
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
