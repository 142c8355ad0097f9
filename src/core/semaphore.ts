/** A counting semaphore: at most `limit` holders at once, FIFO, abortable while waiting. */
export class Semaphore {
  readonly #limit: number;
  #active = 0;
  readonly #waiters: (() => void)[] = [];

  constructor(limit: number) {
    this.#limit = Number.isFinite(limit) && limit >= 1 ? Math.floor(limit) : Number.POSITIVE_INFINITY;
  }

  /** Holders right now. */
  get active(): number {
    return this.#active;
  }

  /** Waits for a slot; resolves with the function that gives it back (call it exactly once). */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    signal?.throwIfAborted();
    if (this.#active < this.#limit) {
      this.#active++;
      return this.#releaser();
    }
    await new Promise<void>((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        const index = this.#waiters.indexOf(grant);
        if (index >= 0) this.#waiters.splice(index, 1);
        reject(signal?.reason);
      };
      this.#waiters.push(grant);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    return this.#releaser();
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiters.shift();
      // The slot passes straight to the next waiter; the count only drops when nobody waits.
      if (next) next();
      else this.#active--;
    };
  }
}
