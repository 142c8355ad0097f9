/**
 * Testing YOUR code that uses zoho-bulk: FakeZoho answers like Zoho CRM (OAuth, jobs, zipped
 * CSV results) from msw handlers, so your tests run offline, fast, and can make Zoho misbehave
 * on purpose.
 *
 *   npm i -D vitest msw          (FakeZoho ships in zoho-bulk/testing; msw is its peer dependency)
 *   npx vitest run
 *
 * In this repository the file runs through test/examples/testing-with-fakezoho.test.ts
 * (vitest only collects test/**).
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
// In your project: import { BulkClient, JobFailedError } from 'zoho-bulk';
import { BulkClient, type Clock, JobFailedError } from '../src/index.js';
// In your project: import { FakeZoho } from 'zoho-bulk/testing';
import { FakeZoho } from '../src/testing/index.js';

// ---------------------------------------------------------------------------------------------
// The code under test. In your project it lives in src/ and receives the client it should use.
async function countContactsBySource(client: BulkClient): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for await (const contact of client.bulkRead.export({ module: 'Contacts', fields: ['Lead_Source'] })) {
    const source = contact.Lead_Source || '(none)';
    counts.set(source, (counts.get(source) ?? 0) + 1);
  }
  return counts;
}
// ---------------------------------------------------------------------------------------------

// A virtual clock shared by the client and the fake: every wait (job polling, retry back-off,
// rate-limit windows) moves time forward instead of sleeping, so the tests never wait for real.
let now = Date.parse('2024-07-01T09:00:00Z');
const clock: Clock = {
  now: () => now,
  sleep: async (ms, signal) => {
    signal?.throwIfAborted();
    now += ms;
  },
};

// 1,200 Contacts in pages of 500 → 3 jobs, 3 downloads. The data is generated from a seed: the
// same every run. The fake serves Zoho's US hosts, which a default client talks to.
const zoho = new FakeZoho({ modules: { Contacts: { records: 1_200 } }, pageSize: 500, now: () => now });
const server = setupServer(...zoho.handlers());
beforeAll(() => server.listen({ onUnhandledRequest: 'error' })); // nothing reaches the internet
afterEach(() => zoho.reset()); // jobs, tokens, faults, request log and records back to the start
afterAll(() => server.close());

// A new client per test, like a new process: nothing (a cached access token …) leaks between tests.
let client: BulkClient;
beforeEach(() => {
  const { clientId, clientSecret, refreshToken } = zoho.credentials; // the fake's own OAuth client
  client = new BulkClient({ auth: { clientId, clientSecret, refreshToken }, clock });
});

/** What the answer should be, computed from the fake's records. */
function expectedCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const contact of zoho.records('Contacts')) {
    const source = contact.Lead_Source || '(none)';
    counts.set(source, (counts.get(source) ?? 0) + 1);
  }
  return counts;
}

describe('countContactsBySource', () => {
  it('counts every contact of every page', async () => {
    const counts = await countContactsBySource(client);

    expect(counts).toEqual(expectedCounts());
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(1_200);
    // zoho.requests logs every request (secrets redacted): 3 pages → 3 jobs.
    expect(zoho.requests.filter((r) => r.route === 'bulkRead.create')).toHaveLength(3);
  });

  it('survives a connection reset in the middle of a download', async () => {
    // The first download breaks after 2,000 bytes; the client downloads the file again and skips
    // the records it already delivered, so nothing is lost or counted twice.
    const fault = zoho.inject({
      match: { route: 'bulkRead.download' },
      effect: { type: 'reset', afterBytes: 2_000 },
    });

    const counts = await countContactsBySource(client);

    expect(counts).toEqual(expectedCounts());
    expect(fault.hits).toBe(1);
    expect(zoho.requests.filter((r) => r.route === 'bulkRead.download')).toHaveLength(4); // 3 pages + 1 retry
  });

  it('reports a job that fails on Zoho’s side', async () => {
    zoho.failNextJob({ code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error occurred.' });

    const failure = countContactsBySource(client);

    await expect(failure).rejects.toBeInstanceOf(JobFailedError);
    await expect(failure).rejects.toMatchObject({ job: { state: 'FAILURE' } });
  });
});
