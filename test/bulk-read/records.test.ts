/** bulkRead.records: one job's file through BulkClient + FakeZoho (msw), faults at the wire. */
import { deflateRawSync } from 'node:zlib';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  DownloadError,
  JobFailedError,
  RequestValidationError,
  ResponseValidationError,
  ZohoApiError,
} from '../../src/core/errors.js';
import { zohoCsv } from '../../src/schemas/coerce.js';
import { buildZip } from '../streaming/helpers.js';
import { API, collect, fakeRecords, rejectionOf, routes, serveDownloads, setup, useMsw } from './support.js';

const server = useMsw();
const modules = { Contacts: { records: 300 }, Events: { records: 7 } };

/** A COMPLETED job of the fake for `module`. */
async function completedJob(
  s: Pick<ReturnType<typeof setup>, 'client'>,
  query: Record<string, unknown> = { module: 'Contacts' },
) {
  const created = await s.client.bulkRead.create({ query } as Parameters<typeof s.client.bulkRead.create>[0]);
  return s.client.bulkRead.waitFor(created.id);
}

describe('records', () => {
  it('yields one object per CSV row keyed by the header, equal to the fake’s data', async () => {
    const s = setup(server, { modules });
    const job = await completedJob(s);
    const got = await collect(s.client.bulkRead.records(job));
    expect(got).toHaveLength(300);
    expect(got).toEqual(fakeRecords(s.fake, 'Contacts'));
    expect(Object.keys(got[0]!)[0]).toBe('Id');
    const download = s.fake.requests.find((r) => r.route === 'bulkRead.download')!;
    expect(download.url).toBe(`${API}${job.result?.download_url}`);
    expect(download.headers.authorization).toBe('Zoho-oauthtoken [REDACTED]');
  });

  it('takes a job id (reads the job first) and dot-notation columns', async () => {
    const s = setup(server, { modules });
    const fields = ['Last_Name', 'Email', 'Account_Name.Account_Name'];
    const job = await completedJob(s, { module: 'Contacts', fields });
    const before = s.fake.requests.length;
    const got = await collect(s.client.bulkRead.records(job.id));
    expect(routes(s.fake).slice(before)).toEqual(['get', 'download']);
    expect(got).toEqual(fakeRecords(s.fake, 'Contacts', fields));
  });

  it('skip leaves out records already delivered', async () => {
    const s = setup(server, { modules });
    const job = await completedJob(s);
    const got = await collect(s.client.bulkRead.records(job, { skip: 297 }));
    expect(got).toEqual(fakeRecords(s.fake, 'Contacts').slice(297));
  });

  it('reads the ICS file of an Events job', async () => {
    const s = setup(server, { modules });
    const job = await completedJob(s, { module: 'Events', file_type: 'ics' });
    expect(job.file_type).toBe('ics');
    const got = await collect(s.client.bulkRead.records(job));
    expect(got).toHaveLength(7);
    expect(got[0]).toHaveProperty('UID');
  });

  it('with a schema, records are parsed (typed) and a bad row names row, column and job', async () => {
    const s = setup(server, { modules });
    const job = await completedJob(s, { module: 'Contacts', fields: ['Last_Name', 'Email_Opt_Out'] });
    const schema = z.object({ Id: zohoCsv.id(), Last_Name: z.string(), Email_Opt_Out: zohoCsv.boolean() });
    const rows: number[] = [];
    const got = await collect(s.client.bulkRead.records(job, { schema, onRecord: (n) => rows.push(n) }));
    const expected = fakeRecords(s.fake, 'Contacts', ['Last_Name', 'Email_Opt_Out']);
    expect(got[5]).toEqual({
      Id: expected[5]!.Id,
      Last_Name: expected[5]!.Last_Name,
      Email_Opt_Out: expected[5]!.Email_Opt_Out === 'true',
    });
    expect(rows).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));

    const strict = z.object({ Last_Name: z.string().max(3) });
    const error = await rejectionOf(collect(s.client.bulkRead.records(job, { schema: strict, skip: 10 })));
    expect(error).toBeInstanceOf(ResponseValidationError);
    const first = expected.findIndex((r, i) => i >= 10 && (r.Last_Name ?? '').length > 3);
    expect(error.message).toMatch(
      new RegExp(`^Record ${first + 1} of job ${job.id} does not match the schema, column Last_Name`),
    );
  });

  it('refuses a job that is not COMPLETED, and a failed job', async () => {
    const s = setup(server, { modules, pollsToComplete: 5 });
    const { id } = await s.client.bulkRead.create({ query: { module: 'Contacts' } });
    const pending = await rejectionOf(collect(s.client.bulkRead.records(id)));
    expect(pending).toBeInstanceOf(RequestValidationError);
    expect(pending.message).toBe(`Job ${id} is QUEUED, not COMPLETED: wait for it first (bulkRead.waitFor)`);
    const failed = await rejectionOf(
      collect(
        s.client.bulkRead.records({
          id: '1',
          state: 'FAILURE',
          result: { error_message: { code: 'INTERNAL_SERVER_ERROR', message: 'x' } },
        }),
      ),
    );
    expect(failed).toBeInstanceOf(JobFailedError);
    expect(routes(s.fake)).toEqual(['create', 'get']);
  });

  it('break cancels the download', async () => {
    const s = setup(server, { modules });
    const served = serveDownloads(server, s.fake, { sizes: [256] });
    const job = await completedJob(s);
    let n = 0;
    for await (const _ of s.client.bulkRead.records(job)) if (++n === 3) break;
    expect(served).toEqual({ served: 1, cancelled: 1 });
  });
});

