/**
 * Test helpers for the read pipeline: a zip builder that writes entries the way Zoho (Java's zip
 * writer) does — flag 0x0808, sizes and CRC in a data descriptor after the data — and variants,
 * plus chunking helpers, a seeded PRNG, and bodies, openers and a clock for `streamRecords`.
 * Binaries are built in code, never committed.
 */
import { crc32, deflateRawSync } from 'node:zlib';
import type { RecordStreamParams } from '../../src/streaming/record-stream.js';
import { FakeClock } from '../helpers/fake-clock.js';

export interface ZipOptions {
  /** @default 'deflate' */
  method?: 'deflate' | 'stored';
  /** Data descriptor after the data: with its signature, without it, or none. @default 'signature' */
  descriptor?: 'signature' | 'bare' | 'none';
  /** Descriptor with 8-byte sizes, and a zip64 extra field in the local header when `zip64Extra`. @default false */
  zip64Descriptor?: boolean;
  zip64Extra?: boolean;
  /** Sizes in the local header even with a descriptor. @default true for stored, false for deflate */
  localSizes?: boolean;
  /** @default 'result.csv' */
  name?: string;
  /** Overrides (to corrupt): CRC written everywhere, uncompressed size written everywhere. */
  crc?: number;
  size?: number;
  /** CRC written only in the central directory. */
  centralCrc?: number;
  /** Append central directory and end record. @default true */
  centralDirectory?: boolean;
  /** Use these compressed bytes instead of deflating. */
  compressed?: Uint8Array;
  /** Extra general-purpose flags, e.g. 1 (encrypted). @default 0 */
  extraFlags?: number;
  /** Method number written instead of 0/8. */
  methodNumber?: number;
}

class Bytes {
  readonly parts: Buffer[] = [];
  length = 0;
  u16(n: number): this {
    const b = Buffer.alloc(2);
    b.writeUInt16LE(n);
    return this.raw(b);
  }
  u32(n: number): this {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n >>> 0);
    return this.raw(b);
  }
  u64(n: number): this {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(n));
    return this.raw(b);
  }
  raw(b: Uint8Array): this {
    this.parts.push(Buffer.from(b));
    this.length += b.length;
    return this;
  }
  done(): Buffer {
    return Buffer.concat(this.parts);
  }
}

export function buildZip(content: Uint8Array | string, o: ZipOptions = {}): Buffer {
  const data = typeof content === 'string' ? Buffer.from(content) : Buffer.from(content);
  const stored = o.method === 'stored';
  const compressed = o.compressed ?? (stored ? data : deflateRawSync(data));
  const crc = o.crc ?? crc32(data);
  const size = o.size ?? data.length;
  const descriptor = o.descriptor ?? 'signature';
  const hasDescriptor = descriptor !== 'none';
  const localSizes = !hasDescriptor || (o.localSizes ?? stored);
  const name = Buffer.from(o.name ?? 'result.csv');
  const flags = (hasDescriptor ? 0x0808 : 0x0800) | (o.extraFlags ?? 0);
  const method = o.methodNumber ?? (stored ? 0 : 8);
  const extra = new Bytes();
  if (o.zip64Extra)
    extra
      .u16(1)
      .u16(16)
      .u64(localSizes ? size : 0)
      .u64(localSizes ? compressed.length : 0);
  const out = new Bytes();
  out.u32(0x04034b50).u16(20).u16(flags).u16(method).u16(0).u16(0x5821);
  out.u32(localSizes ? crc : 0);
  out.u32(localSizes ? compressed.length : 0).u32(localSizes ? size : 0);
  out.u16(name.length).u16(extra.length).raw(name).raw(extra.done());
  out.raw(compressed);
  if (hasDescriptor) {
    if (descriptor === 'signature') out.u32(0x08074b50);
    out.u32(crc);
    if (o.zip64Descriptor) out.u64(compressed.length).u64(size);
    else out.u32(compressed.length).u32(size);
  }
  if (o.centralDirectory === false) return out.done();
  const cdOffset = out.length;
  out.u32(0x02014b50).u16(20).u16(20).u16(flags).u16(method).u16(0).u16(0x5821);
  out
    .u32(o.centralCrc ?? crc)
    .u32(compressed.length)
    .u32(size);
  out.u16(name.length).u16(0).u16(0).u16(0).u16(0).u32(0).u32(0).raw(name);
  const cdSize = out.length - cdOffset;
  out.u32(0x06054b50).u16(0).u16(0).u16(1).u16(1).u32(cdSize).u32(cdOffset).u16(0);
  return out.done();
}

/** Splits bytes into chunks of the given sizes (the last chunk takes the rest). */
export function splitAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const sorted = [...new Set(cuts)].filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const cut of sorted) {
    chunks.push(bytes.subarray(start, cut));
    start = cut;
  }
  chunks.push(bytes.subarray(start));
  return chunks;
}

export function chunksOf(bytes: Uint8Array, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return chunks;
}

export async function* fromChunks(chunks: Iterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) yield chunk;
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

export async function collectBytes(iterable: AsyncIterable<Uint8Array>): Promise<Buffer> {
  return Buffer.concat(await collect(iterable));
}

/** Seeded PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomBytes(random: () => number, n: number, exclude: readonly number[] = []): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) {
    let v = Math.floor(random() * 256);
    while (exclude.includes(v)) v = Math.floor(random() * 256);
    b[i] = v;
  }
  return b;
}

export { contactsCsvPath, leadsCsvPath, readFixture } from '../fixtures/zoho-real.js';

export { rejectionOf as rejection } from '../helpers/rejection.js';

/** A clock that records sleeps and never waits. */
export const fakeClock = (): FakeClock => new FakeClock();

/** fetch's error for a connection cut mid-body. */
export const terminated = () =>
  Object.assign(new TypeError('terminated'), { cause: { code: 'UND_ERR_SOCKET' } });

/** An async-iterable body of `bytes` in chunks that throws `error` once `failAfter` bytes were sent. */
export function body(
  bytes: Uint8Array,
  opts: { chunk?: number; failAfter?: number; error?: unknown; onReturn?: () => void } = {},
) {
  const chunks = chunksOf(bytes, opts.chunk ?? 512);
  return (async function* () {
    let sent = 0;
    try {
      for (const chunk of chunks) {
        if (opts.failAfter !== undefined && sent + chunk.length > opts.failAfter) {
          yield chunk.subarray(0, opts.failAfter - sent);
          throw opts.error ?? terminated();
        }
        sent += chunk.length;
        yield chunk;
      }
    } finally {
      opts.onReturn?.();
    }
  })();
}

type Opener = RecordStreamParams['open'];

/** An `open` for `streamRecords` answering each attempt with the next of `attempts` (the last one again). */
export function opener(
  ...attempts: ((signal: AbortSignal) => ReturnType<Opener> | Awaited<ReturnType<Opener>>)[]
) {
  const signals: AbortSignal[] = [];
  const open: Opener = async (signal) => {
    signals.push(signal);
    const attempt = attempts[Math.min(signals.length - 1, attempts.length - 1)]!;
    return attempt(signal);
  };
  return { open, signals };
}
