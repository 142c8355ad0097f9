/**
 * Byte plumbing for the read pipeline: turning an HTTP body (web `ReadableStream` or any async
 * iterable) into a pull-based chunk iterator that honours an `AbortSignal`; `ByteSource`, a small
 * look-ahead reader with push-back (`raw-inflate.ts` inflates from one).
 *
 * Everything here works per chunk, never per byte or per record.
 */
import { abortable } from '../core/abortable.js';

export type ByteBody = AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;

export interface BodyChunksOptions {
  /** Aborting rejects the pending read with `signal.reason` and cancels the body. @default none */
  signal?: AbortSignal | undefined;
  /** Called with the size of every chunk received. @default none */
  onBytes?: ((n: number) => void) | undefined;
}

const isReadableStream = (body: ByteBody): body is ReadableStream<Uint8Array> =>
  typeof (body as ReadableStream<Uint8Array>).getReader === 'function';

/**
 * The chunks of an HTTP body, pulled one at a time. Returning early (or an error, or an abort)
 * cancels a `ReadableStream` body / calls `return()` on an async iterator body.
 */
export async function* bodyChunks(
  body: ByteBody,
  options: BodyChunksOptions = {},
): AsyncGenerator<Uint8Array> {
  const { signal, onBytes } = options;
  const iterator = isReadableStream(body) ? readerIterator(body) : body[Symbol.asyncIterator]();
  let done = false;
  try {
    for (;;) {
      const result = await abortable(iterator.next(), signal);
      if (result.done) {
        done = true;
        return;
      }
      onBytes?.(result.value.byteLength);
      yield result.value;
    }
  } finally {
    if (!done) await Promise.resolve(iterator.return?.()).catch(() => {});
  }
}

/**
 * A `ReadableStream` as an iterator whose `return()` cancels the stream without waiting: some
 * bodies (msw's mocked ones among them) never settle `cancel()`, and a consumer's `break` must not
 * hang on it. The cancel still reaches the source.
 */
function readerIterator(body: ReadableStream<Uint8Array>): AsyncIterator<Uint8Array> {
  const reader = body.getReader();
  return {
    next: () => reader.read() as Promise<IteratorResult<Uint8Array>>,
    return: () => {
      reader.cancel().catch(() => {});
      reader.releaseLock();
      return Promise.resolve({ done: true, value: undefined });
    },
  };
}

/** A pull-based reader over byte chunks with push-back (`unshift`) and bounded reads. */
export class ByteSource {
  readonly #iterator: AsyncIterator<Uint8Array>;
  /** Pushed-back or split-off bytes, served before the iterator is asked again. */
  readonly #pending: Uint8Array[] = [];
  #done = false;
  /** A read error held back until the bytes before it have been served. */
  #error: { error: unknown } | undefined;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.#iterator = source[Symbol.asyncIterator]();
  }

  /** The next chunk of at most `max` bytes (never empty), or `undefined` at the end of the source. */
  async read(max = Number.POSITIVE_INFINITY): Promise<Uint8Array | undefined> {
    let chunk = this.#pending.shift();
    while (chunk === undefined) {
      if (this.#error) throw this.#error.error;
      if (this.#done) return undefined;
      const result = await this.#iterator.next();
      if (result.done) {
        this.#done = true;
        return undefined;
      }
      if (result.value.byteLength > 0) chunk = result.value;
    }
    if (chunk.byteLength > max) {
      this.#pending.unshift(chunk.subarray(max));
      return chunk.subarray(0, max);
    }
    return chunk;
  }

  /** Puts bytes back in front of the source. */
  unshift(bytes: Uint8Array): void {
    if (bytes.byteLength > 0) this.#pending.unshift(bytes);
  }

  /** Makes `read` throw `error` once the bytes already pushed back have been served. */
  deferError(error: unknown): void {
    this.#error ??= { error };
  }

  /** Exactly `n` bytes, fewer only when the source ends first. */
  async readUpTo(n: number): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    let total = 0;
    while (total < n) {
      const chunk = await this.read(n - total);
      if (chunk === undefined) break;
      parts.push(chunk);
      total += chunk.byteLength;
    }
    if (parts.length === 1) return parts[0]!;
    return Buffer.concat(parts, total);
  }

  /** Releases the underlying iterator (calls its `return()`) unless it already ended. */
  async close(): Promise<void> {
    this.#pending.length = 0;
    if (this.#done) return;
    this.#done = true;
    await Promise.resolve(this.#iterator.return?.()).catch(() => {});
  }
}
