/**
 * Streaming reader for zip archives: the first entry (a bulk-read or bulk-write result file holds
 * exactly one) or every entry in turn (a parent-child job's result, one CSV per module).
 *
 * It reads the archive from its first local file header and never scans for signatures inside
 * the data: a deflate stream knows its own end, so the entry is inflated with `node:zlib` and the
 * exact number of compressed bytes it used (`bytesWritten`) says where the data descriptor starts.
 * CRC-32 and sizes are then checked against the descriptor (or the local header) and, when it
 * follows, the central directory. fflate's streaming `Unzip` instead looks for `PK\x07\x08` in the
 * compressed bytes, which occurs by chance in about 1% of real result pages.
 *
 * Every failure is a `DownloadError` naming the job (and, reading every entry, the entry); the
 * stream never ends short silently.
 */
import { crc32 } from 'node:zlib';
import { DownloadError } from '../core/errors.js';
import { ByteSource } from './byte-source.js';
import { bodyExcerpt, downloadFailure, type FailFn } from './download-failure.js';
import { type InflateSums, inflateRawFrom } from './raw-inflate.js';

const LOCAL_HEADER = 0x04034b50;
const DESCRIPTOR = 0x08074b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIR = 0x06054b50;
const U32_MAX = 0xffffffff;
/** Largest chunk passed through from a stored entry. */
const SLICE = 64 * 1024;
/** How much of the archive after the entry is read (central directory, end record) before letting go. */
const TAIL_LIMIT = 64 * 1024;

export interface UnzipOptions {
  /** Job id named in error messages. @default undefined */
  jobId?: string | undefined;
}

/**
 * What `unzipEntries` yields, in order: an entry's start, its uncompressed data in chunks
 * (`Uint8Array`s), then its end, once its CRC-32 and sizes have been checked.
 */
export type ZipPart = { type: 'entry'; name: string; index: number } | Uint8Array | { type: 'end' };

interface LocalEntry {
  name: string;
  method: number;
  hasDescriptor: boolean;
  crc: number;
  compressedSize: number;
  size: number;
  zip64: boolean;
}

type EntrySums = InflateSums;

const methodNames: Record<number, string> = {
  9: 'deflate64',
  12: 'bzip2',
  14: 'LZMA',
  93: 'zstd',
  95: 'xz',
  99: 'AES',
};

const u16 = (b: Uint8Array, at: number): number => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number): number => (u16(b, at) | (u16(b, at + 2) << 16)) >>> 0;
const u64 = (b: Uint8Array, at: number): number => u32(b, at) + u32(b, at + 4) * 2 ** 32;
const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;
/** Extra of a corrupt-file failure: a new download may fix it. */
const CORRUPT = { retryable: true } as const;

async function readLocalHeader(src: ByteSource, fail: FailFn): Promise<LocalEntry> {
  const head = await src.readUpTo(30);
  if (head.length === 0) throw fail('is empty: expected a zip archive', { retryable: true });
  if (head.length < 4 || u32(head, 0) !== LOCAL_HEADER) {
    if (head.length >= 4 && u32(head, 0) === END_OF_CENTRAL_DIR)
      throw fail('is a zip archive with no entries');
    const sample = Buffer.concat([head, await src.readUpTo(226)]);
    const code = /"code"\s*:\s*"([A-Za-z0-9_]{1,64})"/.exec(new TextDecoder().decode(sample))?.[1];
    throw fail(
      `is not a zip archive${code === undefined ? '' : ` (code ${code})`}: the body starts with ${bodyExcerpt(sample)}`,
    );
  }
  if (head.length < 30)
    throw fail('is truncated: the download ended inside the zip header', { retryable: true });
  const flags = u16(head, 6);
  const method = u16(head, 8);
  if ((flags & 0x41) !== 0) throw fail('is encrypted; encrypted zip entries are not supported');
  if (method !== 0 && method !== 8) {
    const name = methodNames[method];
    throw fail(`uses unsupported zip compression method ${method}${name ? ` (${name})` : ''}`);
  }
  const nameLength = u16(head, 26);
  const extraLength = u16(head, 28);
  const rest = await src.readUpTo(nameLength + extraLength);
  if (rest.length < nameLength + extraLength) {
    throw fail('is truncated: the download ended inside the zip header', { retryable: true });
  }
  const entry: LocalEntry = {
    // Flag bit 11: the name is UTF-8; else code page 437, read as Latin-1 (Zoho writes ASCII names).
    name: Buffer.from(rest.subarray(0, nameLength)).toString((flags & 0x800) !== 0 ? 'utf8' : 'latin1'),
    method,
    hasDescriptor: (flags & 0x08) !== 0,
    crc: u32(head, 14),
    compressedSize: u32(head, 18),
    size: u32(head, 22),
    zip64: false,
  };
  // Zip64 extended information: 8-byte sizes in the extra field and in the descriptor.
  for (let at = nameLength; at + 4 <= rest.length; ) {
    const id = u16(rest, at);
    const length = u16(rest, at + 2);
    if (id === 0x0001) {
      entry.zip64 = true;
      if (length >= 16 && at + 20 <= rest.length) {
        entry.size = u64(rest, at + 4);
        entry.compressedSize = u64(rest, at + 12);
      }
    }
    at += 4 + length;
  }
  return entry;
}

