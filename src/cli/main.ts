/**
 * The `zoho-bulk` executable (tsup adds the shebang; `node --import tsx src/cli/main.ts` in dev).
 * SIGINT/SIGTERM abort the running command (exit 130, an export's resume state saved); a second
 * signal exits at once.
 */
import { homedir } from 'node:os';
import { createBulkClient } from './client-factory.js';
import type { CliContext } from './context.js';
import { ExitCode } from './exit-codes.js';
import { runCli } from './program.js';

const controller = new AbortController();
let signals = 0;
const onSignal = (name: NodeJS.Signals) => {
  signals++;
  if (signals > 1) process.exit(ExitCode.INTERRUPTED);
  const reason = new Error(`Interrupted by ${name}`);
  reason.name = 'AbortError';
  controller.abort(reason);
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const ctx: CliContext = {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
  homedir: homedir(),
  signal: controller.signal,
  now: () => Date.now(),
  createClient: createBulkClient,
};

const code = await runCli(process.argv.slice(2), ctx);
process.exitCode = code;
// Let stdout drain, then leave even if a keep-alive socket or a timer is still around.
process.stdout.write('', () => {
  setTimeout(() => process.exit(code), 50).unref();
});
