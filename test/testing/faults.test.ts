import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeZoho } from '../../src/testing/index.js';
import { type Api, api, readZip } from './helpers.js';

let now = Date.UTC(2024, 6, 20, 12);
const slept: number[] = [];
const fake = new FakeZoho({
  now: () => now,
  sleep: async (ms) => {
    slept.push(ms);
  },
  pollsToComplete: 1,
  modules: { Contacts: { records: 3000 }, Accounts: { records: 20 } },
});
let a: Api;
let close: () => Promise<void>;
let jobId = '';

async function completedJob(b: Api): Promise<string> {
  const id = (await b.createJob({ query: { module: { api_name: 'Contacts' } } })).json.data[0].details
    .id as string;
  await b.complete(id);
  return id;
}

beforeAll(async () => {
  const server = await fake.listen();
  close = server.close;
  a = api(fake, server.url);
  jobId = await completedJob(a);
});
afterAll(() => close());

describe('faults over listen()', () => {
  it('answers with a Zoho error, optionally wrapped and with Retry-After, `times` times after `after` calls', async () => {
    const handle = fake.inject({
      match: { route: 'org.get' },
      after: 1,
      times: 2,
      effect: {
        type: 'error',
        status: 400,
        code: 'INVALID_DATA',
        details: { api_name: 'x' },
        wrap: true,
        retryAfter: 3,
      },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await a.fetch('/crm/v8/org');
      statuses.push(res.status);
      if (res.status === 400) {
        expect(res.headers.get('retry-after')).toBe('3');
        expect(await res.json()).toEqual({
          data: [
            { code: 'INVALID_DATA', details: { api_name: 'x' }, message: 'injected error', status: 'error' },
          ],
        });
      }
    }
    expect(statuses).toEqual([200, 400, 400, 200]);
    expect(handle.hits).toBe(2);
  });

  it('sends 429 with and without Retry-After, 5xx, a proxy HTML page and malformed JSON', async () => {
    fake.inject({ match: { path: /\/org$/ }, effect: { type: 'rate-limit', retryAfter: 7 } });
    let res = await a.fetch('/crm/v8/org');
    expect([
      res.status,
      res.headers.get('retry-after'),
      ((await res.json()) as { code: string }).code,
    ]).toEqual([429, '7', 'TOO_MANY_REQUESTS']);
    fake.inject({ match: { path: '/crm/v8/org', method: 'get' }, effect: { type: 'rate-limit' } });
    res = await a.fetch('/crm/v8/org');
    expect([res.status, res.headers.get('retry-after')]).toEqual([429, null]);
    await res.arrayBuffer();
    fake.inject({ match: { route: /^org\./ }, effect: { type: 'server-error', status: 503 } });
    res = await a.fetch('/crm/v8/org');
    expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([
      503,
      'INTERNAL_SERVER_ERROR',
    ]);
    fake.inject({ effect: { type: 'html' } });
    res = await a.fetch('/crm/v8/org');
    expect([res.status, res.headers.get('content-type')]).toEqual([502, 'text/html']);
    expect(await res.text()).toContain('<title>502 Bad Gateway</title>');
    fake.inject({ effect: { type: 'malformed-json' } });
    res = await a.fetch('/crm/v8/org');
    expect(res.status).toBe(200);
    await expect(res.json()).rejects.toThrow();
  });

  it('drops the connection before the response (reset with no bytes)', async () => {
    fake.inject({ match: { route: 'org.get' }, effect: { type: 'reset' } });
    await expect(a.fetch('/crm/v8/org')).rejects.toThrow();
    expect(fake.requests.at(-1)?.status).toBe(0);
    expect((await a.fetch('/crm/v8/org')).status).toBe(200);
  });

  it('resets the socket after N bytes of a download: the body read rejects', async () => {
    fake.inject({ match: { route: 'bulkRead.download' }, effect: { type: 'reset', afterBytes: 5000 } });
    const res = await a.download(jobId);
    expect(res.status).toBe(200);
    let received = 0;
    await expect(
      (async () => {
        const reader = res.body!.getReader();
        for (let next = await reader.read(); !next.done; next = await reader.read())
          received += next.value.length;
      })(),
    ).rejects.toThrow();
    expect(received).toBeLessThanOrEqual(5000);
  });

  it('truncates a download cleanly after N bytes', async () => {
    fake.inject({ match: { route: 'bulkRead.download' }, effect: { type: 'truncate', afterBytes: 1234 } });
    const res = await a.download(jobId);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.length).toBe(1234);
    expect(bytes.readUInt32LE(0)).toBe(0x04034b50);
    expect(() => readZip(bytes)).toThrow(/no end record/);
  });

  it('corrupts the CRC of a download', async () => {
    fake.inject({ match: { route: 'bulkRead.download' }, effect: { type: 'corrupt-crc' } });
    const bad = readZip(Buffer.from(await (await a.download(jobId)).arrayBuffer()));
    expect(bad.descriptor.crc).not.toBe(bad.crcOfText);
    expect(bad.central.crc).toBe(bad.descriptor.crc);
    const good = readZip(Buffer.from(await (await a.download(jobId)).arrayBuffer()));
    expect(good.descriptor.crc).toBe(good.crcOfText);
    expect(good.text).toBe(bad.text);
  });

  it('delays a response, or a body after N bytes, with the injected sleep', async () => {
    slept.length = 0;
    fake.inject({ match: { route: 'org.get' }, effect: { type: 'delay', ms: 1500 } });
    expect((await a.fetch('/crm/v8/org')).status).toBe(200);
    fake.inject({
      match: { route: 'bulkRead.download' },
      effect: { type: 'delay', ms: 2500, afterBytes: 100 },
    });
    const bytes = Buffer.from(await (await a.download(jobId)).arrayBuffer());
    expect(readZip(bytes).descriptor.crc).toBe(readZip(bytes).crcOfText);
    expect(slept).toEqual([1500, 2500]);
  });

  it('fails a job and expires tokens on request', async () => {
    fake.inject({
      match: { route: 'bulkRead.create' },
      effect: { type: 'fail-job', code: 'INTERNAL_ERROR' },
    });
    const id = (await a.createJob({ query: { module: { api_name: 'Contacts' } } })).json.data[0].details.id;
    const job = await a.complete(id);
    expect([job.state, job.result.error_message.code]).toEqual(['FAILURE', 'INTERNAL_ERROR']);

    const b = api(fake, a.base, fake.issueAccessToken());
    fake.inject({ match: { route: 'org.get' }, effect: { type: 'expire-token' } });
    const res = await b.fetch('/crm/v8/org');
    expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([401, 'INVALID_TOKEN']);
  });

  it('answers with a custom response, and a removed fault stops', async () => {
    a = api(fake, a.base, fake.issueAccessToken());
    const handle = fake.inject({
      match: { route: 'org.get' },
      times: Number.POSITIVE_INFINITY,
      effect: { type: 'respond', respond: () => new Response('teapot', { status: 418 }) },
    });
    expect((await a.fetch('/crm/v8/org')).status).toBe(418);
    expect((await a.fetch('/crm/v8/org')).status).toBe(418);
    handle.remove();
    expect((await a.fetch('/crm/v8/org')).status).toBe(200);
    expect(handle.hits).toBe(2);
  });

  it('answers unknown paths and wrong methods like Zoho', async () => {
    const missing = await a.fetch('/crm/v8/nothing');
    expect([missing.status, ((await missing.json()) as { code: string }).code]).toEqual([
      404,
      'INVALID_URL_PATTERN',
    ]);
    const wrong = await a.fetch('/crm/bulk/v8/read', { method: 'GET' });
    expect([wrong.status, ((await wrong.json()) as { code: string }).code]).toEqual([
      400,
      'INVALID_REQUEST_METHOD',
    ]);
  });
});