/** Checks the data descriptor that follows the data (flag bit 3), with or without its signature. */
async function checkDescriptor(
  src: ByteSource,
  entry: LocalEntry,
  sums: EntrySums,
  fail: FailFn,
): Promise<void> {
  const d = await src.readUpTo(24);
  let at = d.length >= 4 && u32(d, 0) === DESCRIPTOR ? 4 : 0;
  // A CRC that happens to equal the signature, written without a signature.
  if (at === 4 && sums.crc === DESCRIPTOR && (d.length < 8 || u32(d, 4) !== DESCRIPTOR)) at = 0;
  if (d.length < at + 12)
    throw fail('is truncated: the download ended inside the data descriptor', { retryable: true });
  const crc = u32(d, at);
  const fits32 = u32(d, at + 4) === sums.compressed % 2 ** 32 && u32(d, at + 8) === sums.size % 2 ** 32;
  const fits64 = d.length >= at + 20 && u64(d, at + 4) === sums.compressed && u64(d, at + 12) === sums.size;
  if (crc !== sums.crc)
    throw fail(`is corrupt: CRC-32 mismatch (descriptor ${hex(crc)}, data ${hex(sums.crc)})`, CORRUPT);
  let used: number;
  if (!entry.zip64 && fits32) used = at + 12;
  else if (fits64) used = at + 20;
  else if (entry.zip64 && fits32) used = at + 12;
  else {
    const wide = entry.zip64 && d.length >= at + 20;
    throw fail(
      `is corrupt: size mismatch (descriptor ${wide ? u64(d, at + 4) : u32(d, at + 4)} compressed / ${
        wide ? u64(d, at + 12) : u32(d, at + 8)
      } bytes, data ${sums.compressed} / ${sums.size})`,
      CORRUPT,
    );
  }
  src.unshift(d.subarray(used));
}

function checkLocalHeader(entry: LocalEntry, sums: EntrySums, fail: FailFn): void {
  if (entry.crc !== sums.crc) {
    throw fail(`is corrupt: CRC-32 mismatch (header ${hex(entry.crc)}, data ${hex(sums.crc)})`, CORRUPT);
  }
  if (entry.compressedSize !== sums.compressed || entry.size !== sums.size) {
    throw fail(
      `is corrupt: size mismatch (header ${entry.compressedSize} compressed / ${entry.size} bytes, data ${sums.compressed} / ${sums.size})`,
      CORRUPT,
    );
  }
}

/**
 * Compares the entries with the central directory, when that follows, and reads the small rest of
 * the archive so the connection can be reused. The entries are verified by now: a read error here
 * costs nothing and is ignored.
 */
async function checkCentralDirectory(
  src: ByteSource,
  seen: readonly { sums: EntrySums; fail: FailFn }[],
): Promise<void> {
  let total = 0;
  try {
    for (const { sums, fail } of seen) {
      const c = await src.readUpTo(46);
      total += c.length;
      if (c.length < 46 || u32(c, 0) !== CENTRAL_HEADER) break;
      const crc = u32(c, 16);
      const compressed = u32(c, 20);
      const size = u32(c, 24);
      if (crc !== sums.crc)
        throw fail(
          `is corrupt: CRC-32 mismatch (central directory ${hex(crc)}, data ${hex(sums.crc)})`,
          CORRUPT,
        );
      if (
        (compressed !== U32_MAX && compressed !== sums.compressed) ||
        (size !== U32_MAX && size !== sums.size)
      ) {
        throw fail(
          `is corrupt: size mismatch (central directory ${compressed} compressed / ${size} bytes, data ${sums.compressed} / ${sums.size})`,
          CORRUPT,
        );
      }
      // Name, extra field and comment.
      total += (await src.readUpTo(u16(c, 28) + u16(c, 30) + u16(c, 32))).length;
    }
    for (; total < TAIL_LIMIT; ) {
      const chunk = await src.read(TAIL_LIMIT - total);
      if (chunk === undefined) break;
      total += chunk.length;
    }
  } catch (error) {
    if (error instanceof DownloadError) throw error;
    // a read error: see above
  }
}

