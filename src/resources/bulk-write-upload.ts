/**
 * Turns what a caller hands to `bulkWrite.upload` into one zip, checked against Zoho's per-file
 * limits before anything is sent (zoho-api.md §3.6): zip bytes go as they are, CSV text or bytes
 * are zipped, records are written as CSV and zipped while they stream. More than 25,000 rows,
 * 200 columns or 25 MB zipped is a `RequestValidationError`.
 */
import { RequestValidationError } from '../core/errors.js';
import { chunkRecords } from '../import/split-into-files.js';
import { UPLOAD_LIMITS } from '../schemas/bulk-write-body.js';
import type { CsvWriterOptions } from '../streaming/csv-writer.js';
import { unzipFirstEntry } from '../streaming/unzip.js';
import { isZip, zipCsvText } from '../streaming/zip-writer.js';

/** Zip bytes, CSV text or bytes, or records (plain objects keyed by field API name). */
export type UploadInput =
  | Uint8Array
  | ArrayBuffer
  | string
  | Iterable<Readonly<Record<string, unknown>>>
  | AsyncIterable<Readonly<Record<string, unknown>>>;

export interface UploadOptions extends CsvWriterOptions {
  /** Cancels building and sending the file. @default none */
  signal?: AbortSignal | undefined;
  /** Name of the CSV inside a zip built from CSV text or records. @default 'records.csv' */
  fileName?: string | undefined;
}

export interface PreparedUpload {
  zip: Uint8Array;
  /** Data rows, when known (not for a zip whose CSV could not be read here). */
  rows: number | undefined;
  columns: number | undefined;
}

const refuse = (message: string, path: PropertyKey[] = []): RequestValidationError =>
  new RequestValidationError(message, {
    issues: [{ code: 'too_big', path, message }],
    endpoint: 'bulkWrite.upload',
  });

/** Counts records and header columns of CSV bytes as they stream: quote-aware, lenient. */
export class CsvShapeCounter {
  records = 0;
  columns = 0;
  #inQuotes = false;
  #lineHasData = false;
  #headerDone = false;
  #bomChecked = false;

