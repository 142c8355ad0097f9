import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/core/rate-limiter.js';
import { FakeClock } from '../helpers/fake-clock.js';

describe('RateLimiter', () => {
  it('lets 10 through at once; the 11th waits until the oldest leaves the 60 s window', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(10, clock);
    const start = clock.now();
    for (let i = 0; i < 10; i++) {
      await limiter.acquire();
      clock.advance(1000);
    }
    expect(clock.sleeps).toEqual([]);
    await limiter.acquire();
    // Oldest at start, now start+10 s: waits 50 s.
    expect(clock.sleeps).toEqual([50_000]);
    expect(clock.now() - start).toBe(60_000);
    await limiter.acquire(); // the second one (start+1 s) leaves at start+61 s
    expect(clock.sleeps).toEqual([50_000, 1000]);
  });

  it('the window slides: after a quiet minute there is room again', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(2, clock);
    await limiter.acquire();
    await limiter.acquire();
    clock.advance(60_000);
    await limiter.acquire();
    await limiter.acquire();
    expect(clock.sleeps).toEqual([]);
  });

  it('waiting is abortable with the signal reason', async () => {
    const clock = new FakeClock({ auto: false });
    const limiter = new RateLimiter(1, clock);
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    await clock.waitForSleep();
    controller.abort('enough');
    await expect(waiting).rejects.toBe('enough');
    const aborted = new AbortController();
    aborted.abort('before');
    await expect(limiter.acquire(aborted.signal)).rejects.toBe('before');
  });

  it('0 or Infinity means no limit', async () => {
    const clock = new FakeClock();
    for (const perMinute of [0, Number.POSITIVE_INFINITY]) {
      const limiter = new RateLimiter(perMinute, clock);
      for (let i = 0; i < 50; i++) await limiter.acquire();
    }
    expect(clock.sleeps).toEqual([]);
  });
});
