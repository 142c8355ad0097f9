/**
 * Bulk Read over real HTTP: FakeZoho.listen() on 127.0.0.1 (no msw in this file), so an injected
 * reset is a real connection reset and a `break` is a real closed connection.
 */
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/core/logger.js';
import { collect, fakeRecords, setupListen, watchNextDownload } from './support.js';

const modules = { Contacts: { records: 300 } };

async function completedJob(s: Awaited<ReturnType<typeof setupListen>>, module = 'Contacts') {
  const created = await s.client.bulkRead.create({ query: { module } });
  return s.client.bulkRead.waitFor(created.id);
}

describe('records over HTTP', () => {
  it('a reset after N bytes (real socket) and a 429: every record exactly once, each retry logged', async () => {
    const events: LogEvent[] = [];
    const s = await setupListen({ modules }, { logger: (e) => events.push(e) });
    try {
      const job = await completedJob(s);
      s.fake.inject({ match: { route: 'bulkRead.download' }, effect: { type: 'rate-limit' } });
      s.fake.inject({
        match: { route: 'bulkRead.download' },
        after: 1,
        effect: { type: 'reset', afterBytes: 9_000 },
      });
      const got = await collect(s.client.bulkRead.records(job));
      expect(got).toEqual(fakeRecords(s.fake, 'Contacts'));
      const downloads = s.fake.requests.filter((r) => r.route === 'bulkRead.download').map((r) => r.status);
      expect(downloads).toEqual([429, 200, 200]);
      const retries = events.filter((e) => e.type === 'download');
      expect(retries.map((e) => [e.jobId, e.attempt])).toEqual([
        [job.id, 2],
        [job.id, 3],
      ]);
      // The 429 delivered nothing; the reset came after some records, which the retry skips.
      expect(retries[0]).toMatchObject({ resumeAfterRow: 0, url: job.result?.download_url });
      const resumed = retries[1]?.type === 'download' ? (retries[1].resumeAfterRow ?? 0) : 0;
      expect(resumed).toBeGreaterThan(0);
      expect(resumed).toBeLessThan(got.length);
    } finally {
      await s.close();
    }
  });

  it('a retried download passes through the client’s download limiter again', async () => {
    const s = await setupListen({ modules }, { downloadsPerMinute: 1 });
    try {
      const job = await completedJob(s);
      s.fake.inject({ match: { route: 'bulkRead.download' }, effect: { type: 'reset', afterBytes: 5_000 } });
      const got = await collect(s.client.bulkRead.records(job));
      expect(got).toEqual(fakeRecords(s.fake, 'Contacts'));
      const times = s.fake.requests.filter((r) => r.route === 'bulkRead.download').map((r) => r.time);
      expect(times).toHaveLength(2);
      expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(60_000);
    } finally {
      await s.close();
    }
  });

  it('break closes the connection: the server sees the client go away', async () => {
    const s = await setupListen({ modules: { Contacts: { records: 20_000 } } });
    try {
      const job = await completedJob(s);
      const watched = watchNextDownload(s.fake);
      let n = 0;
      for await (const _ of s.client.bulkRead.records(job)) if (++n === 10) break;
      for (let i = 0; i < 200 && watched.cancelled === 0; i++) await new Promise((r) => setTimeout(r, 5));
      expect(watched).toEqual({ served: 1, cancelled: 1 });
    } finally {
      await s.close();
    }
  });
});

describe('export over HTTP', () => {
  it('3 pages with a 429 and a connection reset in page 2: every record exactly once, in order', async () => {
    const s = await setupListen({ modules: { Contacts: { records: 1_200 } }, pageSize: 500 });
    try {
      s.fake.inject({ match: { route: 'bulkRead.download' }, after: 1, effect: { type: 'rate-limit' } });
      s.fake.inject({
        match: { route: 'bulkRead.download' },
        after: 2,
        effect: { type: 'reset', afterBytes: 20_000 },
      });
      const got = await collect(s.client.bulkRead.export({ module: 'Contacts' }));
      expect(got).toEqual(fakeRecords(s.fake, 'Contacts'));
      const downloads = s.fake.requests.filter((r) => r.route === 'bulkRead.download');
      expect(downloads.map((r) => r.status)).toEqual([200, 429, 200, 200, 200]);
    } finally {
      await s.close();
    }
  });

  it('break during an export closes the download connection', async () => {
    const s = await setupListen({ modules: { Contacts: { records: 20_000 } } });
    try {
      const watched = watchNextDownload(s.fake);
      let n = 0;
      for await (const _ of s.client.bulkRead.export({ module: 'Contacts' })) if (++n === 10) break;
      for (let i = 0; i < 200 && watched.cancelled === 0; i++) await new Promise((r) => setTimeout(r, 5));
      expect(watched).toEqual({ served: 1, cancelled: 1 });
    } finally {
      await s.close();
    }
  });
});
