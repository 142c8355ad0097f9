/** Tiny assertion helpers: every failed check throws with what was expected and what came back. */
import { inspect, isDeepStrictEqual } from 'node:util';

export function equal(actual, expected, what) {
  if (!isDeepStrictEqual(actual, expected)) {
    throw new Error(`${what}: expected ${inspect(expected)}, got ${inspect(actual)}`);
  }
}

export function ok(value, what) {
  if (!value) throw new Error(`${what}: expected a truthy value, got ${inspect(value)}`);
}

/** Calls `read` every `interval` ms until `done(value)` (at most `timeout` ms). */
export async function poll(read, done, what, { interval = 100, timeout = 20_000 } = {}) {
  const start = Date.now();
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() - start > timeout) throw new Error(`${what}: still not done after ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/** The text of an SDK value that may be a Choice or a plain string. */
export const text = (value) =>
  value != null && typeof value.getValue === 'function' ? value.getValue() : value;
