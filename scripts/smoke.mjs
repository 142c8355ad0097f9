#!/usr/bin/env node
/**
 * Smoke test of the BUILT package (run after `npm run build`): loads it the way users do —
 * `import('zoho-bulk')` and `require('zoho-bulk')`, resolved through the package's own `exports`
 * map (self-reference) — and checks the public surface (internal helpers and `@internal` members
 * do not ship), every error class's `isInstance` across the ESM and CJS copies (both directions,
 * siblings false), and that the bundled p-retry works in the CJS build. Exits non-zero when any
 * check failed.
 */
import { existsSync, readFileSync } from 'node:fs';
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

/** One instance of every error class, built from `mod`, keyed by class name. */
function errorSamples(mod) {
  return {
    ZohoBulkError: new mod.ZohoBulkError('x'),
    ZohoApiError: new mod.ZohoApiError('x', { status: 500, code: 'INTERNAL_ERROR' }),
    RateLimitError: new mod.RateLimitError('x', { code: 'TOO_MANY_REQUESTS' }),
    OAuthError: new mod.OAuthError('x', { code: 'invalid_client' }),
    RequestValidationError: new mod.RequestValidationError('x', { issues: [] }),
    ResponseValidationError: new mod.ResponseValidationError('x', { issues: [] }),
    JobFailedError: new mod.JobFailedError('x', { job: {}, jobId: '1' }),
    PollTimeoutError: new mod.PollTimeoutError('x', { jobId: '1' }),
    ConnectionError: new mod.ConnectionError('x', {}),
    DownloadError: new mod.DownloadError('x', {}),
  };
}

/** The classes an instance of each class belongs to: itself and its ancestors. */
const errorAncestors = {
  ZohoBulkError: ['ZohoBulkError'],
  ZohoApiError: ['ZohoApiError', 'ZohoBulkError'],
  RateLimitError: ['RateLimitError', 'ZohoApiError', 'ZohoBulkError'],
  OAuthError: ['OAuthError', 'ZohoBulkError'],
  RequestValidationError: ['RequestValidationError', 'ZohoBulkError'],
  ResponseValidationError: ['ResponseValidationError', 'ZohoBulkError'],
  JobFailedError: ['JobFailedError', 'ZohoBulkError'],
  PollTimeoutError: ['PollTimeoutError', 'ZohoBulkError'],
  ConnectionError: ['ConnectionError', 'ZohoBulkError'],
  DownloadError: ['DownloadError', 'ZohoBulkError'],
};

if (esm && cjs) {
  check(esm.ZohoApiError !== cjs.ZohoApiError, 'esm and cjs are separate copies');
  // Every class's isInstance, from one build, against an instance of every class from the other.
  for (const [makerLabel, maker, checkerLabel, checker] of [
    ['cjs', cjs, 'esm', esm],
    ['esm', esm, 'cjs', cjs],
  ]) {
    const made = errorSamples(maker);
    const wrong = [];
    for (const checkerName of errorNames) {
      for (const madeName of errorNames) {
        const expected = errorAncestors[madeName].includes(checkerName);
        if (checker[checkerName].isInstance(made[madeName]) !== expected) {
          wrong.push(`${checkerName}.isInstance(${madeName}) should be ${expected}`);
        }
      }
      if (checker[checkerName].isInstance(new Error('plain')) !== false)
        wrong.push(`${checkerName}: plain Error`);
    }
    check(
      wrong.length === 0,
      `${checkerLabel} X.isInstance(${makerLabel} error): true for X and its subclasses only, ${errorNames.length}×${errorNames.length} pairs${wrong.length ? `: ${wrong.join('; ')}` : ''}`,
    );
  }
}

// The curated surface: helpers not documented in the README do not ship, nor do @internal members.
for (const [label, mod] of [
  ['esm', esm],
  ['cjs', cjs],
]) {
  if (!mod) continue;
  const leaked = [
    'formatPath',
    'chunkRecords',
    'zipCsvText',
    'isZip',
    'toLegacyCriteria',
    'ZipWriter',
    'CsvWriter',
  ].filter((name) => name in mod);
  check(
    leaked.length === 0,
    `${label}: internal helpers are not exported${leaked.length ? ` (${leaked.join(', ')})` : ''}`,
  );
}
for (const file of ['index.d.ts', 'index.d.cts']) {
  const url = new URL(`../dist/${file}`, import.meta.url);
  if (!existsSync(url)) {
    check(false, `dist/${file} exists`);
    continue;
  }
  const dts = readFileSync(url, 'utf8');
  check(
    !/\btransport\b/.test(dts) && !/class Transport\b/.test(dts),
    `dist/${file}: @internal members (BulkClient.transport) are stripped`,
  );
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
