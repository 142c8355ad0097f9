#!/usr/bin/env node
// `npm run bench`: every benchmark under bench/, each in its own process (so peak RSS is its own),
// each printing its measurements and ratios against a baseline measured in the same run.
// Usage: npm run bench [-- export|write|read|fake-export|decoders …]; exits 1 if any benchmark failed.
//
// Each benchmark is bundled with esbuild (as tsup bundles dist/) and run by plain `node`, so the
// process measured holds what a user's process holds: no TypeScript loader. Under `--import tsx`
// the export bench's process started 10–30 MB larger, which its RSS target counts.
// `node --import tsx bench/<name>.ts` still runs one from the sources.
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const benches = {
  export: 'bench/export.ts', // 1,000,000 records over loopback: SDK vs inflate+csv-parse, RSS, page overlap
  write: 'bench/write-pipeline.ts', // upload files for 100,000 records vs csv-stringify + zlib
  read: 'bench/read-pipeline.ts', // the streaming pipeline alone vs zlib + csv-parse, and fflate
  'fake-export': 'bench/fake-export.ts', // FakeZoho serving 1,000,000 records: its peak RSS < 200 MB
  decoders: 'bench/decoders.ts', // CSV decoders on the same bytes: csv-parse, uDSV, ours; alone and from a zip
};
const chosen = process.argv.slice(2);
const names = chosen.length > 0 ? chosen : Object.keys(benches);
const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'node_modules', '.cache', 'zoho-bulk-bench');

/** Modules other than the bench itself keep their own `import.meta.url` (fixture paths), as under tsx. */
const ownUrls = (entry) => ({
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
      if (path === entry) return undefined;
      const source = await readFile(path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const url = JSON.stringify(pathToFileURL(path).href);
      return { contents: source.replaceAll('import.meta.url', url), loader: 'ts' };
    });
  },
});
let failed = 0;
for (const name of names) {
  const file = benches[name];
  if (!file) {
    console.error(`unknown bench '${name}' (known: ${Object.keys(benches).join(', ')})`);
    process.exit(2);
  }
  console.log(`\n=== ${name}: ${file} (bundled, plain node)`);
  const outdir = join(out, name);
  await build({
    entryPoints: { main: join(root, file) },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
    plugins: [ownUrls(join(root, file))],
  });
  const { status } = spawnSync(process.execPath, [join(outdir, 'main.mjs')], { cwd: root, stdio: 'inherit' });
  if (status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
