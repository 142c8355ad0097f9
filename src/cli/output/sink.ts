/**
 * Where formatted output goes: a file (buffered, positioned writes, fsync on flush, resumable at a
 * byte offset) or a stream such as stdout (with backpressure). Both count the UTF-8 bytes handed
 * to them, which is what the export's resume state records.
 */
import { once } from 'node:events';
import { type FileHandle, open } from 'node:fs/promises';

export interface Sink {
  /** Queues a chunk; a returned promise asks the caller to wait (backpressure). */
  write(chunk: string): void | Promise<void>;
  /** Resolves once everything written so far is durable (file: written and fsynced). */
  flush(): Promise<void>;
  /** Flushes and releases the sink (stdout is flushed, never closed). */
  close(): Promise<void>;
  /** UTF-8 bytes of all chunks written, plus the offset a resumed file started at. */
  readonly bytes: number;
}

/** Buffer up to this many characters (256 KB or more of UTF-8) before a write to the file. */
const FILE_BUFFER_CHARS = 256 * 1024;

export class FileSink implements Sink {
  private chunks: string[] = [];
  /** Characters in `chunks` (their UTF-8 length is counted once, when they are encoded). */
  private buffered = 0;
  /** Where the next write to the file goes: the offset plus every byte handed to the file. */
  private position: number;
  private pending: Promise<void> = Promise.resolve();
  private failure: unknown;

  private constructor(
    private readonly handle: FileHandle,
    offset: number,
  ) {
    this.position = offset;
  }

  get bytes(): number {
    let queued = 0;
    for (const chunk of this.chunks) queued += Buffer.byteLength(chunk);
    return this.position + queued;
  }

  /**
   * Opens `path` for writing. Without `offset` the file is created or emptied; with `offset` the
   * file is cut to that many bytes and writing continues there (the resume path).
   */
  static async open(path: string, offset?: number): Promise<FileSink> {
    if (offset === undefined) return new FileSink(await open(path, 'w'), 0);
    const handle = await open(path, 'r+');
    try {
      const { size } = await handle.stat();
      if (size < offset) {
        throw new Error(`${path} has ${size} bytes, fewer than the ${offset} the resume state recorded`);
      }
      await handle.truncate(offset);
    } catch (error) {
      await handle.close();
      throw error;
    }
    return new FileSink(handle, offset);
  }

  write(chunk: string): void | Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    if (this.buffered >= FILE_BUFFER_CHARS) return this.drain();
    return undefined;
  }

  /** Hands the buffer to the file; writes are chained so they land in order. */
  private drain(): Promise<void> {
    if (this.chunks.length > 0) {
      const data = Buffer.from(this.chunks.join(''));
      const at = this.position;
      this.position += data.length;
      this.chunks = [];
      this.buffered = 0;
      this.pending = this.pending.then(async () => {
        let written = 0;
        while (written < data.length) {
          const { bytesWritten } = await this.handle.write(
            data,
            written,
            data.length - written,
            at + written,
          );
          written += bytesWritten;
        }
      });
      this.pending.catch((error: unknown) => {
        this.failure ??= error;
      });
    }
    return this.pending;
  }

  async flush(): Promise<void> {
    await this.drain();
    await this.handle.sync();
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.handle.close();
    }
  }
}

export class StreamSink implements Sink {
  bytes = 0;

  constructor(private readonly stream: NodeJS.WritableStream) {}

  write(chunk: string): void | Promise<void> {
    this.bytes += Buffer.byteLength(chunk);
    if (!this.stream.write(chunk)) return once(this.stream, 'drain').then(() => undefined);
    return undefined;
  }

  flush(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.stream.write('', (error?: Error | null) => (error ? reject(error) : resolve()));
    });
  }

  close(): Promise<void> {
    return this.flush();
  }
}
