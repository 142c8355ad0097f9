/**
 * The one step that splits an import into files: records → bulk-write upload zips (zoho-api.md
 * §3.6), one CSV per zip, at most 25,000 rows, 25 MB zipped and 200 columns. Every job costs Zoho API credits, so files are filled as far
 * as the limits allow: a file ends at `maxRows`, or when the next row could push the zip past
 * `maxZipBytes` — judged on the exact compressed size so far plus a worst-case bound for the rest.
 * Only the current file's zip is held in memory.
 */
import { RequestValidationError } from '../core/errors.js';
import { UPLOAD_LIMITS } from '../schemas/bulk-write-body.js';
import { CsvWriter, type CsvWriterOptions } from '../streaming/csv-writer.js';
import { type ZipEntryWriter, ZipWriter } from '../streaming/zip-writer.js';

export interface ChunkRecordsOptions extends CsvWriterOptions {
  /** Data rows per file (header not counted). @default 25000 */
  maxRows?: number;
  /** Size of each zip file, in bytes. @default 26214400 (25 MiB) */
  maxZipBytes?: number;
  /** Columns per CSV; more is refused before anything is produced. @default 200 */
  maxColumns?: number;
  /** Name of the CSV inside the zip of file `chunkIndex` (0-based). @default `records-${chunkIndex + 1}.csv` */
  fileName?: (chunkIndex: number) => string;
  /** Deflate level 0–9. @default 6 */
  level?: number;
  /** Stops reading records; the generator throws the signal's reason. @default none */
  signal?: AbortSignal | undefined;
}

export interface UploadChunk {
  /** 0-based number of this file. */
  index: number;
  /** Index (0-based, in the input) of the first record in this file. */
  firstIndex: number;
  /** Index of the last record in this file. */
  lastIndex: number;
  /** Data rows in this file (`lastIndex - firstIndex + 1`). */
  rows: number;
  /** The zip, ready to upload. */
  zip: Uint8Array;
  /** The CSV header. */
  columns: string[];
  /** Uncompressed CSV size, header included. */
  csvBytes: number;
  /** Name of the CSV entry in the zip. */
  fileName: string;
}

interface OpenChunk {
  index: number;
  zip: ZipWriter;
  entry: ZipEntryWriter;
  fileName: string;
  firstIndex: number;
  rows: number;
  csvBytes: number;
}

/**
 * Turns records into as few upload zips as the limits allow. Column order comes from `columns` or
 * the first record's keys; a later record with an unknown key is refused (`RequestValidationError`
 * naming the record index and key). A record too large to fit any file alone is refused too.
 */
export async function* chunkRecords(
  records: Iterable<object> | AsyncIterable<object>,
  opts: ChunkRecordsOptions = {},
): AsyncGenerator<UploadChunk, void, undefined> {
  const maxRows = opts.maxRows ?? UPLOAD_LIMITS.maxRows;
  const maxZipBytes = opts.maxZipBytes ?? UPLOAD_LIMITS.maxZipBytes;
  const maxColumns = opts.maxColumns ?? UPLOAD_LIMITS.maxColumns;
  const fileName = opts.fileName ?? ((i: number) => `records-${i + 1}.csv`);
  const csv = new CsvWriter(opts);
  if (csv.columns !== undefined) checkColumns(csv.columns, maxColumns);

  let chunk: OpenChunk | undefined;
  let chunkIndex = 0;
  let index = 0;
  let header = '';

  const open = (firstIndex: number): OpenChunk => {
    const zip = new ZipWriter(opts.level === undefined ? {} : { level: opts.level });
    const name = fileName(chunkIndex);
    const entry = zip.entry(name);
    const headerBytes = Buffer.byteLength(header);
    entry.write(header, headerBytes);
    return { index: chunkIndex++, zip, entry, fileName: name, firstIndex, rows: 0, csvBytes: headerBytes };
  };
  const fits = (c: OpenChunk, bytes: number): boolean => {
    if (c.zip.sizeBound(bytes) <= maxZipBytes) return true;
    c.entry.flush(); // make the size so far exact, then judge only the new row by the bound
    return c.zip.sizeBound(bytes) <= maxZipBytes;
  };

  for await (const record of records) {
    opts.signal?.throwIfAborted();
    if (index === 0 && csv.columns === undefined) {
      checkColumns(csv.inferColumns(record), maxColumns);
    }
    if (header === '') header = csv.header();
    const line = csv.row(record, index);
    const bytes = Buffer.byteLength(line);
    if (chunk !== undefined && (chunk.rows >= maxRows || !fits(chunk, bytes))) {
      const done = finish(chunk, csv.columns!, index - 1);
      chunk = undefined;
      yield done;
      opts.signal?.throwIfAborted();
    }
    if (chunk === undefined) {
      chunk = open(index);
      if (!fits(chunk, bytes)) {
        // The bound is loose for one huge row: write it and measure exactly.
        chunk.entry.write(line, bytes);
        chunk.entry.flush();
        if (chunk.zip.sizeBound() > maxZipBytes) throw tooLarge(index, bytes, maxZipBytes);
        chunk.rows += 1;
        chunk.csvBytes += bytes;
        index += 1;
        continue;
      }
    }
    chunk.entry.write(line, bytes);
    chunk.rows += 1;
    chunk.csvBytes += bytes;
    index += 1;
  }
  if (chunk !== undefined) yield finish(chunk, csv.columns!, index - 1);
}

function finish(c: OpenChunk, columns: readonly string[], lastIndex: number): UploadChunk {
  c.zip.end();
  return {
    index: c.index,
    firstIndex: c.firstIndex,
    lastIndex,
    rows: c.rows,
    zip: c.zip.toBytes(),
    columns: [...columns],
    csvBytes: c.csvBytes,
    fileName: c.fileName,
  };
}

/** Refuses no columns, or more than a bulk-write CSV takes (before anything is read further). */
export function checkColumns(
  columns: readonly string[],
  maxColumns: number = UPLOAD_LIMITS.maxColumns,
): void {
  if (columns.length === 0) {
    throw new RequestValidationError('Records have no columns', {
      issues: [{ code: 'too_small', path: ['columns'], message: 'at least one column is needed' }],
    });
  }
  if (columns.length > maxColumns) {
    throw new RequestValidationError(
      `Records have ${columns.length} columns; a Zoho bulk-write CSV takes at most ${maxColumns}`,
      {
        issues: [
          {
            code: 'too_big',
            path: ['columns'],
            message: `${columns.length} columns, at most ${maxColumns} allowed`,
          },
        ],
      },
    );
  }
}

function tooLarge(index: number, bytes: number, maxZipBytes: number): RequestValidationError {
  return new RequestValidationError(
    `Record ${index} (${bytes} bytes of CSV) does not fit in a ${maxZipBytes}-byte upload file even alone`,
    {
      issues: [
        { code: 'too_big', path: [index], message: `record exceeds the ${maxZipBytes}-byte zip limit` },
      ],
    },
  );
}
