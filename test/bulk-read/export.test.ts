/** bulkRead.export: every page, prefetching, progress, checkpoints and resume (BulkClient + FakeZoho over msw). */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RequestValidationError, ZohoApiError } from '../../src/core/errors.js';
import type { ExportProgressEvent } from '../../src/resources/bulk-read-options.js';
import type { ExportCheckpoint } from '../../src/schemas/bulk-read.js';
import { zohoCsv } from '../../src/schemas/coerce.js';
import { where } from '../../src/schemas/criteria-builder.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { collect, fakeRecords, rejectionOf, routes, serveDownloads, setup, useMsw } from './support.js';

const server = useMsw();
/** 1,200 records in pages of 500: 500 + 500 + 200. */
const big = { modules: { Contacts: { records: 1_200 } }, pageSize: 500 };
const PAGE_SEQUENCE = [
  'create',
  'get',
  'get',
  'get',
  'create', // page 2's job, as soon as page 1's completed …
  'download', // … and before page 1 streams
  'get',
  'get',
  'get',
  'create',
  'download',
  'get',
  'get',
  'get',
  'download',
];

describe('export: every page', () => {
  it('a 3-page export (v8, page_token) yields the fake’s records field by field', async () => {
    const { fake, client } = setup(server, big);
    const got = await collect(client.bulkRead.export({ module: 'Contacts' }));
    expect(got).toHaveLength(1_200);
    expect(got).toEqual(fakeRecords(fake, 'Contacts'));
    expect(routes(fake)).toEqual(PAGE_SEQUENCE);
    const creates = fake.requests.filter((r) => r.route === 'bulkRead.create').map((r) => r.json);
    const [job1, job2] = fake.jobs('bulkRead') as unknown as { nextPageToken: string }[];
    expect(creates).toEqual([
      { query: { module: { api_name: 'Contacts' } } },
      { query: { page_token: job1!.nextPageToken } },
      { query: { page_token: job2!.nextPageToken } },
    ]);
  });

  it('v2: page + 1 and module as a string', async () => {
    const { fake, client } = setup(server, big, { apiVersion: 'v2' });
    const fields = ['Last_Name', 'Email'];
    const got = await collect(client.bulkRead.export({ module: 'Contacts', fields }));
    expect(got).toEqual(fakeRecords(fake, 'Contacts', fields));
    expect(routes(fake)).toEqual(PAGE_SEQUENCE);
    expect(fake.requests.every((r) => r.path.startsWith('/crm/bulk/v2/read'))).toBe(true);
    expect(fake.requests.filter((r) => r.route === 'bulkRead.create').map((r) => r.json)).toEqual([
      { query: { module: 'Contacts', fields } },
      { query: { module: 'Contacts', fields, page: 2 } },
      { query: { module: 'Contacts', fields, page: 3 } },
    ]);
  });

  it('v6: page + 1 with module as { api_name }, criteria as given', async () => {
    const { fake, client } = setup(server, big, { apiVersion: 'v6' });
    const criteria = where('Last_Name').isNotEmpty();
    const got = await collect(client.bulkRead.export({ module: 'Contacts', criteria }));
    expect(got).toEqual(fakeRecords(fake, 'Contacts').filter((r) => r.Last_Name !== ''));
    const creates = fake.requests.filter((r) => r.route === 'bulkRead.create').map((r) => r.json);
    expect(creates[1]).toEqual({ query: { module: { api_name: 'Contacts' }, criteria, page: 2 } });
  });

  it('a single page: one job, one download', async () => {
    const { fake, client } = setup(server, { modules: { Contacts: { records: 40 } } });
    expect(await collect(client.bulkRead.export({ module: { api_name: 'Contacts' } }))).toHaveLength(40);
    expect(routes(fake)).toEqual(['create', 'get', 'get', 'get', 'download']);
  });

  it('with a schema, records come out parsed', async () => {
    const { fake, client } = setup(server, big);
    const schema = z.object({ Id: zohoCsv.id(), Email_Opt_Out: zohoCsv.boolean() });
    const got = await collect(
      client.bulkRead.export({ module: 'Contacts', fields: ['Email_Opt_Out'] }, { schema }),
    );
    const expected = fakeRecords(fake, 'Contacts', ['Email_Opt_Out']);
    expect(got).toEqual(expected.map((r) => ({ Id: r.Id, Email_Opt_Out: r.Email_Opt_Out === 'true' })));
  });

  it('bad criteria (26 conditions, 21 in-values) → RequestValidationError, and no request', async () => {
    const { fake, client } = setup(server, big);
    const group = Array.from({ length: 26 }, (_, i) => where('Email').equal(`${i}@x.example`));
    const error = await rejectionOf(
      collect(client.bulkRead.export({ module: 'Contacts', criteria: { group_operator: 'or', group } })),
    );
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error.message).toContain('criteria.group[25]');
    const values = Array.from({ length: 21 }, (_, i) => `v${i}`);
    const inError = await rejectionOf(
      collect(client.bulkRead.export({ module: 'Contacts', criteria: where('Lead_Source').in(values) })),
    );
    expect(inError.message).toContain('criteria.value: in takes at most 20 values, got 21');
    expect(fake.requests).toEqual([]);
  });

  it('a failed prefetch is created again after the page; a second failure surfaces then', async () => {
    const { fake, client } = setup(server, big);
    fake.inject({
      match: { route: 'bulkRead.create' },
      after: 1,
      times: 2,
      effect: { type: 'error', status: 403, code: 'NO_PERMISSION' },
    });
    const got: unknown[] = [];
    const checkpoints: ExportCheckpoint[] = [];
    const error = await rejectionOf(async () => {
      for await (const r of client.bulkRead.export(
        { module: 'Contacts' },
        { onCheckpoint: (c) => void checkpoints.push(c) },
      ))
        got.push(r);
    });
    expect(error).toBeInstanceOf(ZohoApiError);
    expect((error as ZohoApiError).code).toBe('NO_PERMISSION');
    expect(got).toHaveLength(500);
    expect(checkpoints.at(-1)).toMatchObject({ page: 2, recordsInPage: 0, totalRecords: 500 });
    expect(checkpoints.at(-1)).not.toHaveProperty('jobId');
    // A refused create is not sent again: the export stops at the page boundary.
    expect(routes(fake)).toEqual(['create', 'get', 'get', 'get', 'create', 'download']);
  });

  it('a prefetch create that may have landed (500) is not sent again; resuming continues', async () => {
    const { fake, client } = setup(server, big);
    fake.inject({ match: { route: 'bulkRead.create' }, after: 1, effect: { type: 'server-error' } });
    const got: unknown[] = [];
    const checkpoints: ExportCheckpoint[] = [];
    const error = await rejectionOf(async () => {
      for await (const r of client.bulkRead.export(
        { module: 'Contacts' },
        { onCheckpoint: (c) => void checkpoints.push(c) },
      ))
        got.push(r);
    });
    expect((error as ZohoApiError).status).toBe(500);
    const creates = () => fake.requests.filter((r) => r.route === 'bulkRead.create').map((r) => r.status);
    expect(creates()).toEqual([201, 500]);
    const resume = checkpoints.at(-1);
    expect(resume).toMatchObject({ page: 2, recordsInPage: 0, totalRecords: 500 });
    for await (const r of client.bulkRead.export({ module: 'Contacts' }, { resume })) got.push(r);
    expect(got).toEqual(fakeRecords(fake, 'Contacts'));
    expect(creates()).toEqual([201, 500, 201, 201]);
  });

  it('a prefetch create refused with 429 (provably not created) is created again', async () => {
    const { fake, client } = setup(server, big);
    fake.inject({ match: { route: 'bulkRead.create' }, after: 1, times: 5, effect: { type: 'rate-limit' } });
    expect(await collect(client.bulkRead.export({ module: 'Contacts' }))).toEqual(
      fakeRecords(fake, 'Contacts'),
    );
    expect(fake.requests.filter((r) => r.route === 'bulkRead.create').map((r) => r.status)).toEqual([
      201, 429, 429, 429, 429, 429, 201, 201,
    ]);
  });
});

