/**
 * The input side of an import: the caller's records are pulled once, by the file splitter; each
 * record is kept here until its file's results have been joined back to it, then dropped.
 */
import type { InputRecord } from './import-params.js';

/** Records pulled by the splitter, kept until their file's results have been joined. */
export class RecordBuffer {
  #base = 0;
  #records: InputRecord[] = [];

  push(record: InputRecord): void {
    this.#records.push(record);
  }

  /** Removes and returns records `first..last` (everything before `first` is dropped too). */
  take(first: number, last: number): InputRecord[] {
    const out = this.#records.slice(first - this.#base, last - this.#base + 1);
    this.#records = this.#records.slice(last - this.#base + 1);
    this.#base = last + 1;
    return out;
  }
}

/** The caller's records, opened: the first one read (to plan the columns) and all of them, kept in `buffer` as they are pulled. */
export interface OpenedRecords {
  first: InputRecord;
  all: (buffer: RecordBuffer) => AsyncGenerator<InputRecord>;
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
  async function* all(buffer: RecordBuffer): AsyncGenerator<InputRecord> {
    let finished = false;
    try {
      buffer.push(first);
      yield first;
      for (let next = await source.next(); !next.done; next = await source.next()) {
        buffer.push(next.value);
        yield next.value;
      }
      finished = true;
    } finally {
      // An import that stops early closes the caller's iterator (a file, a cursor), as for-of does.
      if (!finished) await Promise.resolve(source.return?.()).catch(() => undefined);
    }
  }
  return { first, all };
}
