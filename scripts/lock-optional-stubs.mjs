#!/usr/bin/env node
// Fills package-lock.json with entries for optional platform packages (biome, rollup) that the
// registry mirror of our build machines does not serve. npm drops them from the lock it writes,
// and `npm ci` then refuses the lock ("Missing: … from lock file"). An entry with the package's
// os/cpu/libc makes npm skip it on other platforms, exactly as with a complete lock.
// Run after `npm install` changes the lock: node scripts/lock-optional-stubs.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));

/** os / cpu / libc from a platform package's name (the naming both projects use). */
function platform(name) {
  const tail = name
    .split('/')
    .pop()
    .replace(/^(cli|rollup)-/, '');
  const [os, cpu, variant] = tail.split('-');
  const out = { os: [os], cpu: [cpu] };
  if (variant?.startsWith('musl')) out.libc = ['musl'];
  else if (os === 'linux' && (variant === 'gnu' || variant === 'gnueabihf')) out.libc = ['glibc'];
  return out;
}

let added = 0;
for (const entry of Object.values(lock.packages)) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    if (!/^@(biomejs|rollup)\//.test(dep)) continue;
    const at = `node_modules/${dep}`;
    if (lock.packages[at]) continue;
    lock.packages[at] = { version, ...(entry.dev ? { dev: true } : {}), optional: true, ...platform(dep) };
    added++;
  }
}
const sorted = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
lock.packages = sorted;
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lock-optional-stubs: ${added} entries added`);