describe('records at the wire', () => {
  it('bodies in 1-byte and 7-byte chunks (split inside CRLF, quotes, UTF-8) give the same records', async () => {
    const s = setup(server, { modules });
    const served = serveDownloads(server, s.fake, { sizes: [1, 7, 1, 1, 7] });
    const job = await completedJob(s);
    const got = await collect(s.client.bulkRead.records(job));
    expect(got).toEqual(fakeRecords(s.fake, 'Contacts'));
    expect(served).toEqual({ served: 1, cancelled: 0 });
    expect(got.some((r) => Object.values(r).some((v) => v.includes('\r\n') || v.includes('\n')))).toBe(true);
    expect(got.some((r) => Object.values(r).some((v) => v.includes('"')))).toBe(true);
  });

  it('a 429 the transport gives up on makes the streamer wait a whole minute before the next try', async () => {
    const s = setup(server, { modules }, { maxRetries: 0 });
    const job = await completedJob(s);
    s.fake.inject({ match: { route: 'bulkRead.download' }, effect: { type: 'rate-limit' } });
    const got = await collect(s.client.bulkRead.records(job));
    expect(got).toHaveLength(300);
    const times = s.fake.requests.filter((r) => r.route === 'bulkRead.download').map((r) => r.time);
    expect(times[1]! - times[0]!).toBe(60_000);
  });

  it('twelve downloads in a row stay within 10 a minute: the fake never answers 429', async () => {
    const s = setup(server, { modules: { Contacts: { records: 3 } } });
    const job = await completedJob(s);
    for (let i = 0; i < 12; i++) expect(await collect(s.client.bulkRead.records(job))).toHaveLength(3);
    const downloads = s.fake.requests.filter((r) => r.route === 'bulkRead.download');
    expect(downloads.map((r) => r.status)).toEqual(new Array(12).fill(200));
    expect(downloads[10]!.time - downloads[0]!.time).toBeGreaterThanOrEqual(60_000);
  });

  it('a JSON body with status 200 is a DownloadError naming the job (not retried)', async () => {
    const s = setup(server, { modules });
    const job = await completedJob(s);
    s.fake.inject({
      match: { route: 'bulkRead.download' },
      effect: {
        type: 'respond',
        respond: () => HttpResponse.json({ code: 'INTERNAL_ERROR', status: 'error' }),
      },
    });
    const error = await rejectionOf(collect(s.client.bulkRead.records(job)));
    expect(error).toBeInstanceOf(DownloadError);
    expect((error as DownloadError).jobId).toBe(job.id);
    expect(error.message).toContain(`job ${job.id} is not a zip archive (code INTERNAL_ERROR)`);
    expect(routes(s.fake).filter((r) => r === 'download')).toHaveLength(1);
  });

  it('a truncated zip is retried; truncated every time it is a DownloadError', async () => {
    const s = setup(server, { modules });
    const job = await completedJob(s);
    s.fake.inject({ match: { route: 'bulkRead.download' }, effect: { type: 'truncate', afterBytes: 7_000 } });
    expect(await collect(s.client.bulkRead.records(job))).toEqual(fakeRecords(s.fake, 'Contacts'));
    s.fake.inject({
      match: { route: 'bulkRead.download' },
      times: 100,
      effect: { type: 'truncate', afterBytes: 7_000 },
    });
    const error = await rejectionOf(collect(s.client.bulkRead.records(job, { maxRetries: 2 })));
    expect(error).toBeInstanceOf(DownloadError);
    expect((error as DownloadError).jobId).toBe(job.id);
    expect(error.message).toContain(job.id);
  });

  it('a bad CRC is a DownloadError after one more download', async () => {
    const s = setup(server, { modules });
    const job = await completedJob(s);
    s.fake.inject({ match: { route: 'bulkRead.download' }, times: 2, effect: { type: 'corrupt-crc' } });
    let n = 0;
    const error = await rejectionOf(async () => {
      for await (const _ of s.client.bulkRead.records(job)) n++;
    });
    expect(error).toBeInstanceOf(DownloadError);
    expect(error.message).toMatch(/CRC/i);
    expect((error as DownloadError).jobId).toBe(job.id);
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(300);
    expect(routes(s.fake).filter((r) => r === 'download')).toHaveLength(2);
  });

  it('a zip whose compressed data contains PK\\x07\\x08 gives the right records', async () => {
    const s = setup(server, { modules });
    const rows = ['Id,Note'];
    for (let i = 0; i < 50; i++) rows.push(`${i},"x PK\x07\x08${'\0'.repeat(12)} y ${i}\r\nz"`);
    const csv = Buffer.from(`${rows.join('\r\n')}\r\n`);
    // Level 0: deflate stored blocks, so the signature appears verbatim in the compressed data.
    const compressed = deflateRawSync(csv, { level: 0 });
    expect(compressed.indexOf(Buffer.from('PK\x07\x08', 'latin1'))).toBeGreaterThan(0);
    const zip = buildZip(csv, { name: '99.csv', compressed });
    server.use(http.get(`${API}/crm/bulk/v8/read/99/result`, () => new HttpResponse(zip)));
    const job = { id: '99', state: 'COMPLETED', result: { download_url: '/crm/bulk/v8/read/99/result' } };
    const got = await collect(s.client.bulkRead.records(job));
    expect(got).toHaveLength(50);
    expect(got[49]).toEqual({ Id: '49', Note: `x PK\x07\x08${'\0'.repeat(12)} y 49\r\nz` });
  });
});

