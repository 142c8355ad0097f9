/**
 * Zoho serialises absent values as JSON `null` (zoho-api.md §2.3; its SDK models make every key
 * optional and nullable). Through BulkClient + FakeZoho (msw), with an msw handler in front of
 * the fake that rewrites every job Zoho sends the way real Zoho does: absent keys as `null`.
 */
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { DownloadError, JobFailedError, ResponseValidationError } from '../../src/core/errors.js';
import type { FakeZoho } from '../../src/testing/index.js';
import { collect, fakeRecords, rejectionOf, routes, setup, useMsw } from './support.js';

const server = useMsw();
/** 1,200 records in pages of 500: 500 + 500 + 200. */
const big = { modules: { Contacts: { records: 1_200 } }, pageSize: 500 };
const JOB_PATH = /\/crm\/bulk\/v[\d.]+\/read(\/\d+)?$/;

type Json = Record<string, unknown>;
type JobEdit = (job: Json) => void;

/** A job as real Zoho writes it: every optional key present, `null` when it has no value. */
function withNulls(job: Json): void {
  const query = (job.query ?? {}) as Json;
  const module = query.module;
  job.query = {
    ...query,
    module: typeof module === 'object' && module !== null ? { ...module, id: null } : module,
    fields: query.fields ?? null,
    criteria: query.criteria ?? null,
    cvid: query.cvid ?? null,
    page_token: query.page_token ?? null,
  };
  job.operation ??= null;
  job.created_by = null;
  job.created_time = null;
  job.file_type = null;
  const result = job.result as Json | undefined;
  if (result === undefined) job.result = null;
  else {
    job.result = {
      ...result,
      per_page: result.per_page ?? null,
      next_page_token: result.more_records === true ? result.next_page_token : null,
      error_message: result.error_message ?? null,
    };
  }
}

/**
 * Puts a handler in front of the fake for job creates and reads: `edit` changes each job object
 * (`data[0]` of a GET, `details` of a create) before the client sees it. Counts what it rewrote.
 */
function rewriteJobs(
  fake: FakeZoho,
  edit: JobEdit = withNulls,
  only?: 'GET',
): { gets: number; creates: number } {
  const seen = { gets: 0, creates: 0 };
  server.use(
    http.all(JOB_PATH, async ({ request }) => {
      const response = await fake.handle(request);
      if (response.status >= 300 || (only !== undefined && request.method !== only)) return response;
      const body = (await response.json()) as { data: Json[] } & Json;
      const first = body.data[0] as Json;
      if (request.method === 'GET') {
        seen.gets++;
        edit(first);
      } else {
        seen.creates++;
        body.info = null;
        const details = first.details as Json;
        details.created_by = null;
        details.created_time = null;
        details.operation = null;
      }
      return HttpResponse.json(body, { status: response.status });
    }),
  );
  return seen;
}

