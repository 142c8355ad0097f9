#!/usr/bin/env node
/**
 * Conformance check: Zoho's own Node SDK (@zohocrm/nodejs-sdk-8.0) against the built
 * `zoho-bulk fake-server`, over loopback only. Prints one line per flow; exits 1 on any mismatch.
 * Run from the repository root: `npm run build && npm run conformance`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as bulkRead from './flows/bulk-read.mjs';
import * as bulkWrite from './flows/bulk-write.mjs';
import * as fields from './flows/fields.mjs';
import * as massUpdate from './flows/mass-update.mjs';
import * as token from './flows/token.mjs';
import { startFakeServer } from './lib/fake-server.mjs';
import { loopbackOnly, refused } from './lib/guard.mjs';
import { initSdk } from './lib/sdk.mjs';

const CVID = '4876876000000087501';
const counts = { Contacts: 250, Accounts: 40, Leads: 60 };
const flows = [token, fields, bulkRead, bulkWrite, massUpdate];

loopbackOnly();
const started = Date.now();
const dir = mkdtempSync(join(tmpdir(), 'zoho-bulk-conformance-'));
const fake = await startFakeServer([
  '--records',
  Object.entries(counts)
    .map(([m, n]) => `${m}=${n}`)
    .join(','),
  '--page-size',
  '100',
  '--latency',
  '200ms',
  '--view',
  `${CVID}=Contacts`,
]);
let failures = 0;
try {
  const sdk = await initSdk({ url: fake.url, env: fake.env, dir });
  const ctx = { sdk, dir, cvid: CVID, counts };
  for (const flow of flows) {
    const t = Date.now();
    try {
      const detail = await flow.run(ctx);
      console.log(`PASS  ${flow.name}: ${detail} (${Date.now() - t} ms)`);
    } catch (error) {
      failures++;
      console.log(`FAIL  ${flow.name}: ${error instanceof Error ? error.message : error}`);
      if (process.env.CONFORMANCE_DEBUG) console.error(error);
    }
  }
} finally {
  await fake.stop();
  rmSync(dir, { recursive: true, force: true });
}
if (refused.length > 0) {
  failures++;
  console.log(`FAIL  network: refused connections to ${[...new Set(refused)].join(', ')}`);
}
console.log(
  `${failures === 0 ? 'conformance: all flows pass' : `conformance: ${failures} failing`} (${Date.now() - started} ms)`,
);
process.exitCode = failures === 0 ? 0 : 1;
