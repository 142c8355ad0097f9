/**
 * Bulk write over real HTTP: FakeZoho.listen() on 127.0.0.1 (no msw in this file), so the upload
 * is a real multipart request and an injected reset is a real connection reset.
 */
import { describe, expect, it } from 'vitest';
import { BulkClient } from '../../src/client.js';
import { FakeZoho } from '../../src/testing/index.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { withWriteResources } from './support.js';

async function setup() {
  const clock = new FakeClock();
  const fake = new FakeZoho({ now: () => clock.now() });
  const { url, close } = await fake.listen();
  const client = withWriteResources(
    new BulkClient({
      auth: fake.issueAccessToken(30 * 86_400_000),
      apiDomain: url,
      uploadDomain: url,
      clock,
      poll: { interval: 1_000, maxInterval: 5_000 },
    }),
  );
  return {
    fake,
    client,
    clock,
    close: async () => {
      await client.close();
      await close();
    },
  };
}

describe('bulkWrite.import over HTTP', () => {
  it('a reset while downloading the result file is retried and every row comes once', async () => {
    const s = await setup();
    try {
      const fault = s.fake.inject({
        match: { route: 'bulkWrite.download' },
        effect: { type: 'reset', afterBytes: 3_000 },
      });
      const records = Array.from({ length: 5_000 }, (_, i) => ({
        Last_Name: `Last ${i}`,
        Company: `Co ${i}`,
        Email: `http${i}@import.example`,
      }));
      const results = [];
      for await (const r of s.client.bulkWrite.import({ module: 'Leads', operation: 'insert', records })) {
        results.push(r);
      }
      expect(fault.hits).toBe(1);
      const downloads = s.fake.requests.filter((r) => r.route === 'bulkWrite.download');
      expect(downloads.map((r) => r.status)).toEqual([200, 200]);
      expect(results.map((r) => r.index)).toEqual([...Array(5_000).keys()]);
      expect(new Set(results.map((r) => r.recordId)).size).toBe(5_000);
      expect(results.every((r) => r.status === 'ADDED')).toBe(true);
      expect(s.fake.count('Leads')).toBe(6_000);
      expect(s.clock.sleeps.length).toBeGreaterThan(0); // polling and the retry backoff: fake time
      const upload = s.fake.requests.find((r) => r.route === 'bulkWrite.upload');
      expect(upload?.headers['x-crm-org']).toBe('694902309');
      expect(upload?.headers.feature).toBe('bulk-write');
    } finally {
      await s.close();
    }
  });
});