describe('download limits', () => {
  it('allows 10 downloads per minute per token, then 429 until the minute has passed', async () => {
    const b = api(fake, a.base, fake.issueAccessToken());
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await b.download(jobId);
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    expect(statuses).toEqual([...Array(10).fill(200), 429]);
    const other = await api(fake, a.base, fake.issueAccessToken()).download(jobId);
    expect(other.status).toBe(200);
    await other.arrayBuffer();
    now += 60_000;
    expect((await b.download(jobId)).status).toBe(200);
  });

  it('expires result files after downloadExpiry', async () => {
    const b = api(fake, a.base, fake.issueAccessToken(10 * 86_400_000));
    const id = await completedJob(b);
    now += 86_400_000 - 1;
    const ok = await b.download(id);
    expect(ok.status).toBe(200);
    await ok.arrayBuffer();
    now += 2;
    const gone = await b.download(id);
    expect([gone.status, ((await gone.json()) as { code: string }).code]).toEqual([
      404,
      'RESOURCE_NOT_FOUND',
    ]);
  });

  it('stops generating when the client goes away mid-download', async () => {
    const b = api(fake, a.base, fake.issueAccessToken());
    const controller = new AbortController();
    const res = await b.fetch(`/crm/bulk/v8/read/${jobId}/result`, { signal: controller.signal });
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    await expect(reader.read()).rejects.toThrow();
    expect((await b.fetch('/crm/v8/org')).status).toBe(200);
  });
});

describe('request log and reset', () => {
  it('logs method, url, path, route, redacted headers, body summary and status', async () => {
    fake.reset();
    const b = api(fake, a.base, fake.credentials.accessToken);
    await b.createJob({ query: { module: { api_name: 'Leads' } } });
    const entry = fake.requests.at(-1)!;
    expect(entry).toMatchObject({
      method: 'POST',
      url: `${a.base}/crm/bulk/v8/read`,
      path: '/crm/bulk/v8/read',
      route: 'bulkRead.create',
      bodySummary: '{"query":{"module":{"api_name":"Leads"}}}',
      json: { query: { module: { api_name: 'Leads' } } },
      status: 400,
      time: now,
    });
    expect(entry.headers.authorization).toBe('Zoho-oauthtoken [REDACTED]');
    expect(JSON.stringify(fake.requests)).not.toContain(b.token);
    fake.reset();
    expect(fake.requests).toEqual([]);
    expect(fake.jobs()).toEqual([]);
  });
});

describe('faults under msw', () => {
  const mswFake = new FakeZoho({ pollsToComplete: 1, modules: { Contacts: { records: 3000 } } });
  const server = setupServer(...mswFake.handlers());
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  it('a reset after N bytes makes the fetch body read reject; a reset with no bytes rejects the fetch', async () => {
    const m = api(mswFake);
    const id = await completedJob(m);
    mswFake.inject({ match: { route: 'bulkRead.download' }, effect: { type: 'reset', afterBytes: 3000 } });
    const res = await m.download(id);
    expect(res.status).toBe(200);
    let received = 0;
    await expect(
      (async () => {
        const reader = res.body!.getReader();
        for (let next = await reader.read(); !next.done; next = await reader.read())
          received += next.value.length;
      })(),
    ).rejects.toThrow();
    expect(received).toBe(3000);
    mswFake.inject({ match: { route: 'org.get' }, effect: { type: 'reset' } });
    await expect(m.fetch('/crm/v8/org')).rejects.toThrow();
    const whole = Buffer.from(await (await m.download(id)).arrayBuffer());
    expect(readZip(whole).descriptor.crc).toBe(readZip(whole).crcOfText);
  });
});
