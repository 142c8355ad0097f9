/**
 * The input side of an import: the caller's records are pulled once, by the file splitter; each
 * record sent is kept here, with its input position, until its file's results have been joined
 * back to it, then dropped. (With `preflight: 'rows'` a row that is not sent is never kept, so the
 * n-th row sent need not be the n-th record.)
 */
import type { InputRecord } from './import-params.js';

/** A record kept for its results, with its 0-based position in the input. */
export interface BufferedRecord {
  index: number;
  record: InputRecord;
}

/** Records sent to the splitter, kept until their file's results have been joined. */
export class RecordBuffer {
  #base = 0;
  #records: BufferedRecord[] = [];

  push(index: number, record: InputRecord): void {
    this.#records.push({ index, record });
  }

  /** Removes and returns the rows sent `first..last` (counted in rows sent; everything before `first` is dropped too). */
  take(first: number, last: number): BufferedRecord[] {
    const out = this.#records.slice(first - this.#base, last - this.#base + 1);
    this.#records = this.#records.slice(last - this.#base + 1);
    this.#base = last + 1;
    return out;
  }
}

/** The caller's records, opened: the first one read (to plan the columns) and all of them. */
export interface OpenedRecords {
  first: InputRecord;
  all: () => AsyncGenerator<InputRecord>;
  /** Closes the caller's iterator when `all` is never read (an import refused after the first record). */
  close: () => Promise<void>;
}

/** Reads the first record; undefined when there is none. */
export async function openRecords(
  records: Iterable<InputRecord> | AsyncIterable<InputRecord>,
): Promise<OpenedRecords | undefined> {
  const source = (
    Symbol.asyncIterator in records ? records[Symbol.asyncIterator]() : records[Symbol.iterator]()
  ) as Iterator<InputRecord> | AsyncIterator<InputRecord>;
  const head = await source.next();
  if (head.done) return undefined;
  const first = head.value;
  async function* all(): AsyncGenerator<InputRecord> {
    let finished = false;
    try {
      yield first;
      for (let next = await source.next(); !next.done; next = await source.next()) yield next.value;
      finished = true;
    } finally {
      // An import that stops early closes the caller's iterator (a file, a cursor), as for-of does.
      if (!finished) await Promise.resolve(source.return?.()).catch(() => undefined);
    }
  }
  const close = async () => {
    await Promise.resolve(source.return?.()).catch(() => undefined);
  };
  return { first, all, close };
}
