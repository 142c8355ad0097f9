/**
 * Zip files written while they stream: one deflated entry whose bytes come from an (async)
 * iterable, in Zoho's layout (data descriptor after the data, flag 0x0808). Nothing is built
 * whole: the source is pulled only as fast as the reader reads, CRC-32 and sizes are counted on
 * the way, and the descriptor and central directory follow the last compressed byte.
 */
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';
import { dataDescriptor, localHeader, type ZipEntryInfo, zipTrailer } from './zip-format.js';

export interface ZipStreamOptions {
  /** zlib compression level. @default 6 */
  level?: number;
  /** Write a wrong CRC-32 into the descriptor and central directory (fault injection). @default false */
  corruptCrc?: boolean;
}

type Chunk = string | Uint8Array;

const isAsync = (source: Iterable<Chunk> | AsyncIterable<Chunk>): source is AsyncIterable<Chunk> =>
  typeof (source as AsyncIterable<Chunk>)[Symbol.asyncIterator] === 'function';

/** The zip's bytes, in order, as an async generator (cancel it with `return()`). */
export async function* zipEntryParts(
  name: string,
  source: Iterable<Chunk> | AsyncIterable<Chunk>,
  options: ZipStreamOptions = {},
): AsyncGenerator<Uint8Array> {
  const entry: ZipEntryInfo = {
    name,
    crc: 0,
    compressedSize: 0,
    size: 0,
    offset: 0,
    descriptor: true,
    method: 8,
  };
  const header = localHeader(entry);
  yield header;
  const deflate = createDeflateRaw({ level: options.level ?? 6, chunkSize: 128 * 1024 });
  const output: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => output.push(chunk));
  deflate.on('error', () => {}); // reported through the write / end callbacks
  const iterator = isAsync(source) ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
  let done = false;
  try {
    // zlib deflates a chunk on the thread pool while the next one is generated here.
    let next = await iterator.next();
    while (!next.done) {
      const chunk = next.value;
      const bytes =
        typeof chunk === 'string'
          ? Buffer.from(chunk, 'utf8')
          : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      entry.crc = crc32(bytes, entry.crc);
      entry.size += bytes.length;
      const written = new Promise<void>((resolve, reject) =>
        deflate.write(bytes, (error) => (error ? reject(error) : resolve())),
      );
      written.catch(() => {});
      next = await iterator.next();
      await written;
      for (const out of output.splice(0)) {
        entry.compressedSize += out.length;
        yield out;
      }
    }
    done = true;
    await new Promise<void>((resolve, reject) => {
      deflate.once('end', resolve);
      deflate.once('error', reject);
      deflate.end();
    });
    for (const out of output.splice(0)) {
      entry.compressedSize += out.length;
      yield out;
    }
  } finally {
    deflate.destroy();
    if (!done) await iterator.return?.();
  }
  if (options.corruptCrc) entry.crc = (entry.crc ^ 0x5a5a5a5a) >>> 0;
  yield dataDescriptor(entry);
  const centralOffset = header.length + entry.compressedSize + 16;
  yield zipTrailer([entry], centralOffset);
}

/** An async iterator as a pull-based web stream: a chunk is produced only when one is read. */
export function iteratorToStream(iterator: AsyncIterator<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await iterator.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      async cancel(reason) {
        await iterator.return?.(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/** A streamed zip with one entry (Zoho's result-file layout). */
export function zipStream(
  name: string,
  source: Iterable<Chunk> | AsyncIterable<Chunk>,
  options: ZipStreamOptions = {},
): ReadableStream<Uint8Array> {
  return iteratorToStream(zipEntryParts(name, source, options));
}

export interface BuildZipEntry {
  name: string;
  data: string | Uint8Array;
}

export interface BuildZipOptions {
  /** Sizes and CRC after the data (flag bit 3), as Zoho writes them. @default true */
  descriptor?: boolean;
  /** 8 = deflate, 0 = stored. @default 8 */
  method?: 0 | 8;
}

/** A whole zip in memory, for test fixtures (several entries allowed). */
export function buildZip(entries: readonly BuildZipEntry[], options: BuildZipOptions = {}): Uint8Array {
  const descriptor = options.descriptor ?? true;
  const method = options.method ?? 8;
  const parts: Buffer[] = [];
  const infos: ZipEntryInfo[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const raw = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
    const body = method === 8 ? deflateRawSync(raw) : raw;
    const info: ZipEntryInfo = {
      name,
      crc: crc32(raw),
      compressedSize: body.length,
      size: raw.length,
      offset,
      descriptor,
      method,
    };
    const pieces = [localHeader(info), body, ...(descriptor ? [dataDescriptor(info)] : [])];
    for (const piece of pieces) {
      parts.push(piece);
      offset += piece.length;
    }
    infos.push(info);
  }
  parts.push(zipTrailer(infos, offset));
  return new Uint8Array(Buffer.concat(parts));
}
