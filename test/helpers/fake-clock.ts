/**
 * A fake `Clock` for tests: nothing waits for real.
 *
 * - Auto mode (default): `sleep(ms)` records `ms` in `sleeps`, moves `now()` forward by `ms` and
 *   resolves on a microtask. Concurrent sleeps each advance time (fine for counting delays).
 * - Manual mode (`{ auto: false }`): sleeps stay pending until `advance(ms)` moves time past
 *   their end; use it to abort "during" a sleep or to interleave events with time.
 *
 * Both modes honour `signal`: an aborted signal rejects the sleep with `signal.reason` at once.
 */
import type { Clock } from '../../src/core/options.js';

interface PendingSleep {
  until: number;
  resolve: () => void;
}

export interface FakeClockOptions {
  /** Epoch ms `now()` starts at. @default Date.UTC(2024, 0, 1) */
  start?: number;
  /** Resolve sleeps at once, advancing time. @default true */
  auto?: boolean;
}

export class FakeClock implements Clock {
  /** Every `ms` ever passed to `sleep`, in call order. */
  readonly sleeps: number[] = [];
  auto: boolean;
  #now: number;
  #pending: PendingSleep[] = [];

  constructor(options: FakeClockOptions = {}) {
    this.#now = options.start ?? Date.UTC(2024, 0, 1);
    this.auto = options.auto ?? true;
  }

  now(): number {
    return this.#now;
  }

  /** Sleeps still waiting (manual mode). */
  get pending(): number {
    return this.#pending.length;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    this.sleeps.push(ms);
    if (this.auto) {
      this.#now += Math.max(0, ms);
      return Promise.resolve().then(() => signal?.throwIfAborted());
    }
    return new Promise<void>((resolve, reject) => {
      const entry: PendingSleep = {
        until: this.#now + Math.max(0, ms),
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.#pending = this.#pending.filter((p) => p !== entry);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#pending.push(entry);
    });
  }

  /** Moves time forward by `ms`, resolving (in order) every sleep that ends by then. */
  advance(ms: number): void {
    this.#now += ms;
    const due = this.#pending.filter((p) => p.until <= this.#now).sort((a, b) => a.until - b.until);
    this.#pending = this.#pending.filter((p) => p.until > this.#now);
    for (const p of due) p.resolve();
  }

  /** Sets `now()` without resolving anything. */
  set(now: number): void {
    this.#now = now;
  }

  /** Resolves once at least `count` sleeps are pending (manual mode), flushing real macrotasks. */
  async waitForSleep(count = 1, maxTurns = 1000): Promise<void> {
    for (let turn = 0; turn < maxTurns; turn++) {
      if (this.#pending.length >= count) return;
      await new Promise((resolve) => setImmediate(resolve));
    }
    throw new Error(`FakeClock: expected ${count} pending sleep(s), have ${this.#pending.length}`);
  }
}