describe('security', () => {
  it('a download_url on an untrusted host is refused before sending: the token never leaves', async () => {
    const s = setup(server, { modules });
    const seen: string[] = [];
    server.use(
      http.all('https://evil.example/*', ({ request }) => {
        seen.push(request.headers.get('authorization') ?? '');
        return new HttpResponse('nope');
      }),
    );
    const job = {
      id: '5',
      state: 'COMPLETED',
      result: { download_url: 'https://evil.example/crm/bulk/v8/read/5/result' },
    };
    const error = await rejectionOf(collect(s.client.bulkRead.records(job)));
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error.message).toContain('Refusing to send the Zoho access token to https://evil.example');
    expect(seen).toEqual([]);
    expect(s.fake.requests).toEqual([]);
  });

  it('the same when the job read from Zoho carries such a URL', async () => {
    const s = setup(server, { modules });
    const seen: string[] = [];
    server.use(
      http.all('https://zoho.com.evil.net/*', () => {
        seen.push('hit');
        return new HttpResponse('nope');
      }),
      http.get(`${API}/crm/bulk/v8/read/6`, () =>
        HttpResponse.json({
          data: [
            { id: '6', state: 'COMPLETED', result: { download_url: 'https://zoho.com.evil.net/x.zip' } },
          ],
        }),
      ),
    );
    const error = await rejectionOf(collect(s.client.bulkRead.records('6')));
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as RequestValidationError).issues[0]?.code).toBe('untrusted_host');
    expect(seen).toEqual([]);
  });

  it('a 404 on download (expired file) is a ZohoApiError', async () => {
    const s = setup(server, { modules, downloadExpiry: 1_000 });
    const job = await completedJob(s);
    s.clock.set(s.clock.now() + 2_000);
    const error = await rejectionOf(collect(s.client.bulkRead.records(job)));
    expect(error).toBeInstanceOf(ZohoApiError);
    expect(error).toMatchObject({ status: 404, code: 'RESOURCE_NOT_FOUND' });
  });
});
