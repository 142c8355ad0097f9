/**
 * Everything a command touches outside its arguments: streams, environment, paths, the abort
 * signal, the clock and the client factory. main.ts builds the real one; tests build one with
 * memory streams and, where no HTTP is wanted, an in-memory client.
 */
import type { BulkClientOptions } from '../core/options.js';
import type { CliClient } from './client-types.js';
import type { Env } from './config.js';
import type { OutStream } from './progress.js';

export interface CliContext {
  stdout: OutStream;
  stderr: OutStream;
  stdin: NodeJS.ReadableStream;
  env: Env;
  cwd: string;
  homedir: string;
  /** Aborted on SIGINT/SIGTERM. */
  signal: AbortSignal;
  now(): number;
  createClient(options: BulkClientOptions): CliClient | Promise<CliClient>;
}
