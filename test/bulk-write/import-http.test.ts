/**
 * Bulk write over real HTTP: FakeZoho.listen() on 127.0.0.1 (no msw in this file), so the upload
 * is a real multipart request and an injected reset is a real connection reset.
 */
import { describe, expect, it } from 'vitest';
import { BulkClient } from '../../src/client.js';
import type { LogEvent } from '../../src/core/logger.js';
import type { FamilyRowResult } from '../../src/import/join-children.js';
import { FakeZoho, type FakeZohoOptions } from '../../src/testing/index.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { withWriteResources } from './support.js';

async function setup(options: FakeZohoOptions = {}) {
  const clock = new FakeClock();
  const fake = new FakeZoho({ ...options, now: () => clock.now() });
  const logged: LogEvent[] = [];
  const { url, close } = await fake.listen();
  const client = withWriteResources(
    new BulkClient({
      auth: fake.issueAccessToken(30 * 86_400_000),
      apiDomain: url,
      uploadDomain: url,
      clock,
      poll: { interval: 1_000, maxInterval: 5_000 },
      logger: (event) => logged.push(event),
    }),
  );
  return {
    fake,
    logged,
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

  it('a parent-child result zip cut in any of its CSVs is retried and every parent and child row comes once', async () => {
    const s = await setup({ modules: { Leads: { records: 0 }, Leads_Subform: { records: 0 } } });
    s.fake.bulkWrite.configure({ maxChildRowsPerFile: 1_000 });
    try {
      const parents = 400;
      const kids = (i: number) => i % 3;
      const resumedAfter: number[] = [];
      for (const afterBytes of [1_500, 4_500]) {
        const records = Array.from({ length: parents }, (_, i) => ({
          Last_Name: `Cut${afterBytes} ${i}`,
          Company: `Co ${i}`,
          Subform_1: Array.from({ length: kids(i) }, (_, j) => ({
            Secondary_Email: `c${afterBytes}-${i}-${j}@x.example`,
          })),
        }));
        const fault = s.fake.inject({
          match: { route: 'bulkWrite.download' },
          effect: { type: 'reset', afterBytes },
        });
        const before = s.logged.length;
        const results: FamilyRowResult[] = [];
        for await (const r of s.client.bulkWrite.import(
          { module: 'Leads', operation: 'insert', records, children: { Subform_1: 'Leads_Subform' } },
          { maxChildRowsPerFile: 1_000 },
        )) {
          results.push(r);
        }
        expect(fault.hits).toBe(1);
        expect(results.map((r) => r.index)).toEqual([...Array(parents).keys()]);
        expect(results.every((r) => r.status === 'ADDED')).toBe(true);
        expect(results.map((r) => r.children?.Subform_1?.length)).toEqual(records.map((_, i) => kids(i)));
        const childIds = results.flatMap((r) => r.children!.Subform_1!.map((c) => c.recordId));
        expect(new Set(childIds).size).toBe(childIds.length);
        const retry = s.logged.slice(before).find((e) => e.type === 'download');
        resumedAfter.push((retry as { resumeAfterRow: number }).resumeAfterRow);
      }
      // The cuts fell in the parent CSV and in the child CSV: resumed with parents only, then with children too.
      expect(resumedAfter.some((n) => n > 0 && n < parents)).toBe(true);
      expect(resumedAfter.some((n) => n > parents)).toBe(true);
      const downloads = s.fake.requests.filter((r) => r.route === 'bulkWrite.download');
      expect(downloads).toHaveLength(4);
    } finally {
      await s.close();
    }
  });
});
