#!/usr/bin/env node
// `npm run demo [-- --contacts 20000 …]`: runs `zoho-bulk demo` — the built CLI when dist/ is up to
// date with src/, else the TypeScript sources through tsx (a fresh clone after `npm install` needs
// no build, and a stale build never runs instead of the code you just changed).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist', 'cli', 'main.js');
const src = join(root, 'src');

/** Newest modification time (ms) of any file under `dir`. */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    latest = Math.max(latest, statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return latest;
}

const built = existsSync(dist) && (!existsSync(src) || statSync(dist).mtimeMs >= newest(src));
const args = built
  ? [dist, 'demo', ...process.argv.slice(2)]
  : ['--import', import.meta.resolve('tsx'), join(src, 'cli', 'main.ts'), 'demo', ...process.argv.slice(2)];

const child = spawn(process.execPath, args, { stdio: 'inherit', cwd: process.cwd() });
// Ctrl-C reaches the child through the terminal; keep this process alive until the child is done.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => {});
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal ? 128 + ({ SIGINT: 2, SIGTERM: 15 }[signal] ?? 1) : 1));
});
