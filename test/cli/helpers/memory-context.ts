/** A CliContext with memory streams, for running commands in-process. */
import { Readable, Writable } from 'node:stream';
import type { CliClient } from '../../../src/cli/client-types.js';
import type { CliContext } from '../../../src/cli/context.js';
import type { BulkClientOptions } from '../../../src/core/options.js';

export class MemoryStream extends Writable {
  readonly chunks: string[] = [];
  isTTY: boolean;
  columns = 120;

  constructor(isTTY = false) {
    super({ decodeStrings: false });
    this.isTTY = isTTY;
  }

  override _write(chunk: unknown, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.chunks.push(typeof chunk === 'string' ? chunk : String(chunk));
    callback();
  }

  text(): string {
    return this.chunks.join('');
  }

  // cli-progress moves the cursor with readline helpers, which call these on TTY streams.
  cursorTo(_x: number, _y?: number, cb?: () => void): boolean {
    cb?.();
    return true;
  }
  moveCursor(_dx: number, _dy: number, cb?: () => void): boolean {
    cb?.();
    return true;
  }
  clearLine(_dir: number, cb?: () => void): boolean {
    cb?.();
    return true;
  }
  clearScreenDown(cb?: () => void): boolean {
    cb?.();
    return true;
  }
}

export interface TestContextOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  homedir?: string;
  stderrTTY?: boolean;
  client?: CliClient;
  /** Receives the options the CLI built for the client. */
  onClientOptions?: (options: BulkClientOptions) => void;
  signal?: AbortSignal;
  now?: () => number;
}

export interface TestContext {
  ctx: CliContext;
  stdout: MemoryStream;
  stderr: MemoryStream;
}

export function createTestContext(options: TestContextOptions = {}): TestContext {
  const stdout = new MemoryStream(false);
  const stderr = new MemoryStream(options.stderrTTY ?? false);
  const ctx: CliContext = {
    stdout,
    stderr,
    stdin: Readable.from([]),
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    homedir: options.homedir ?? '/nonexistent-home',
    signal: options.signal ?? new AbortController().signal,
    now: options.now ?? (() => Date.now()),
    createClient: (clientOptions) => {
      options.onClientOptions?.(clientOptions);
      if (!options.client) throw new Error('no test client configured');
      return options.client;
    },
  };
  return { ctx, stdout, stderr };
}
