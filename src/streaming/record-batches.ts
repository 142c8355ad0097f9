/**
 * Records made a batch at a time (the records one chunk of a file completes) and handed out one at
 * a time. Every async generator a record passes through costs it a few promise jobs, about as much
 * as decoding it, so the layers of the read path pass batches to each other and only the last
 * one hands out single records: `RecordStream` (`bulkRead.records`, `streamRecords`) or the export's
 * own loop (`src/export/export-pages.ts`), which takes the batches back with `recordBatches`.
 *
 * Nothing is read ahead: the next batch is asked for only when the last record of the current one
 * has been taken, so a failure that comes with it (and the retry that resumes after the records
 * delivered) happens after every earlier record has been consumed.
 */
import { setImmediate as loopTurn } from 'node:timers/promises';

/** Longest stretch (ms) of records handed out without letting the event loop turn. */
const LOOP_BUDGET_MS = 10;
/** Records between two looks at the clock. */
const LOOP_CHECK_EVERY = 64;

/**
 * Records already decoded are handed out through promise jobs only, which never let timers or I/O
 * run; so every `LOOP_BUDGET_MS` of decoding plus the consumer's own work, the event loop is let
 * turn once (`setImmediate` of `node:timers/promises`, which fake timers leave alone).
 */
export class LoopTurns {
  #count = 0;
  #turned = performance.now();

  /** Call once per record handed out: a promise to wait for when the loop is due a turn. */
  tick(): Promise<void> | undefined {
    if (++this.#count % LOOP_CHECK_EVERY !== 0 || performance.now() - this.#turned <= LOOP_BUDGET_MS)
      return undefined;
    return loopTurn().then(() => {
      this.#turned = performance.now();
    });
  }
}

/** Records of `batches`, one at a time (see the module comment). Calls of `next` are served in order. */
export class RecordStream<T> implements AsyncGenerator<T, void, undefined> {
  readonly #batches: AsyncGenerator<T[], void, undefined>;
  #batch: T[] = [];
  #at = 0;
  #started = false;
  #done = false;
  /** The pull of the next batch in progress. */
  #pulling: Promise<IteratorResult<T, void>> | undefined;
  readonly #turns = new LoopTurns();

  constructor(batches: AsyncGenerator<T[], void, undefined>) {
    this.#batches = batches;
  }

  next(): Promise<IteratorResult<T, void>> {
    this.#started = true;
    if (this.#pulling) return this.#pulling.then(() => this.next());
    if (this.#at < this.#batch.length) {
      const result = { value: this.#batch[this.#at++]!, done: false } as const;
      const turn = this.#turns.tick();
      return turn ? turn.then(() => result) : Promise.resolve(result);
    }
    if (this.#done) return Promise.resolve({ value: undefined, done: true });
    this.#pulling = this.#pull();
    return this.#pulling;
  }

  async #pull(): Promise<IteratorResult<T, void>> {
    try {
      for (;;) {
        const next = await this.#batches.next();
        if (next.done) {
          this.#done = true;
          return { value: undefined, done: true };
        }
        if (next.value.length > 0) {
          this.#batch = next.value;
          this.#at = 1;
          return { value: next.value[0]!, done: false };
        }
      }
    } catch (error) {
      this.#done = true;
      throw error;
    } finally {
      this.#pulling = undefined;
    }
  }

  /** Stops: the batch source is closed (which cancels its download). */
  async return(): Promise<IteratorResult<T, void>> {
    this.#started = true;
    this.#done = true;
    this.#batch = [];
    await this.#batches.return();
    return { value: undefined, done: true };
  }

  /** Stops like `return`, then rejects with `error`. */
  async throw(error: unknown): Promise<IteratorResult<T, void>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** The batches themselves, when nothing has been read from this stream yet. */
  takeBatches(): AsyncGenerator<T[], void, undefined> | undefined {
    if (this.#started) return undefined;
    this.#started = true;
    this.#done = true;
    return this.#batches;
  }
}

/** The batches behind `records` when it is a `RecordStream` not read from yet, else each record alone. */
export function recordBatches<T>(records: AsyncIterable<T>): AsyncIterable<T[]> {
  return (records instanceof RecordStream ? records.takeBatches() : undefined) ?? single(records);
}

async function* single<T>(records: AsyncIterable<T>): AsyncGenerator<T[], void, undefined> {
  for await (const record of records) yield [record];
}
