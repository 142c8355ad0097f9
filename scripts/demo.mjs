#!/usr/bin/env node
// `npm run demo [-- --contacts 20000 …]`: runs `zoho-bulk demo` — the built CLI when dist/ exists,
// else the TypeScript sources through tsx (a fresh clone after `npm install`, no build needed).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist', 'cli', 'main.js');
const args = existsSync(dist)
  ? [dist, 'demo', ...process.argv.slice(2)]
  : [
      '--import',
      import.meta.resolve('tsx'),
      join(root, 'src', 'cli', 'main.ts'),
      'demo',
      ...process.argv.slice(2),
    ];

const child = spawn(process.execPath, args, { stdio: 'inherit', cwd: process.cwd() });
// Ctrl-C reaches the child through the terminal; keep this process alive until the child is done.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => {});
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal ? 128 + ({ SIGINT: 2, SIGTERM: 15 }[signal] ?? 1) : 1));
});
