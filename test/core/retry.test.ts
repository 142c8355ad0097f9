import { describe, expect, it, vi } from 'vitest';
import {
  ConnectionError,
  OAuthError,
  RateLimitError,
  RequestValidationError,
  ZohoApiError,
} from '../../src/core/errors.js';
import {
  doNotRetry,
  isRetryable,
  parseRetryAfter,
  retryDelay,
  retryReason,
  withRetry,
} from '../../src/core/retry.js';
import { FakeClock } from '../helpers/fake-clock.js';

const api = (status: number, code = `HTTP_${status}`, retryAfterMs?: number) =>
  new ZohoApiError('x', { status, code, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });

describe('isRetryable', () => {
  it('retries 429 and notSent connection errors for every request', () => {
    expect(isRetryable(new RateLimitError('x', { code: 'TOO_MANY_REQUESTS' }), false)).toBe(true);
    expect(isRetryable(api(200, 'TOO_MANY_REQUESTS'), false)).toBe(true);
    expect(isRetryable(new ConnectionError('x', { notSent: true }), false)).toBe(true);
  });
  it('retries 5xx, resets and timeouts only when idempotent', () => {
    expect(isRetryable(api(502), true)).toBe(true);
    expect(isRetryable(api(502), false)).toBe(false);
    expect(isRetryable(new ConnectionError('x', {}), true)).toBe(true);
    expect(isRetryable(new ConnectionError('x', { isTimeout: true }), false)).toBe(false);
  });
  it('never retries 4xx, validation, OAuth or unknown errors', () => {
    expect(isRetryable(api(400, 'INVALID_DATA'), true)).toBe(false);
    expect(isRetryable(api(401, 'INVALID_TOKEN'), true)).toBe(false);
    expect(isRetryable(new OAuthError('x', { code: 'invalid_client' }), true)).toBe(false);
    expect(isRetryable(new RequestValidationError('x', { issues: [] }), true)).toBe(false);
    expect(isRetryable(new Error('x'), true)).toBe(false);
  });
});

describe('retryDelay / parseRetryAfter', () => {
  it('uses Retry-After when known', () => {
    expect(retryDelay(api(429, 'X', 7000), 3)).toBe(7000);
  });
  it('backs off exponentially with jitter between half and all of 1 s·2^n, capped at 60 s', () => {
    expect([1, 2, 3, 4].map((n) => retryDelay(api(503), n, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3].map((n) => retryDelay(api(503), n, () => 0.999999))).toEqual([1000, 2000, 4000]);
    expect(retryDelay(api(503), 20, () => 0.5)).toBe(45_000);
    expect(retryDelay(api(503), 20, () => 0.999999)).toBe(60_000);
  });
  it('parses seconds and HTTP dates', () => {
    const now = Date.UTC(2024, 0, 1, 0, 0, 0);
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter(' 1.5 ', now)).toBe(1500);
    expect(parseRetryAfter('Mon, 01 Jan 2024 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 01 Jan 2023 00:00:30 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
  it('labels reasons', () => {
    expect(retryReason(new ConnectionError('x', { isTimeout: true }))).toBe('timeout');
    expect(
      retryReason(new ConnectionError('x', { cause: Object.assign(new Error('r'), { code: 'ECONNRESET' }) })),
    ).toBe('ECONNRESET');
    expect(retryReason(new ConnectionError('x', {}))).toBe('connection error');
    expect(retryReason(api(502))).toBe('HTTP 502 HTTP_502');
    expect(retryReason(new Error('x'))).toBe('error');
  });
});

describe('withRetry', () => {
  it('sleeps the policy delays on the injected clock and logs each retry', async () => {
    const clock = new FakeClock();
    const onRetry = vi.fn();
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls === 1) throw api(429, 'TOO_MANY_REQUESTS', 7000);
        if (calls === 2) throw api(503);
        return 'ok';
      },
      { retries: 4, idempotent: true, clock, onRetry, random: () => 0 },
    );
    expect(result).toBe('ok');
    expect(clock.sleeps).toEqual([7000, 1000]);
    expect(onRetry.mock.calls.map(([i]) => [i.attempt, i.delayMs, i.reason])).toEqual([
      [1, 7000, 'HTTP 429 TOO_MANY_REQUESTS'],
      [2, 1000, 'HTTP 503 HTTP_503'],
    ]);
  });

  it('stops after `retries` retries with the last error', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const error = api(500);
    await expect(
      withRetry(
        async () => {
          calls++;
          throw error;
        },
        { retries: 2, idempotent: true, clock },
      ),
    ).rejects.toBe(error);
    expect(calls).toBe(3);
    expect(clock.sleeps).toHaveLength(2);
  });

  it('does not retry what the policy refuses, nor doNotRetry errors', async () => {
    const clock = new FakeClock();
    const err = api(500);
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw err;
        },
        { retries: 3, idempotent: false, clock },
      ),
    ).rejects.toBe(err);
    const fatal = new RateLimitError('x', { code: 'TOO_MANY_REQUESTS' });
    await expect(
      withRetry(async () => doNotRetry(fatal), { retries: 3, idempotent: true, clock }),
    ).rejects.toBe(fatal);
    await expect(
      withRetry(async () => doNotRetry('plain'), { retries: 0, idempotent: true, clock }),
    ).rejects.toThrow();
    expect(calls).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('rejects with the abort reason, at once, even during a retry sleep', async () => {
    const clock = new FakeClock({ auto: false });
    const controller = new AbortController();
    const reason = new Error('stop');
    const running = withRetry(
      async () => {
        throw api(503);
      },
      { retries: 5, idempotent: true, clock, signal: controller.signal },
    );
    await clock.waitForSleep();
    controller.abort(reason);
    await expect(running).rejects.toBe(reason);

    const already = new AbortController();
    already.abort('gone');
    await expect(
      withRetry(async () => 1, { retries: 1, idempotent: true, clock, signal: already.signal }),
    ).rejects.toBe('gone');
  });

  it('a non-Error abort reason thrown by the attempt comes back as is', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    await expect(
      withRetry(
        async () => {
          controller.abort('why');
          throw controller.signal.reason;
        },
        { retries: 2, idempotent: true, clock, signal: controller.signal },
      ),
    ).rejects.toBe('why');
  });
});
