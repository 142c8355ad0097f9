#!/usr/bin/env node
/**
 * Smoke test of the BUILT package (run after `npm run build`): loads it the way users do —
 * `import('zoho-bulk')` and `require('zoho-bulk')`, resolved through the package's own `exports`
 * map (self-reference) — and checks the public surface, the dual-package error marker, and that
 * the bundled p-retry works in the CJS build. Exits non-zero on the first failure.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const failures = [];
const check = (ok, what) => {
  if (ok) console.log(`ok   ${what}`);
  else {
    console.error(`FAIL ${what}`);
    failures.push(what);
  }
};

const errorNames = [
  'ZohoBulkError',
  'ZohoApiError',
  'RateLimitError',
  'OAuthError',
  'RequestValidationError',
  'ResponseValidationError',
  'JobFailedError',
  'PollTimeoutError',
  'ConnectionError',
  'DownloadError',
];
const valueNames = [
  'BulkClient',
  'StaticTokenProvider',
  'RefreshTokenProvider',
  'exchangeGrantCode',
  ...errorNames,
];

async function load() {
  let esm;
  let cjs;
  try {
    esm = await import('zoho-bulk');
  } catch (error) {
    check(false, `import('zoho-bulk'): ${error}`);
  }
  try {
    cjs = require('zoho-bulk');
  } catch (error) {
    check(false, `require('zoho-bulk'): ${error}`);
  }
  return { esm, cjs };
}

/** A request through the client whose first attempt is refused: exercises the bundled p-retry. */
async function retryWorks(mod) {
  let calls = 0;
  const fetch = async () => {
    calls++;
    if (calls === 1) {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }),
      });
    }
    return new Response('{"ok":1234567890123456789}', {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };
  const clock = { now: () => Date.now(), sleep: async () => {} };
  const client = new mod.BulkClient({ auth: 'smoke-token', fetch, clock });
  const res = await client.transport.request({ method: 'POST', path: '/smoke', json: {} });
  return calls === 2 && res.body?.ok === '1234567890123456789';
}

const { esm, cjs } = await load();
for (const [label, mod] of [
  ['esm', esm],
  ['cjs', cjs],
]) {
  if (!mod) continue;
  for (const name of valueNames) check(typeof mod[name] === 'function', `${label}: ${name} is exported`);
  check(typeof mod.dataCenters?.eu?.apiDomain === 'string', `${label}: dataCenters is exported`);
  try {
    check(
      await retryWorks(mod),
      `${label}: a refused request is retried (bundled p-retry) and big ids stay exact`,
    );
  } catch (error) {
    check(false, `${label}: request through BulkClient: ${error}`);
  }
}

if (esm && cjs) {
  const fromCjs = new cjs.ZohoApiError('x', { status: 500, code: 'INTERNAL_ERROR' });
  const fromEsm = new esm.OAuthError('x', { code: 'invalid_client' });
  check(esm.ZohoApiError !== cjs.ZohoApiError, 'esm and cjs are separate copies');
  check(
    esm.ZohoBulkError.isInstance(fromCjs) === true,
    'EsmErrors.ZohoBulkError.isInstance(new CjsErrors.ZohoApiError(...))',
  );
  check(
    cjs.ZohoBulkError.isInstance(fromEsm) === true,
    'CjsErrors.ZohoBulkError.isInstance(new EsmErrors.OAuthError(...))',
  );
  check(esm.ZohoBulkError.isInstance(new Error('plain')) === false, 'isInstance(new Error()) is false');
}

if (existsSync(new URL('../dist/testing/index.js', import.meta.url))) {
  try {
    const testingEsm = await import('zoho-bulk/testing');
    const testingCjs = require('zoho-bulk/testing');
    check(typeof testingEsm.FakeZoho === 'function', "import('zoho-bulk/testing') exports FakeZoho");
    check(typeof testingCjs.FakeZoho === 'function', "require('zoho-bulk/testing') exports FakeZoho");
  } catch (error) {
    check(false, `zoho-bulk/testing: ${error}`);
  }
} else {
  console.log('skip zoho-bulk/testing (dist/testing/index.js not built)');
}

if (failures.length > 0) {
  console.error(`\nsmoke: ${failures.length} check(s) failed`);
  process.exit(1);
}
console.log('\nsmoke: all checks passed');