/**
 * Reading every entry: whether another entry follows this one. Only the central directory may
 * follow otherwise, so an archive cut between two entries is never taken for a whole one.
 */
async function nextIsEntry(src: ByteSource, fail: FailFn): Promise<boolean> {
  const next = await src.readUpTo(4);
  src.unshift(next);
  const signature = next.length === 4 ? u32(next, 0) : -1;
  if (signature === LOCAL_HEADER) return true;
  if (signature === CENTRAL_HEADER || signature === END_OF_CENTRAL_DIR) return false;
  if (next.length < 4) {
    throw fail('is truncated: the download ended after this entry, before the central directory', {
      retryable: true,
    });
  }
  throw fail(`is corrupt: this entry is followed by ${bodyExcerpt(next)}, not by a zip record`, CORRUPT);
}

function inflateFailure(error: unknown, fail: FailFn): DownloadError {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'Z_BUF_ERROR') {
    return fail('is truncated: the download ended inside the compressed data', {
      cause: error,
      retryable: true,
    });
  }
  return fail(`is corrupt: invalid deflate data (${String(code ?? (error as Error).message)})`, {
    cause: error,
    retryable: true,
  });
}

/** Passes a stored entry of known size through, chunk by chunk. */
async function* storedEntry(
  src: ByteSource,
  length: number,
  fail: FailFn,
): AsyncGenerator<Uint8Array, EntrySums, undefined> {
  let crc = 0;
  for (let left = length; left > 0; ) {
    const chunk = await src.read(Math.min(left, SLICE));
    if (chunk === undefined)
      throw fail('is truncated: the download ended inside the stored data', { retryable: true });
    crc = crc32(chunk, crc);
    left -= chunk.length;
    yield chunk;
  }
  return { crc, compressed: length, size: length };
}

/** One entry's data, checked against its descriptor or local header; returns its sums. */
async function* entryData(
  src: ByteSource,
  entry: LocalEntry,
  fail: FailFn,
): AsyncGenerator<Uint8Array, EntrySums, undefined> {
  let sums: EntrySums;
  if (entry.method === 8) {
    sums = yield* inflateRawFrom(src, (error) => inflateFailure(error, fail));
  } else {
    if (entry.hasDescriptor && entry.compressedSize === 0) {
      throw fail(
        'has a stored (uncompressed) entry whose sizes follow the data; such an entry cannot be read as a stream',
      );
    }
    sums = yield* storedEntry(src, entry.compressedSize, fail);
  }
  if (entry.hasDescriptor) await checkDescriptor(src, entry, sums, fail);
  else checkLocalHeader(entry, sums, fail);
  return sums;
}

/**
 * The entries of a zip archive read as a stream: for each, its start, its uncompressed bytes
 * chunk by chunk, and its end once checked (`ZipPart`). Only the first entry unless `all`; then
 * errors name the entry. Supports stored (0) and deflate (8) entries, with or without a data
 * descriptor (with or without its signature; Zoho writes flag 0x0808). Reads at most one input
 * chunk ahead. The last entry's end comes after the central directory has been checked.
 *
 * @throws DownloadError when the body is not a zip, is truncated, fails its CRC-32 or size
 *   checks, is encrypted, or uses another compression method. Truncation is `isRetryable`.
 */
export async function* unzipEntries(
  source: AsyncIterable<Uint8Array>,
  opts: UnzipOptions & { all?: boolean | undefined } = {},
): AsyncGenerator<ZipPart, void, undefined> {
  const jobFail = downloadFailure(opts.jobId);
  const src = new ByteSource(source);
  const seen: { sums: EntrySums; fail: FailFn }[] = [];
  try {
    for (let index = 0; ; index++) {
      const entry = await readLocalHeader(src, jobFail);
      const fail = opts.all ? downloadFailure(opts.jobId, entry.name) : jobFail;
      yield { type: 'entry', name: entry.name, index };
      seen.push({ sums: yield* entryData(src, entry, fail), fail });
      const more = opts.all === true && (await nextIsEntry(src, fail));
      if (!more) await checkCentralDirectory(src, seen);
      yield { type: 'end' };
      if (!more) return;
    }
  } finally {
    await src.close();
  }
}

/** The uncompressed bytes of the first entry of a zip archive, chunk by chunk (see `unzipEntries`). */
export async function* unzipFirstEntry(
  source: AsyncIterable<Uint8Array>,
  opts: UnzipOptions = {},
): AsyncGenerator<Uint8Array, void, undefined> {
  for await (const part of unzipEntries(source, opts)) if (part instanceof Uint8Array) yield part;
}
