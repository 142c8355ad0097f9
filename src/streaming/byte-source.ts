/**
 * Byte plumbing for the read pipeline: turning an HTTP body (web `ReadableStream` or any async
 * iterable) into a pull-based chunk iterator that honours an `AbortSignal`; `ByteSource`, a small
 * look-ahead reader with push-back; and `inflateRawFrom`, which inflates a raw deflate stream from
 * a `ByteSource` and stops exactly where that stream ends.
 *
 * Everything here works per chunk, never per byte or per record.
 */
import { crc32, createInflateRaw } from 'node:zlib';
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

/**
 * Compressed bytes handed to zlib at a time: bounds the output buffered per step (~4× this).
 * The 1M-record export bench's ratio to csv-parse is 4.8–5.5 with 32, 48 or 64 KiB alike (the
 * spread of runs on this 2-core machine is larger than the difference); 32 KiB keeps memory lowest.
 */
const SLICE = 32 * 1024;
/** Smaller input chunks are coalesced up to this size before they go to zlib. */
const MIN_SLICE = 8 * 1024;
/**
 * zlib's output chunk. Well under 64 KiB so its decoded text, two bytes a character when it holds
 * any non-Latin-1 character, stays under V8's 128 KiB large-object size: a larger string is
 * allocated in the old generation and freed only by a full GC, and the records' values are slices
 * of it. With the event-loop turn between chunks (below), 32 KiB gave the bench's max RSS
 * 139–147 MB in 5 runs of 6 (one 157 MB) where 60 KiB reached 154–206 MB (64 KiB without the turn: ~155 MB; 256 KiB and up
 * cost more memory and event-loop delay and were no faster).
 */
const OUTPUT_CHUNK = 32 * 1024;

/** One turn of the event loop (its I/O callbacks, zlib's among them, run first). */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** What an inflated stream turned out to be. */
export interface InflateSums {
  /** CRC-32 of the inflated bytes. */
  crc: number;
  /** Compressed bytes the deflate stream used. */
  compressed: number;
  /** Inflated bytes. */
  size: number;
}

/**
 * Reads compressed input for zlib, coalescing small chunks (up to `MIN_SLICE`) so zlib is not
 * called per tiny chunk. A read error after some bytes were gathered is deferred until those
 * bytes have been used, so the records they complete are still delivered.
 */
async function readSlice(src: ByteSource): Promise<Uint8Array | undefined> {
  const first = await src.read(SLICE);
  if (first === undefined || first.length >= MIN_SLICE) return first;
  const parts = [first];
  let total = first.length;
  try {
    while (total < MIN_SLICE) {
      const more = await src.read(SLICE - total);
      if (more === undefined) break;
      parts.push(more);
      total += more.length;
    }
  } catch (error) {
    src.deferError(error);
  }
  return parts.length === 1 ? first : Buffer.concat(parts, total);
}

/**
 * Inflates the raw deflate stream at the front of `src` with `node:zlib`, slice by slice, and
 * returns its sums. A deflate stream knows its own end: zlib's `bytesWritten` says how much of
 * the last slice it used, and the rest goes back to `src` (for a zip, the data descriptor).
 *
 * The next slice is handed to zlib (which works off the main thread) before the current slice's
 * output is yielded, so inflating overlaps with the consumer: at most one slice is read ahead.
 * zlib errors (corrupt data; `Z_BUF_ERROR` when the input ends first) go through `mapZlibError`;
 * read errors from `src` pass through unchanged.
 */
export async function* inflateRawFrom(
  src: ByteSource,
  mapZlibError: (error: unknown) => Error,
): AsyncGenerator<Buffer, InflateSums, undefined> {
  const inflate = createInflateRaw({ chunkSize: OUTPUT_CHUNK });
  let outputs: Buffer[] = [];
  let ended = false;
  let failure: Error | undefined;
  /** Told when zlib ends (no argument) or fails; settles what is being waited for. */
  let wake: ((error?: Error) => void) | undefined;
  /** Told when zlib hands out a chunk. */
  let outputArrived: (() => void) | undefined;
  inflate.on('data', (chunk: Buffer) => {
    outputs.push(chunk);
    outputArrived?.();
  });
  inflate.on('end', () => {
    ended = true;
    wake?.();
  });
  inflate.on('error', (error: Error) => {
    failure = error;
    wake?.(error);
  });
  const mapError = (error: unknown): never => {
    throw mapZlibError(error);
  };
  /** Hands one slice to zlib; resolves when zlib has consumed what it wants of it. */
  let writing = false;
  const write = (slice: Uint8Array): Promise<void> => {
    writing = true;
    const written = new Promise<void>((resolve, reject) => {
      if (failure !== undefined) return reject(failure);
      wake = (error) => error && reject(error);
      inflate.write(slice, (error) => {
        writing = false;
        if (error) reject(error);
        else resolve();
      });
    });
    written.catch(() => {}); // awaited later; never an unhandled rejection meanwhile
    return written;
  };
  /** Waits for zlib's end; `flush` first tells it there is no more input (fails if incomplete). */
  const end = (flush: boolean): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (failure !== undefined) return reject(failure);
      if (ended) return resolve();
      wake = (error) => (error ? reject(error) : resolve());
      if (flush) inflate.end();
    });
  let crc = 0;
  let size = 0;
  let consumed = 0;
  /**
   * Hands out the inflated chunks so far. zlib inflates one output chunk per trip to the thread
   * pool and needs the event loop to start the next: while a write is in progress, a turn between
   * chunks lets it inflate while the consumer decodes.
   */
  async function* handOut(): AsyncGenerator<Buffer, void, undefined> {
    const batch = outputs;
    outputs = [];
    for (const [i, chunk] of batch.entries()) {
      if (i > 0 && writing) await turn();
      crc = crc32(chunk, crc);
      size += chunk.length;
      yield chunk;
    }
  }
  /** The next slice; what is inflated is handed out first when the network is slower than that. */
  async function* nextSlice(): AsyncGenerator<Buffer, Uint8Array | undefined, undefined> {
    let ready = false;
    const reading = readSlice(src).finally(() => {
      ready = true;
    });
    const settled = reading.catch(() => {}); // awaited below; never an unhandled rejection meanwhile
    if (outputs.length > 0) await Promise.race([settled, turn()]);
    // While the network is slower, hand out what is inflated (records count even if it fails).
    while (!ready) {
      if (outputs.length > 0) yield* handOut();
      else await Promise.race([settled, new Promise<void>((resolve) => (outputArrived = resolve))]);
      outputArrived = undefined;
    }
    try {
      return await reading;
    } catch (error) {
      yield* handOut();
      throw error;
    }
  }
  try {
    let slice = await readSlice(src);
    let pending = slice === undefined ? end(true) : write(slice);
    for (;;) {
      await pending.catch(mapError);
      const used = inflate.bytesWritten - consumed;
      consumed = inflate.bytesWritten;
      let finished = true;
      if (slice !== undefined && used < slice.length) {
        // The deflate stream ended inside this slice: the rest is whatever follows it.
        src.unshift(slice.subarray(used));
        await end(false).catch(mapError);
      } else if (slice !== undefined) {
        slice = yield* nextSlice();
        if (slice === undefined) await end(true).catch(mapError);
        else {
          pending = write(slice);
          finished = false;
        }
      }
      yield* handOut();
      if (finished) return { crc, compressed: inflate.bytesWritten, size };
    }
  } finally {
    inflate.destroy();
  }
}
