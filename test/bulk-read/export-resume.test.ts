/** bulkRead.export checkpoints and resume (BulkClient + FakeZoho over msw). */
import { describe, expect, it } from 'vitest';
import { RequestValidationError } from '../../src/core/errors.js';
import type { ExportCheckpoint } from '../../src/schemas/bulk-read.js';
import { collect, fakeRecords, rejectionOf, routes, setup, useMsw } from './support.js';

const server = useMsw();
/** 1,200 records in pages of 500: 500 + 500 + 200. */
const big = { modules: { Contacts: { records: 1_200 } }, pageSize: 500 };

describe('export: checkpoints and resume', () => {
  /** Runs an export, recording each checkpoint with the number of records processed when it came. */
  async function run(
    s: ReturnType<typeof setup>,
    options: { resume?: ExportCheckpoint; stopAfter?: number; checkpointEvery?: number } = {},
  ) {
    const records: Record<string, string>[] = [];
    const checkpoints: { checkpoint: ExportCheckpoint; processed: number }[] = [];
    for await (const record of s.client.bulkRead.export(
      { module: 'Contacts' },
      {
        checkpointEvery: options.checkpointEvery ?? 150,
        onCheckpoint: (checkpoint) => void checkpoints.push({ checkpoint, processed: records.length }),
        ...(options.resume ? { resume: options.resume } : {}),
      },
    )) {
      records.push(record);
      if (records.length === options.stopAfter) break;
    }
    return { records, checkpoints };
  }

  it('a checkpoint counts exactly the records whose loop body has run', async () => {
    const s = setup(server, big);
    const { checkpoints } = await run(s);
    expect(checkpoints.every((c) => c.checkpoint.totalRecords === c.processed)).toBe(true);
    expect(
      checkpoints.map((c) => [c.checkpoint.page, c.checkpoint.recordsInPage, c.checkpoint.totalRecords]),
    ).toEqual([
      [1, 150, 150],
      [1, 300, 300],
      [1, 450, 450],
      [2, 0, 500],
      [2, 150, 650],
      [2, 300, 800],
      [2, 450, 950],
      [3, 0, 1000],
      [3, 150, 1150],
      [3, 200, 1200],
    ]);
    const jobs = s.fake.jobs('bulkRead').map((j) => j.id);
    const first = checkpoints[0]!.checkpoint;
    expect(first).toEqual({
      version: 1,
      module: 'Contacts',
      query: { module: 'Contacts' },
      page: 1,
      jobId: jobs[0],
      recordsInPage: 150,
      totalRecords: 150,
      createdAt: expect.stringMatching(/^2024-01-01T/),
    });
    expect(checkpoints[3]!.checkpoint).toMatchObject({
      page: 2,
      jobId: jobs[1],
      pageToken: expect.any(String),
    });
    expect(checkpoints.at(-1)!.checkpoint.complete).toBe(true);
    expect(JSON.parse(JSON.stringify(first))).toEqual(first);
  });

  it('resume from a checkpoint taken mid-page yields exactly the remaining records (same job, re-download)', async () => {
    const s = setup(server, big);
    const first = await run(s, { stopAfter: 720 });
    const last = first.checkpoints.at(-1)!.checkpoint;
    expect(last).toMatchObject({ page: 2, recordsInPage: 150, totalRecords: 650 });
    const before = s.fake.requests.length;
    const second = await run(s, { resume: last });
    expect(second.records).toEqual(fakeRecords(s.fake, 'Contacts').slice(650));
    // The same job: read it, download its file again (no new job for page 2).
    expect(routes(s.fake).slice(before, before + 3)).toEqual(['get', 'create', 'download']);
    expect(s.fake.requests[before]!.path).toContain(last.jobId!);
    expect(second.checkpoints[0]!.checkpoint).toMatchObject({
      page: 2,
      recordsInPage: 300,
      totalRecords: 800,
    });
  });

  it('resume across a page boundary (the page-complete checkpoint points at the next page’s job)', async () => {
    const s = setup(server, big);
    const first = await run(s, { stopAfter: 510, checkpointEvery: 10_000 });
    const last = first.checkpoints.at(-1)!.checkpoint;
    expect(last).toMatchObject({ page: 2, recordsInPage: 0, totalRecords: 500, jobId: s.fake.jobs()[1]!.id });
    const creates = s.fake.jobs().length;
    const second = await run(s, { resume: last });
    expect(second.records).toEqual(fakeRecords(s.fake, 'Contacts').slice(500));
    expect(s.fake.jobs()).toHaveLength(creates + 1); // only page 3's job is new
  });

  it('resume after the file expired: a new job from the saved page token, skipping within it', async () => {
    const s = setup(server, { ...big, downloadExpiry: 3_600_000 });
    const first = await run(s, { stopAfter: 700 });
    const last = first.checkpoints.at(-1)!.checkpoint;
    expect(last.pageToken).toEqual(expect.any(String));
    s.clock.set(s.clock.now() + 2 * 3_600_000);
    const before = s.fake.requests.length;
    const second = await run(s, { resume: last });
    expect(second.records).toEqual(fakeRecords(s.fake, 'Contacts').slice(650));
    const after = s.fake.requests.slice(before);
    expect(after.slice(0, 4).map((r) => [r.route, r.status])).toEqual([
      ['bulkRead.get', 200],
      ['bulkRead.create', 201], // page 3's job, prefetched as soon as page 2's job is seen COMPLETED
      ['bulkRead.download', 404],
      ['bulkRead.create', 201], // page 2 again, from the saved token
    ]);
    expect(after[3]!.json).toEqual({ query: { page_token: last.pageToken } });
  });

  it('resume after a day (file and page token expired): walks again from page 1, skipping by count', async () => {
    const s = setup(server, big);
    const first = await run(s, { stopAfter: 700 });
    const last = first.checkpoints.at(-1)!.checkpoint;
    s.clock.set(s.clock.now() + 25 * 3_600_000);
    const before = s.fake.requests.length;
    const events: string[] = [];
    const records: Record<string, string>[] = [];
    for await (const r of s.client.bulkRead.export(
      { module: 'Contacts' },
      {
        resume: last,
        onProgress: (e) => e.type !== 'job' && e.type !== 'records' && events.push(`${e.type} ${e.page}`),
      },
    ))
      records.push(r);
    expect(records).toEqual(fakeRecords(s.fake, 'Contacts').slice(650));
    const after = s.fake.requests.slice(before).map((r) => `${r.route?.slice(9)} ${r.status}`);
    expect(after.slice(0, 5)).toEqual([
      'get 200', // page 2's old job is still there …
      'create 400', // … but its next page token has expired (prefetch of page 3)
      'download 404', // … and so has its file
      'create 400', // the saved page token is refused too
      'create 201', // page 1 again (no token)
    ]);
    // Page 1 is not downloaded again: its count says it was delivered in full.
    expect(after.filter((r) => r === 'download 200')).toHaveLength(2);
    // The first page-start 2 is the old job's, whose download then failed.
    expect(events).toEqual([
      'page-start 2',
      'page-start 2',
      'page-complete 2',
      'page-start 3',
      'page-complete 3',
    ]);
  });

  it('resume when the job is gone (404 on get): a new job from the saved page number (v6)', async () => {
    const s = setup(server, big, { apiVersion: 'v6' });
    const first = await run(s, { stopAfter: 700 });
    const last = first.checkpoints.at(-1)!.checkpoint;
    expect(last).toMatchObject({ page: 2, recordsInPage: 150 });
    expect(last).not.toHaveProperty('pageToken');
    const before = s.fake.requests.length;
    const second = await run(s, { resume: { ...last, jobId: '4876876000001599999' } });
    expect(second.records).toEqual(fakeRecords(s.fake, 'Contacts').slice(650));
    const after = s.fake.requests.slice(before);
    expect(after.slice(0, 2).map((r) => [r.route, r.status])).toEqual([
      ['bulkRead.get', 404],
      ['bulkRead.create', 201],
    ]);
    expect(after[1]!.json).toEqual({ query: { module: { api_name: 'Contacts' }, page: 2 } });
  });

  it('a completed checkpoint resumes to nothing; another query’s checkpoint is refused; no request', async () => {
    const s = setup(server, big);
    const { checkpoints } = await run(s);
    s.fake.reset();
    const done = checkpoints.at(-1)!.checkpoint;
    expect(await collect(s.client.bulkRead.export({ module: 'Contacts' }, { resume: done }))).toEqual([]);
    const other = await rejectionOf(
      collect(
        s.client.bulkRead.export(
          { module: 'Contacts', fields: ['Email'] },
          { resume: checkpoints[0]!.checkpoint },
        ),
      ),
    );
    expect(other).toBeInstanceOf(RequestValidationError);
    expect(other.message).toContain('another query');
    const malformed = await rejectionOf(
      collect(s.client.bulkRead.export({ module: 'Contacts' }, { resume: { version: 2 } as never })),
    );
    expect(malformed).toBeInstanceOf(RequestValidationError);
    expect(s.fake.requests).toEqual([]);
  });

  it('a returned promise is awaited before the next record', async () => {
    const s = setup(server, { modules: { Contacts: { records: 30 } } });
    const order: string[] = [];
    for await (const r of s.client.bulkRead.export(
      { module: 'Contacts' },
      {
        checkpointEvery: 10,
        onCheckpoint: async (c) => {
          await new Promise((resolve) => setImmediate(resolve));
          order.push(`saved ${c.totalRecords}`);
        },
      },
    )) {
      if (order.length < 13) order.push(`record ${r.Id === undefined ? '?' : 'ok'}`);
    }
    expect(order.slice(9, 13)).toEqual(['record ok', 'saved 10', 'record ok', 'record ok']);
  });
});
