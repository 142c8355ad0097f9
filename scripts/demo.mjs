#!/usr/bin/env node
// `npm run demo [-- --contacts 20000 …]`: runs `zoho-bulk demo` — the built CLI when dist/ is up to
// date with src/, else the CLI bundled from src/ by esbuild in ~0.5 s (a fresh clone after
// `npm install` needs no build, and a stale build never runs instead of the code you just changed).
// The bundle runs under plain node: through tsx instead, the demo took 0.5–0.8 s longer end to end.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

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
let cli = dist;
if (!built) {
  // The CLI and the worker it starts for the fake (`demo-fake.ts` finds it beside the CLI).
  const outdir = join(root, 'node_modules', '.cache', 'zoho-bulk-demo');
  await build({
    entryPoints: [join(src, 'cli', 'main.ts'), join(src, 'cli', 'commands', 'demo-fake-worker.ts')],
    entryNames: '[name]',
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  writeFileSync(join(outdir, 'package.json'), '{ "type": "module" }\n'); // node_modules/ hides ours
  cli = join(outdir, 'main.js');
}
const args = [cli, 'demo', ...process.argv.slice(2)];

const child = spawn(process.execPath, args, { stdio: 'inherit', cwd: process.cwd() });
// Ctrl-C reaches the child through the terminal; keep this process alive until the child is done.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => {});
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal ? 128 + ({ SIGINT: 2, SIGTERM: 15 }[signal] ?? 1) : 1));
});
