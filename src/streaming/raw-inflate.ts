/**
 * Inflating a raw deflate stream (a zip entry's data) from a `ByteSource` with `node:zlib`'s
 * stream, which works on the libuv thread pool, and stopping exactly where that stream ends.
 */
import { crc32, createInflateRaw } from 'node:zlib';
import type { ByteSource } from './byte-source.js';

/**
 * Compressed bytes handed to zlib at a time: bounds the output buffered per step (~4× this).
 * The 1M-record export bench's ratio to csv-parse was 4.8–5.5 with 32, 48 or 64 KiB alike (the
 * spread of runs on this 2-core machine is larger than the difference; measured with 32 KiB zlib
 * buffers); 32 KiB keeps memory lowest.
 */
const SLICE = 32 * 1024;
/** Smaller input chunks are coalesced up to this size before they go to zlib. */
const MIN_SLICE = 8 * 1024;
/**
 * zlib's output buffer: one trip to the thread pool inflates a whole slice (~135 KiB of CSV from
 * 32 KiB). Bench (1M records, plain node, 3 runs interleaved): ratio to csv-parse 5.80–5.86 against
 * 4.88–5.00 for 32 KiB buffers with an event-loop turn between them (one trip per 32 KiB).
 */
const ZLIB_CHUNK = 256 * 1024;
/**
 * Largest piece handed out. Its decoded text, two bytes a character when it holds any
 * non-Latin-1 character, stays under V8's 128 KiB large-object size: a larger string is allocated
 * in the old generation and freed only by a full GC, and the records' values are slices of it.
 */
const PIECE = 32 * 1024;

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
export function inflateRawFrom(
  src: ByteSource,
  mapZlibError: (error: unknown) => Error,
): AsyncGenerator<Buffer, InflateSums, undefined> {
  return new RawInflater(src, mapZlibError).run();
}

/** One deflate stream being inflated: zlib's stream, its output so far and the sums. */
class RawInflater {
  readonly #src: ByteSource;
  readonly #mapZlibError: (error: unknown) => Error;
  readonly #inflate = createInflateRaw({ chunkSize: ZLIB_CHUNK });
  #outputs: Buffer[] = [];
  #ended = false;
  #failure: Error | undefined;
  /** Told when zlib ends (no argument) or fails; settles what is being waited for. */
  #wake: ((error?: Error) => void) | undefined;
  /** Told when zlib hands out a chunk. */
  #outputArrived: (() => void) | undefined;
  #crc = 0;
  #size = 0;

  constructor(src: ByteSource, mapZlibError: (error: unknown) => Error) {
    this.#src = src;
    this.#mapZlibError = mapZlibError;
    this.#inflate.on('data', (chunk: Buffer) => {
      this.#outputs.push(chunk);
      this.#outputArrived?.();
    });
    this.#inflate.on('end', () => {
      this.#ended = true;
      this.#wake?.();
    });
    this.#inflate.on('error', (error: Error) => {
      this.#failure = error;
      this.#wake?.(error);
    });
  }

  async *run(): AsyncGenerator<Buffer, InflateSums, undefined> {
    const mapError = (error: unknown): never => {
      throw this.#mapZlibError(error);
    };
    let consumed = 0;
    try {
      let slice = await readSlice(this.#src);
      let pending = slice === undefined ? this.#end(true) : this.#write(slice);
      for (;;) {
        await pending.catch(mapError);
        const used = this.#inflate.bytesWritten - consumed;
        consumed = this.#inflate.bytesWritten;
        let finished = true;
        if (slice !== undefined && used < slice.length) {
          // The deflate stream ended inside this slice: the rest is whatever follows it.
          this.#src.unshift(slice.subarray(used));
          await this.#end(false).catch(mapError);
        } else if (slice !== undefined) {
          slice = yield* this.#nextSlice();
          if (slice === undefined) await this.#end(true).catch(mapError);
          else {
            pending = this.#write(slice);
            finished = false;
          }
        }
        yield* this.#handOut();
        if (finished) return { crc: this.#crc, compressed: this.#inflate.bytesWritten, size: this.#size };
      }
    } finally {
      this.#inflate.destroy();
    }
  }

  /** Hands one slice to zlib; resolves when zlib has consumed what it wants of it. */
  #write(slice: Uint8Array): Promise<void> {
    const written = new Promise<void>((resolve, reject) => {
      if (this.#failure !== undefined) return reject(this.#failure);
      this.#wake = (error) => error && reject(error);
      this.#inflate.write(slice, (error) => {
        if (error) reject(error);
        else resolve();
      });
    });
    written.catch(() => {}); // awaited later; never an unhandled rejection meanwhile
    return written;
  }

  /** Waits for zlib's end; `flush` first tells it there is no more input (fails if incomplete). */
  #end(flush: boolean): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.#failure !== undefined) return reject(this.#failure);
      if (this.#ended) return resolve();
      this.#wake = (error) => (error ? reject(error) : resolve());
      if (flush) this.#inflate.end();
    });
  }

  /** Hands out the inflated chunks so far, in pieces of at most `PIECE` bytes. */
  async *#handOut(): AsyncGenerator<Buffer, void, undefined> {
    const batch = this.#outputs;
    this.#outputs = [];
    for (const chunk of batch) {
      this.#crc = crc32(chunk, this.#crc);
      this.#size += chunk.length;
      for (let at = 0; at < chunk.length; at += PIECE) yield chunk.subarray(at, at + PIECE);
    }
  }

  /** The next slice; what is inflated is handed out first when the network is slower than that. */
  async *#nextSlice(): AsyncGenerator<Buffer, Uint8Array | undefined, undefined> {
    let ready = false;
    const reading = readSlice(this.#src).finally(() => {
      ready = true;
    });
    const settled = reading.catch(() => {}); // awaited below; never an unhandled rejection meanwhile
    if (this.#outputs.length > 0) await Promise.race([settled, turn()]);
    // While the network is slower, hand out what is inflated (records count even if it fails).
    while (!ready) {
      if (this.#outputs.length > 0) yield* this.#handOut();
      else await Promise.race([settled, new Promise<void>((resolve) => (this.#outputArrived = resolve))]);
      this.#outputArrived = undefined;
    }
    try {
      return await reading;
    } catch (error) {
      yield* this.#handOut();
      throw error;
    }
  }
}