describe('export: progress events', () => {
  it('job states per poll, page start/complete, records every progressEvery', async () => {
    const { client } = setup(server, big);
    const events: ExportProgressEvent[] = [];
    await collect(
      client.bulkRead.export(
        { module: 'Contacts' },
        { onProgress: (e) => events.push(e), progressEvery: 200 },
      ),
    );
    const brief = events.map((e) =>
      e.type === 'job'
        ? `job ${e.page} ${e.state}`
        : e.type === 'records'
          ? `records ${e.page} ${e.recordsInPage}/${e.totalRecords}`
          : `${e.type} ${e.page}`,
    );
    expect(brief).toEqual([
      'job 1 ADDED',
      'job 1 QUEUED',
      'job 1 IN PROGRESS',
      'job 1 COMPLETED',
      'page-start 1',
      'records 1 200/200',
      'records 1 400/400',
      'records 1 500/500',
      'page-complete 1',
      'job 2 ADDED',
      'job 2 QUEUED',
      'job 2 IN PROGRESS',
      'job 2 COMPLETED',
      'page-start 2',
      'records 2 200/700',
      'records 2 400/900',
      'records 2 500/1000',
      'page-complete 2',
      'job 3 ADDED',
      'job 3 QUEUED',
      'job 3 IN PROGRESS',
      'job 3 COMPLETED',
      'page-start 3',
      'records 3 200/1200',
      'records 3 200/1200',
      'page-complete 3',
    ]);
    const complete = events.filter((e) => e.type === 'page-complete');
    expect(complete.map((e) => e.moreRecords)).toEqual([true, true, false]);
    expect(complete.every((e) => e.bytes > 1_000)).toBe(true);
    const start = events.find((e) => e.type === 'page-start');
    expect(start).toMatchObject({ page: 1, count: 500, skip: 0, moreRecords: true });
  });
});

