/**
 * A per-key cache of one asynchronous load, shared by concurrent callers:
 * - callers asking for the same key while it loads share one load (one request at the wire);
 * - a failed load is not cached: the next caller loads again;
 * - `refresh` starts a new load that replaces the entry (callers already waiting keep theirs);
 * - a caller's abort rejects only its own wait; when the last waiter of an unfinished load gives
 *   up, the load itself is aborted and forgotten.
 */
import { abortable } from '../core/abortable.js';

interface Entry<V> {
  promise: Promise<V>;
  controller: AbortController;
  waiters: number;
  settled: boolean;
}

export interface SharedGetOptions {
  signal?: AbortSignal | undefined;
  /** Load again even when a value (or a load in flight) is cached. @default false */
  refresh?: boolean | undefined;
}

export class SharedCache<K, V> {
  readonly #entries = new Map<K, Entry<V>>();

  constructor(private readonly load: (key: K, signal: AbortSignal) => Promise<V>) {}

  async get(key: K, options: SharedGetOptions = {}): Promise<V> {
    const { signal } = options;
    signal?.throwIfAborted();
    let entry = this.#entries.get(key);
    if (entry === undefined || options.refresh === true) entry = this.#start(key);
    entry.waiters++;
    try {
      return await abortable(entry.promise, signal);
    } finally {
      entry.waiters--;
      if (!entry.settled && entry.waiters === 0 && signal?.aborted) {
        this.#forget(key, entry);
        entry.controller.abort(signal.reason);
      }
    }
  }

  /** Drops the cached value of `key` (or of every key). */
  clear(key?: K): void {
    if (key === undefined) this.#entries.clear();
    else this.#entries.delete(key);
  }

  #start(key: K): Entry<V> {
    const controller = new AbortController();
    const entry: Entry<V> = { controller, waiters: 0, settled: false, promise: Promise.resolve() as never };
    entry.promise = this.load(key, controller.signal).then(
      (value) => {
        entry.settled = true;
        return value;
      },
      (error: unknown) => {
        entry.settled = true;
        this.#forget(key, entry);
        throw error;
      },
    );
    // Nobody may be waiting when it fails (every waiter aborted): never an unhandled rejection.
    entry.promise.catch(() => {});
    this.#entries.set(key, entry);
    return entry;
  }

  #forget(key: K, entry: Entry<V>): void {
    if (this.#entries.get(key) === entry) this.#entries.delete(key);
  }
}
