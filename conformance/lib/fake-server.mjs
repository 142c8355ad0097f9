/** Starts the built CLI's `zoho-bulk fake-server` as a child process and reads what it prints. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/**
 * @param {string[]} args fake-server flags
 * @returns {Promise<{ url: string, env: Record<string, string>, stop: () => Promise<void> }>}
 */
export async function startFakeServer(args) {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` in the repository first`);
  const child = spawn(process.execPath, [CLI, 'fake-server', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const ready = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`fake-server did not start:\n${stderr}`)), 20_000);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (/grant code .*: \S+\n/.test(stdout)) {
        clearTimeout(timer);
        resolve(stdout);
      }
    });
    exited.then((code) => reject(new Error(`fake-server exited (${code}):\n${stderr}`)));
  });
  const env = {};
  for (const m of ready.matchAll(/^export (ZOHO_\w+)=(.*)$/gm)) env[m[1]] = m[2];
  const url = env.ZOHO_API_DOMAIN;
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(url ?? '')) throw new Error(`unexpected fake-server URL: ${url}`);
  return {
    url,
    env,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