describe('export: cancellation', () => {
  it('abort during waitFor rejects with the signal’s reason; nothing is downloaded', async () => {
    const clock = new FakeClock({ auto: false });
    const { fake, client } = setup(server, big, {}, clock);
    const controller = new AbortController();
    const iterator = client.bulkRead
      .export({ module: 'Contacts' }, { signal: controller.signal })
      [Symbol.asyncIterator]();
    const next = iterator.next();
    await clock.waitForSleep();
    controller.abort();
    const error = await rejectionOf(next);
    expect(error.name).toBe('AbortError');
    expect(routes(fake)).toEqual(['create', 'get']);
  });

  it('break during streaming cancels the download and leaves the prefetched job alone', async () => {
    const { fake, client } = setup(server, big);
    const served = serveDownloads(server, fake, { sizes: [512] });
    let n = 0;
    for await (const _ of client.bulkRead.export({ module: 'Contacts' })) if (++n === 5) break;
    expect(served).toEqual({ served: 1, cancelled: 1 });
    expect(routes(fake)).toEqual(['create', 'get', 'get', 'get', 'create', 'download']);
    expect(fake.jobs('bulkRead')).toHaveLength(2);
  });

  it('break while the prefetched create has failed: no unhandled rejection', async () => {
    const { fake, client } = setup(server, big);
    fake.inject({ match: { route: 'bulkRead.create' }, after: 1, effect: { type: 'server-error' } });
    let n = 0;
    for await (const _ of client.bulkRead.export({ module: 'Contacts' })) if (++n === 5) break;
    expect(routes(fake)).toEqual(['create', 'get', 'get', 'get', 'create', 'download']);
    await new Promise((resolve) => setImmediate(resolve)); // an unhandled rejection would fail the run here
  });

  it('abort during streaming rejects with the reason', async () => {
    const { client } = setup(server, big);
    const controller = new AbortController();
    const error = await rejectionOf(async () => {
      let n = 0;
      for await (const _ of client.bulkRead.export({ module: 'Contacts' }, { signal: controller.signal }))
        if (++n === 600) controller.abort(new Error('stop'));
    });
    expect(error.message).toBe('stop');
  });
});
