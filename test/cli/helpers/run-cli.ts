/**
 * Runs the CLI in a child process, as a user would: the built `dist/cli/main.js` when
 * ZOHO_BULK_CLI=dist, the bundle the e2e project's global setup built (ZOHO_BULK_CLI_MAIN, see
 * test/setup/cli-bundle.ts), else the sources through tsx. Returns exit code, stdout and stderr.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const DIST_MAIN = resolve(REPO_ROOT, 'dist/cli/main.js');
const SRC_MAIN = resolve(REPO_ROOT, 'src/cli/main.ts');

/** node arguments that start the CLI. */
export function cliCommand(): string[] {
  if (process.env.ZOHO_BULK_CLI === 'dist') {
    if (!existsSync(DIST_MAIN))
      throw new Error('ZOHO_BULK_CLI=dist but dist/cli/main.js is missing: npm run build');
    return [DIST_MAIN];
  }
  const bundle = process.env.ZOHO_BULK_CLI_MAIN;
  if (bundle && process.env.ZOHO_BULK_CLI !== 'tsx') return [bundle];
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return ['--import', tsx, SRC_MAIN];
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  input?: string;
  /** Kill the child after this long. @default 60000 */
  timeoutMs?: number;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A clean environment: nothing of the developer's own Zoho settings leaks into a test. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('ZOHO_') && key !== 'XDG_CONFIG_HOME') env[key] = value;
  }
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) env[key] = value;
  return env;
}

export function startCli(args: readonly string[], options: RunOptions = {}): ChildProcess {
  return spawn(process.execPath, [...cliCommand(), ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: cleanEnv(options.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

export function runCli(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const child = startCli(args, options);
  return collect(child, options);
}

export function collect(child: ChildProcess, options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}

/** Resolves with the accumulated stdout once it matches `pattern`. */
export function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => reject(new Error(`timed out waiting for ${pattern}; got: ${seen}`)),
      timeoutMs,
    );
    const onData = (d: Buffer | string) => {
      seen += d.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolvePromise(seen);
      }
    };
    child.stdout?.on('data', onData);
    child.on('close', () => {
      clearTimeout(timer);
      reject(new Error(`the CLI exited before printing ${pattern}; got: ${seen}`));
    });
  });
}
