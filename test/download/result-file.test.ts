/**
 * One result-file reader for bulk-read records and bulk-write results (`src/download/`): both
 * refuse an unfinished job the same way, both follow the 429 rule, both retry a complete body
 * holding a truncated zip once and then throw `DownloadError`. At the wire (msw), on a fake clock.
 */
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { DownloadError, JobFailedError, RequestValidationError } from '../../src/core/errors.js';
import type { BulkReadJob } from '../../src/schemas/bulk-read.js';
import type { BulkWriteJob } from '../../src/schemas/bulk-write.js';
import { buildZip } from '../../src/testing/index.js';
import { collect, fakeRecords, rejectionOf, routes, setup } from '../bulk-read/support.js';
import { makeClient } from '../bulk-write/support.js';
import { useMswServer } from '../client/support.js';

const server = useMswServer();
const API = 'https://www.zohoapis.com';
const JOB = '4876876000001294251';

const readCsv = 'Id,Last_Name\r\n1,Boyle\r\n2,Kennedy\r\n3,Smith\r\n';
const writeCsv =
  'Last_Name,Email,STATUS,RECORD_ID,ERRORS\r\n' +
  'Boyle,patricia.b@zylker.com,ADDED,4876876000001300001,\r\n' +
  'Kennedy,k.kennedy@zylker.com,SKIPPED,,MANDATORY_NOT_FOUND-Company\r\n';
const readZip = buildZip([{ name: `${JOB}.csv`, data: readCsv }]);
const writeZip = buildZip([{ name: `${JOB}.csv`, data: writeCsv }]);
const readUrl = `/crm/bulk/v8/read/${JOB}/result`;
const writeUrl = `https://download-accl.zoho.com/v2/crm/694902309/bulk-write/${JOB}/${JOB}.zip`;

const readJob = (state: string, result: Record<string, unknown> | null = { download_url: readUrl }) =>
  ({ id: JOB, state, result }) as unknown as BulkReadJob;
const writeJob = (status: string, result: Record<string, unknown> | null = { download_url: writeUrl }) =>
  ({ id: JOB, status, result }) as unknown as BulkWriteJob;

/** Both readers, on one client and its fake clock. */
function readers() {
  const { client, clock } = makeClient({ auth: 'static-access-token' });
  return {
    clock,
    records: (job: BulkReadJob | string) => collect(client.bulkRead.records(job)),
    results: (job: BulkWriteJob | string) => collect(client.bulkWrite.results(job)),
  };
}

/** Serves `answers` in turn at `url` (the last one again), counting the requests. */
function serve(url: string, answers: (() => Response)[]): { count: number } {
  const seen = { count: 0 };
  server.use(
    http.get(`${url.startsWith('/') ? API : ''}${url}`, () => {
      seen.count++;
      return (answers[Math.min(seen.count, answers.length) - 1] as () => Response)();
    }),
  );
  return seen;
}

const zipAnswer = (bytes: Uint8Array) => () =>
  new HttpResponse(Buffer.from(bytes), { headers: { 'content-type': 'application/zip' } });
const tooMany = () =>
  HttpResponse.json({ code: 'TOO_MANY_REQUESTS', status: 'error', message: 'limit' }, { status: 429 });