  write(bytes: Uint8Array): void {
    let i = 0;
    if (!this.#bomChecked && bytes.length > 0) {
      this.#bomChecked = true;
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
    }
    for (; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (b === 0x22) {
        this.#inQuotes = !this.#inQuotes;
        this.#lineHasData = true;
      } else if (this.#inQuotes) {
        this.#lineHasData = true;
      } else if (b === 0x0a) {
        this.#endLine();
      } else if (b !== 0x0d) {
        if (!this.#headerDone && b === 0x2c) this.columns++;
        this.#lineHasData = true;
      }
    }
  }

  end(): void {
    this.#endLine();
  }

  /** Data rows: records after the header. */
  get rows(): number {
    return Math.max(0, this.records - 1);
  }

  #endLine(): void {
    if (!this.#lineHasData) return;
    if (!this.#headerDone) {
      this.#headerDone = true;
      this.columns++;
    }
    this.records++;
    this.#lineHasData = false;
  }
}

function checkShape(rows: number, columns: number): void {
  if (rows > UPLOAD_LIMITS.maxRows) {
    throw refuse(
      `The file has ${rows} rows; a Zoho bulk-write file takes at most ${UPLOAD_LIMITS.maxRows} (bulkWrite.import splits larger inputs)`,
      ['rows'],
    );
  }
  if (columns > UPLOAD_LIMITS.maxColumns) {
    throw refuse(
      `The file has ${columns} columns; a Zoho bulk-write file takes at most ${UPLOAD_LIMITS.maxColumns}`,
      ['columns'],
    );
  }
}

function checkSize(zip: Uint8Array): void {
  if (zip.byteLength > UPLOAD_LIMITS.maxZipBytes) {
    throw refuse(
      `The zip is ${zip.byteLength} bytes; Zoho takes at most ${UPLOAD_LIMITS.maxZipBytes} (25 MB) per file (bulkWrite.import splits larger inputs)`,
      ['zip'],
    );
  }
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/** Rows and columns of the first CSV in a zip; undefined when it cannot be read here. */
async function zipShape(zip: Uint8Array): Promise<CsvShapeCounter | undefined> {
  const counter = new CsvShapeCounter();
  try {
    for await (const chunk of unzipFirstEntry(once(zip))) {
      counter.write(chunk);
      if (counter.records > UPLOAD_LIMITS.maxRows + 1) break;
    }
  } catch {
    return undefined; // not readable here (e.g. a stored entry with a descriptor): Zoho judges it
  }
  counter.end();
  return counter;
}

function isAsyncIterable(value: object): value is AsyncIterable<Readonly<Record<string, unknown>>> {
  return Symbol.asyncIterator in value;
}

/** Builds and checks the zip for one upload. */
export async function prepareUpload(input: UploadInput, opts: UploadOptions = {}): Promise<PreparedUpload> {
  const fileName = opts.fileName ?? 'records.csv';
  if (typeof input === 'string' || input instanceof Uint8Array || input instanceof ArrayBuffer) {
    const bytes =
      typeof input === 'string'
        ? new TextEncoder().encode(input)
        : input instanceof ArrayBuffer
          ? new Uint8Array(input)
          : input;
    if (isZip(bytes)) {
      checkSize(bytes);
      const shape = await zipShape(bytes);
      if (shape) checkShape(shape.rows, shape.columns);
      return { zip: bytes, rows: shape?.rows, columns: shape?.columns };
    }
    const shape = new CsvShapeCounter();
    shape.write(bytes);
    shape.end();
    checkShape(shape.rows, shape.columns);
    if (shape.records === 0) throw refuse('The CSV is empty (it needs a header row of field API names)');
    const zip = zipCsvText(bytes, fileName);
    checkSize(zip);
    return { zip, rows: shape.rows, columns: shape.columns };
  }
  if (typeof input !== 'object' || input === null || !(Symbol.iterator in input || isAsyncIterable(input))) {
    throw new RequestValidationError(
      'upload input must be zip bytes, CSV text/bytes, or an iterable of records',
      {
        issues: [{ code: 'invalid_type', path: [], message: 'unsupported upload input' }],
        endpoint: 'bulkWrite.upload',
      },
    );
  }
  return recordsUpload(input, opts, fileName);
}

async function recordsUpload(
  records: Iterable<Readonly<Record<string, unknown>>> | AsyncIterable<Readonly<Record<string, unknown>>>,
  opts: UploadOptions,
  fileName: string,
): Promise<PreparedUpload> {
  let pulled = 0;
  async function* counted(): AsyncGenerator<Readonly<Record<string, unknown>>> {
    for await (const record of records) {
      pulled++;
      yield record;
    }
  }
  const chunkOpts: Parameters<typeof chunkRecords>[1] = { fileName: () => fileName, signal: opts.signal };
  if (opts.columns !== undefined) chunkOpts.columns = opts.columns;
  if (opts.dateFormats !== undefined) chunkOpts.dateFormats = opts.dateFormats;
  const chunks = chunkRecords(counted(), chunkOpts);
  try {
    const first = await chunks.next();
    if (first.done) throw refuse('No records to upload');
    const chunk = first.value;
    if (pulled > chunk.rows) {
      // The chunker read a record that did not fit: the input is larger than one file.
      throw refuse(
        chunk.rows >= UPLOAD_LIMITS.maxRows
          ? `More than ${UPLOAD_LIMITS.maxRows} records; a Zoho bulk-write file takes at most ${UPLOAD_LIMITS.maxRows} rows (bulkWrite.import splits larger inputs)`
          : `The records do not fit in one 25 MB zip (${chunk.rows} did); bulkWrite.import splits larger inputs`,
        ['rows'],
      );
    }
    return { zip: chunk.zip, rows: chunk.rows, columns: chunk.columns.length };
  } finally {
    await chunks.return(undefined);
  }
}
