#!/usr/bin/env node
// `npm run bench`: every benchmark under bench/, each in its own process (so peak RSS is its own),
// each printing its measurements and ratios against a baseline measured in the same run.
// Usage: npm run bench [-- export|write|read|fake-export|decoders …]; exits 1 if any benchmark failed.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

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
let failed = 0;
for (const name of names) {
  const file = benches[name];
  if (!file) {
    console.error(`unknown bench '${name}' (known: ${Object.keys(benches).join(', ')})`);
    process.exit(2);
  }
  console.log(`\n=== ${name}: ${file}`);
  const { status } = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: root, stdio: 'inherit' });
  if (status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