describe('nulls in what Zoho sends', () => {
  it('export(): created_by, file_type, query keys and the last page’s next_page_token all null', async () => {
    const { fake, client } = setup(server, big);
    const seen = rewriteJobs(fake);
    const got = await collect(client.bulkRead.export({ module: 'Contacts' }));
    expect(got).toEqual(fakeRecords(fake, 'Contacts'));
    expect(seen).toEqual({ gets: 9, creates: 3 });
    expect(routes(fake).filter((r) => r === 'download')).toHaveLength(3);
  });

  it('the same over v2 (page + 1, module a string)', async () => {
    const { fake, client } = setup(server, big, { apiVersion: 'v2' });
    rewriteJobs(fake);
    expect(await collect(client.bulkRead.export({ module: 'Contacts' }))).toHaveLength(1_200);
  });

  it('waitFor() and export() when only the job reads carry nulls', async () => {
    const { fake, client } = setup(server, big);
    const seen = rewriteJobs(fake, withNulls, 'GET');
    const created = await client.bulkRead.create({ query: { module: 'Contacts' } });
    const job = await client.bulkRead.waitFor(created.id);
    expect(job.state).toBe('COMPLETED');
    expect(await collect(client.bulkRead.export({ module: 'Contacts' }))).toHaveLength(1_200);
    expect(seen.creates).toBe(0);
    expect(seen.gets).toBeGreaterThan(9);
  });

  it('create() and waitFor(): null keys read as absent; a null state on create reads as ADDED', async () => {
    const { fake, client } = setup(server, { modules: { Contacts: { records: 10 } } });
    rewriteJobs(fake);
    const created = await client.bulkRead.create({ query: { module: 'Contacts' } });
    expect(created.state).toBe('ADDED');
    expect(created.created_by).toBeUndefined();
    const job = await client.bulkRead.waitFor(created.id);
    expect(job).toMatchObject({ id: created.id, state: 'COMPLETED' });
    expect(job.created_by).toBeUndefined();
    expect(job.file_type).toBeUndefined();
    expect(job.result?.next_page_token).toBeUndefined();
    expect(job.result?.error_message).toBeUndefined();
    expect(await collect(client.bulkRead.records(job))).toEqual(fakeRecords(fake, 'Contacts'));
    // and from the id, the job read again with its nulls
    expect(await collect(client.bulkRead.records(created.id))).toHaveLength(10);
  });

  it('a COMPLETED job without download_url: waitFor returns it; reading its records fails, naming the job', async () => {
    const { fake, client } = setup(server, { modules: { Contacts: { records: 10 } } });
    rewriteJobs(fake, (job) => {
      withNulls(job);
      if (job.result !== null) (job.result as Json).download_url = null;
    });
    const created = await client.bulkRead.create({ query: { module: 'Contacts' } });
    const job = await client.bulkRead.waitFor(created.id);
    expect(job.state).toBe('COMPLETED');
    for (const read of [
      () => collect(client.bulkRead.records(job)),
      () => collect(client.bulkRead.records(job.id)),
    ]) {
      const error = await rejectionOf(read());
      expect(error).toBeInstanceOf(DownloadError);
      expect((error as DownloadError).jobId).toBe(job.id);
      expect(error.message).toBe(`Job ${job.id} is COMPLETED but Zoho gave no result.download_url to read`);
    }
    const error = await rejectionOf(collect(client.bulkRead.export({ module: 'Contacts' })));
    expect(error).toBeInstanceOf(DownloadError);
    expect(error.message).toMatch(/^Job \d+ is COMPLETED but Zoho gave no result.download_url/);
    expect(routes(fake).filter((r) => r === 'download')).toHaveLength(0);
  });

  it('a failed job with a null error_message is a JobFailedError naming its state', async () => {
    const { fake, client } = setup(server, { modules: { Contacts: { records: 10 } } });
    rewriteJobs(fake, (job) => {
      withNulls(job);
      job.state = 'FAILURE';
      job.result = { error_message: null };
    });
    const created = await client.bulkRead.create({ query: { module: 'Contacts' } });
    const error = await rejectionOf(client.bulkRead.waitFor(created.id));
    expect(error).toBeInstanceOf(JobFailedError);
    expect(error.message).toBe(`Job ${created.id} failed: FAILURE`);
  });

  it('v8: more_records with a null next_page_token fails once the page has streamed, naming the job', async () => {
    const { fake, client } = setup(server, big);
    rewriteJobs(fake, (job) => {
      withNulls(job);
      if (job.result !== null) (job.result as Json).next_page_token = null;
    });
    const got: unknown[] = [];
    const error = await rejectionOf(async () => {
      for await (const record of client.bulkRead.export({ module: 'Contacts' })) got.push(record);
    });
    expect(got).toEqual(fakeRecords(fake, 'Contacts').slice(0, 500));
    expect(error).toBeInstanceOf(ResponseValidationError);
    const first = fake.requests.find((r) => r.route === 'bulkRead.create');
    expect(first).toBeDefined();
    expect(error.message).toMatch(
      /^Job \d+ \(page 1\) says more records follow but gives no result.next_page_token/,
    );
    expect(routes(fake).filter((r) => r === 'create')).toHaveLength(1);
  });
});