describe('records() and results() agree on what they refuse', () => {
  it('a failed job: JobFailedError naming the job, nothing downloaded', async () => {
    const r = readers();
    const failedRead = { ...readJob('FAILURE'), result: { error_message: { code: 'INTERNAL_ERROR' } } };
    for (const error of [
      await rejectionOf(r.records(failedRead as BulkReadJob)),
      await rejectionOf(r.results(writeJob('FAILED'))),
    ]) {
      expect(error).toBeInstanceOf(JobFailedError);
      expect((error as JobFailedError).jobId).toBe(JOB);
      expect(error.message).toMatch(new RegExp(`^Job ${JOB} failed: `));
    }
  });

  it('a job still running: RequestValidationError (job_not_completed) saying what to wait with', async () => {
    const r = readers();
    const read = await rejectionOf(r.records(readJob('IN PROGRESS', null)));
    const write = await rejectionOf(r.results(writeJob('INPROGRESS', null)));
    for (const [error, state, wait] of [
      [read, 'IN PROGRESS', 'bulkRead.waitFor'],
      [write, 'INPROGRESS', 'bulkWrite.waitFor'],
    ] as const) {
      expect(error).toBeInstanceOf(RequestValidationError);
      expect((error as RequestValidationError).issues[0]?.code).toBe('job_not_completed');
      expect(error.message).toBe(`Job ${JOB} is ${state}, not COMPLETED: wait for it first (${wait})`);
    }
  });

  it('a COMPLETED job without download_url: DownloadError naming the job', async () => {
    const r = readers();
    for (const error of [
      await rejectionOf(r.records(readJob('COMPLETED', { download_url: null }))),
      await rejectionOf(r.results(writeJob('COMPLETED', null))),
    ]) {
      expect(error).toBeInstanceOf(DownloadError);
      expect((error as DownloadError).jobId).toBe(JOB);
      expect(error.message).toBe(`Job ${JOB} is COMPLETED but Zoho gave no result.download_url to read`);
    }
  });
});

describe('the download rules, for both', () => {
  it('a 429 without Retry-After waits a whole minute before the next download', async () => {
    const r = readers();
    const read = serve(readUrl, [tooMany, zipAnswer(readZip)]);
    const write = serve(writeUrl, [tooMany, zipAnswer(writeZip)]);
    expect(await r.records(readJob('COMPLETED'))).toHaveLength(3);
    expect(r.clock.sleeps).toEqual([60_000]);
    expect((await r.results(writeJob('COMPLETED'))).map((row) => row.status)).toEqual(['ADDED', 'SKIPPED']);
    expect(r.clock.sleeps).toEqual([60_000, 60_000]);
    expect([read.count, write.count]).toEqual([2, 2]);
  });

  it('a complete body holding a truncated zip: one more download, then DownloadError; no long waits', async () => {
    const r = readers();
    const read = serve(readUrl, [zipAnswer(readZip.subarray(0, 60))]);
    const write = serve(writeUrl, [zipAnswer(writeZip.subarray(0, 50))]);
    for (const error of [
      await rejectionOf(r.records(readJob('COMPLETED'))),
      await rejectionOf(r.results(writeJob('COMPLETED'))),
    ]) {
      expect(error).toBeInstanceOf(DownloadError);
      expect((error as DownloadError).jobId).toBe(JOB);
      expect(error.message).toContain('is truncated');
    }
    expect([read.count, write.count]).toEqual([2, 2]);
    expect(r.clock.sleeps).toHaveLength(2);
    for (const ms of r.clock.sleeps) expect(ms).toBeLessThanOrEqual(1_000);
  });

  it('the same through FakeZoho: a truncated page costs two downloads in all', async () => {
    const s = setup(server, { modules: { Contacts: { records: 300 } } });
    const created = await s.client.bulkRead.create({ query: { module: 'Contacts' } });
    const job = await s.client.bulkRead.waitFor(created.id);
    const sleptBefore = s.clock.sleeps.length;
    s.fake.inject({
      match: { route: 'bulkRead.download' },
      times: 100,
      effect: { type: 'truncate', afterBytes: 7_000 },
    });
    const error = await rejectionOf(collect(s.client.bulkRead.records(job)));
    expect(error).toBeInstanceOf(DownloadError);
    expect(routes(s.fake).filter((r) => r === 'download')).toHaveLength(2);
    const slept = s.clock.sleeps.slice(sleptBefore);
    expect(slept).toHaveLength(1);
    expect(slept[0]).toBeLessThanOrEqual(1_000);
    expect(fakeRecords(s.fake, 'Contacts')).toHaveLength(300);
  });
});
