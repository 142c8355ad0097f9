/**
 * Between the caller's records and the file splitter: each record written and judged by the row
 * checker (when the fields were read), then sent on or held back. Shared by `import` and `check`,
 * so both split exactly the rows the other would.
 */
import type { BulkWriteRowResult } from '../../schemas/row-errors.js';
import type { InputRecord } from '../import-params.js';
import type { CheckedRow, RowChecker } from './row-check.js';

/** Each record as the splitter should write it, for the records `keep` sends on. */
export async function* screenRecords(
  records: AsyncIterable<InputRecord>,
  checker: RowChecker | undefined,
  keep: (index: number, record: InputRecord, checked: CheckedRow | undefined) => boolean,
): AsyncGenerator<object, void, undefined> {
  let index = 0;
  for await (const record of records) {
    const i = index++;
    const checked = checker?.check(record, i);
    if (keep(i, record, checked)) yield checked?.row ?? record;
  }
}

/** Results of rows not sent, held until the results around them are delivered (input order). */
export class HeldResults {
  #queue: BulkWriteRowResult[] = [];
  #head = 0;

  push(result: BulkWriteRowResult): void {
    this.#queue.push(result);
  }

  /** The held results before input position `index`. */
  *before(index: number): Generator<BulkWriteRowResult, void, undefined> {
    while (this.#head < this.#queue.length && (this.#queue[this.#head]!.index ?? 0) < index) {
      yield this.#queue[this.#head++]!;
    }
    if (this.#head > 1024) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
  }

  /** Every result still held. */
  rest(): Generator<BulkWriteRowResult, void, undefined> {
    return this.before(Number.POSITIVE_INFINITY);
  }
}
