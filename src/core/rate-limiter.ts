/**
 * Sliding-window limiter: at most `perMinute` acquisitions in any 60-second window. One instance
 * is shared by every result download of a client (Zoho refuses the 11th download in a minute).
 */
import type { Clock } from './options.js';

export const WINDOW_MS = 60_000;

export class RateLimiter {
  readonly #limit: number;
  readonly #clock: Clock;
  readonly #window: number;
  /** Times of the acquisitions still inside the window, oldest first. */
  readonly #stamps: number[] = [];

  /** `perMinute` of 0, a negative number or Infinity means no limit. */
  constructor(perMinute: number, clock: Clock, windowMs = WINDOW_MS) {
    this.#limit =
      Number.isFinite(perMinute) && perMinute > 0 ? Math.floor(perMinute) : Number.POSITIVE_INFINITY;
    this.#clock = clock;
    this.#window = windowMs;
  }

  /** Resolves when one more call fits in the window (recording it); rejects with `signal.reason` on abort. */
  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      if (this.#limit === Number.POSITIVE_INFINITY) return;
      const now = this.#clock.now();
      while (this.#stamps.length > 0 && (this.#stamps[0] as number) <= now - this.#window)
        this.#stamps.shift();
      if (this.#stamps.length < this.#limit) {
        this.#stamps.push(now);
        return;
      }
      const oldest = this.#stamps[0] as number;
      await this.#clock.sleep(Math.max(1, oldest + this.#window - now), signal);
    }
  }
}
