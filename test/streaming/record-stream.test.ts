import { parse as parseSync } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { ConnectionError, DownloadError, RateLimitError, ZohoApiError } from '../../src/core/errors.js';
import type { Clock } from '../../src/core/options.js';
import { downloadRetryRule, isRetryableDownloadError } from '../../src/download/retry-rule.js';
import { streamRecords } from '../../src/streaming/record-stream.js';
import {
  body,
  buildZip,
  chunksOf,
  collect,
  contactsCsvPath,
  fakeClock,
  opener,
  prng,
  readFixture,
  rejection,
  terminated,
} from './helpers.js';

const JOB = '4876876000002000001';

/** Rows with a random hex token each, so the zip is large (~100 KB) and has many slices. */
function makeCsv(n: number): Buffer {
  const random = prng(3);
  const rows = ['Id,Last_Name,Description,Tag'];
  for (let i = 0; i < n; i++) {
    const token = Array.from({ length: 4 }, () => Math.floor(random() * 2 ** 32).toString(16)).join('');
    rows.push(`${4876876000001310001n + BigInt(i)},"Name ${i}, Jr.","line 1\r\nline 2 ""q""\n${token}",A;B`);
  }
  return Buffer.from(`${rows.join('\r\n')}\r\n`);
}
const csv = makeCsv(6000);
const expected = parseSync(csv, { columns: true }) as Record<string, string>[];
const zip = buildZip(csv, { name: `${JOB}.csv` });

describe('streamRecords', () => {
  it('streams every record of a Zoho-style zip from a web ReadableStream body', async () => {
    const clock = fakeClock();
    let bytes = 0;
    const { open, signals } = opener(() => ({
      body: new ReadableStream<Uint8Array>({
        start(controller) {
          for (const chunk of chunksOf(zip, 1000)) controller.enqueue(chunk);
          controller.close();
        },
      }),
    }));
    const got = await collect(streamRecords({ jobId: JOB, open, clock, onBytes: (n) => (bytes += n) }));
    expect(got).toEqual(expected);
    expect(bytes).toBe(zip.length);
    expect(signals).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('the real Contacts sample', async () => {
    const bytes = readFixture(contactsCsvPath);
    const { open } = opener(() => ({ body: body(buildZip(bytes)) }));
    expect(await collect(streamRecords({ jobId: JOB, open, clock: fakeClock() }))).toEqual(
      parseSync(bytes, { columns: true }),
    );
  });

  it('a body that fails after N bytes is downloaded again and resumes: every record once, in order', async () => {
    const centralDirectory = zip.length - 22 - 46 - `${JOB}.csv`.length;
    for (const failAfter of [
      10,
      40,
      600,
      2000,
      zip.length / 2,
      centralDirectory - 20,
      centralDirectory - 3,
    ].map(Math.floor)) {
      const clock = fakeClock();
      const { open, signals } = opener(
        () => ({ body: body(zip, { failAfter }) }),
        () => ({ body: body(zip) }),
      );
      const got = await collect(streamRecords({ jobId: JOB, open, clock }));
      expect(got.length).toBe(expected.length);
      expect(got).toEqual(expected);
      expect(signals).toHaveLength(2);
      expect(signals[0]!.aborted).toBe(true);
      expect(clock.sleeps).toHaveLength(1);
      expect(clock.sleeps[0]).toBeGreaterThanOrEqual(500);
      expect(clock.sleeps[0]).toBeLessThanOrEqual(1000);
    }
  });

  it('a failure in the archive tail, after the entry was verified, costs no new download', async () => {
    for (const failAfter of [zip.length - 80, zip.length - 5]) {
      const { open, signals } = opener(() => ({ body: body(zip, { failAfter }) }));
      expect(await collect(streamRecords({ jobId: JOB, open, clock: fakeClock() }))).toEqual(expected);
      expect(signals).toHaveLength(1);
    }
  });

  it('a body that ends early without an error (truncated zip) is retried too', async () => {
    const { open, signals } = opener(
      () => ({ body: body(zip.subarray(0, 3000)) }),
      () => ({ body: body(zip) }),
    );
    expect(await collect(streamRecords({ jobId: JOB, open, clock: fakeClock() }))).toEqual(expected);
    expect(signals).toHaveLength(2);
  });

  it('a retryable error from open() sleeps for its retryAfterMs', async () => {
    const clock = fakeClock();
    const { open } = opener(
      () => {
        throw new RateLimitError('Too many downloads', { code: 'TOO_MANY_REQUESTS', retryAfterMs: 12_000 });
      },
      () => ({ body: body(zip) }),
    );
    expect(await collect(streamRecords({ jobId: JOB, open, clock }))).toEqual(expected);
    expect(clock.sleeps).toEqual([12_000]);
  });

  it('gives up after maxRetries with exponential backoff, rethrowing zoho-bulk errors as they are', async () => {
    const clock = fakeClock();
    const refused = new ConnectionError('connect ECONNREFUSED', { notSent: true });
    const { open, signals } = opener(() => {
      throw refused;
    });
    const error = await rejection(() => collect(streamRecords({ jobId: JOB, open, clock, maxRetries: 3 })));
    expect(error).toBe(refused);
    expect(signals).toHaveLength(4);
    expect(clock.sleeps).toHaveLength(3);
    clock.sleeps.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(500 * 2 ** i);
      expect(ms).toBeLessThanOrEqual(1000 * 2 ** i);
    });
  });

  it('a network error that outlasts the retries becomes a DownloadError naming the job, with the cause', async () => {
    const { open } = opener(() => ({ body: body(zip, { failAfter: 100 }) }));
    const error = await rejection(() =>
      collect(streamRecords({ jobId: JOB, open, clock: fakeClock(), maxRetries: 2 })),
    );
    expect(error).toBeInstanceOf(DownloadError);
    expect(error.message).toBe(
      `Download of the result file of job ${JOB} failed after 2 retries (TypeError: terminated)`,
    );
    expect((error as DownloadError).isRetryable).toBe(true);
    expect((error.cause as Error).message).toBe('terminated');
  });

  it('the retry budget is reset when a failed attempt delivered new records', async () => {
    const clock = fakeClock();
    const { open, signals } = opener(
      () => ({ body: body(zip, { failAfter: Math.floor(zip.length * 0.3) }) }),
      () => ({ body: body(zip, { failAfter: Math.floor(zip.length * 0.6) }) }),
      () => ({ body: body(zip, { failAfter: Math.floor(zip.length * 0.9) }) }),
      () => ({ body: body(zip) }),
    );
    expect(zip.length).toBeGreaterThan(80_000);
    expect(await collect(streamRecords({ jobId: JOB, open, clock, maxRetries: 1 }))).toEqual(expected);
    expect(signals).toHaveLength(4);
  });

  it('format errors and non-retryable API errors are not retried', async () => {
    const notZip = opener(() => ({ body: body(Buffer.from('{"code":"INVALID_TOKEN","status":"error"}')) }));
    const e1 = await rejection(() =>
      collect(streamRecords({ jobId: JOB, open: notZip.open, clock: fakeClock() })),
    );
    expect(e1).toBeInstanceOf(DownloadError);
    expect(e1.message).toContain('is not a zip archive (code INVALID_TOKEN)');
    expect(notZip.signals).toHaveLength(1);

    const apiError = new ZohoApiError('not found', { status: 400, code: 'RESOURCE_NOT_FOUND' });
    const notFound = opener(() => {
      throw apiError;
    });
    expect(
      await rejection(() => collect(streamRecords({ jobId: JOB, open: notFound.open, clock: fakeClock() }))),
    ).toBe(apiError);
    expect(notFound.signals).toHaveLength(1);
  });

  it('a complete body holding a truncated or corrupt zip is downloaded once more, then a DownloadError', async () => {
    for (const bad of [zip.subarray(0, 3000), buildZip(csv, { crc: 1 }), Buffer.alloc(0)]) {
      const clock = fakeClock();
      const { open, signals } = opener(() => ({ body: body(bad) }));
      const error = await rejection(() => collect(streamRecords({ jobId: JOB, open, clock, maxRetries: 5 })));
      expect(error).toBeInstanceOf(DownloadError);
      expect(error.message).toMatch(/is (truncated|corrupt|empty)/);
      expect((error as DownloadError).jobId).toBe(JOB);
      expect(signals).toHaveLength(2);
      expect(clock.sleeps).toHaveLength(1);
      expect(clock.sleeps[0]).toBeLessThanOrEqual(1000);
    }
  });

  it('a corrupt zip that comes right the second time gives every record once', async () => {
    const { open, signals } = opener(
      () => ({ body: body(buildZip(csv, { crc: 1 })) }),
      () => ({ body: body(zip) }),
    );
    expect(await collect(streamRecords({ jobId: JOB, open, clock: fakeClock() }))).toEqual(expected);
    expect(signals).toHaveLength(2);
  });

  it('maxRetries 0 retries nothing, not even a truncated file', async () => {
    const { open, signals } = opener(() => ({ body: body(zip.subarray(0, 3000)) }));
    const error = await rejection(() =>
      collect(streamRecords({ jobId: JOB, open, clock: fakeClock(), maxRetries: 0 })),
    );
    expect(error.message).toContain('is truncated');
    expect(signals).toHaveLength(1);
  });

  it('the retry rule can be replaced', async () => {
    const { open, signals } = opener(() => ({ body: body(zip, { failAfter: 100 }) }));
    const retryRule = { ...downloadRetryRule, classify: () => 'final' as const };
    const error = await rejection(() =>
      collect(streamRecords({ jobId: JOB, open, clock: fakeClock(), retryRule })),
    );
    expect(error).toBeInstanceOf(DownloadError);
    expect(error.message).toBe(`Download of the result file of job ${JOB} failed (TypeError: terminated)`);
    expect(signals).toHaveLength(1);
  });

  it('skip resumes after records delivered by an earlier run', async () => {
    const { open } = opener(() => ({ body: body(zip) }));
    expect(await collect(streamRecords({ jobId: JOB, open, clock: fakeClock(), skip: 2500 }))).toEqual(
      expected.slice(2500),
    );
  });

  it('break aborts the request and releases the async-iterable body', async () => {
    let returned = false;
    const { open, signals } = opener(() => ({ body: body(zip, { onReturn: () => (returned = true) }) }));
    const got: Record<string, string>[] = [];
    for await (const record of streamRecords({ jobId: JOB, open, clock: fakeClock() })) {
      got.push(record);
      if (got.length === 3) break;
    }
    expect(got).toEqual(expected.slice(0, 3));
    expect(signals[0]!.aborted).toBe(true);
    expect(returned).toBe(true);
  });

  it('break cancels a ReadableStream body', async () => {
    let cancelled = false;
    const chunks = chunksOf(zip, 1024);
    const { open, signals } = opener(() => ({
      body: new ReadableStream<Uint8Array>({
        pull(controller) {
          const chunk = chunks.shift();
          if (chunk) controller.enqueue(chunk);
          else controller.close();
        },
        cancel() {
          cancelled = true;
        },
      }),
    }));
    for await (const record of streamRecords({ jobId: JOB, open, clock: fakeClock() })) {
      expect(record).toEqual(expected[0]);
      break;
    }
    expect(signals[0]!.aborted).toBe(true);
    expect(cancelled).toBe(true);
    expect(chunks.length).toBeGreaterThan(10);
  });

  it('aborting the signal rejects with its reason, mid-stream, before start and during a backoff', async () => {
    const reason = new Error('user stop');
    const controller = new AbortController();
    const { open, signals } = opener(() => ({ body: body(zip) }));
    const got: Record<string, string>[] = [];
    const error = await rejection(async () => {
      for await (const record of streamRecords({
        jobId: JOB,
        open,
        clock: fakeClock(),
        signal: controller.signal,
      })) {
        got.push(record);
        if (got.length === 5) controller.abort(reason);
      }
    });
    expect(error).toBe(reason);
    expect(got.length).toBeLessThan(expected.length);
    expect(signals[0]!.aborted).toBe(true);

    const early = opener(() => ({ body: body(zip) }));
    const stopped = AbortSignal.abort(reason);
    expect(
      await rejection(() =>
        collect(streamRecords({ jobId: JOB, open: early.open, clock: fakeClock(), signal: stopped })),
      ),
    ).toBe(reason);
    expect(early.signals).toHaveLength(0);

    const sleeping = new AbortController();
    const clock: Clock = {
      now: () => 0,
      sleep: (_ms, signal) =>
        new Promise((_, reject) => {
          signal?.addEventListener('abort', () => reject(signal.reason));
          sleeping.abort(reason);
        }),
    };
    const failing = opener(() => {
      throw new ConnectionError('reset', {});
    });
    expect(
      await rejection(() =>
        collect(streamRecords({ jobId: JOB, open: failing.open, clock, signal: sleeping.signal })),
      ),
    ).toBe(reason);
  });

  it('an abort reaches a body that ignores its signal', async () => {
    const reason = new Error('stop');
    const controller = new AbortController();
    const hanging: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => ({
        next: () => new Promise<IteratorResult<Uint8Array>>(() => {}),
      }),
    };
    const { open } = opener(() => ({ body: hanging }));
    const pending = collect(
      streamRecords({ jobId: JOB, open, clock: fakeClock(), signal: controller.signal }),
    );
    setImmediate(() => controller.abort(reason));
    expect(await rejection(() => pending)).toBe(reason);
  });

  it('records are right when the compressed data contains PK\\x07\\x08 (where fflate Unzip fails)', async () => {
    const random = prng(5);
    const blob = Buffer.alloc(40_000);
    for (let i = 0; i < blob.length; i++) {
      const byte = Math.floor(random() * 256);
      blob[i] = byte === 0x22 ? 0x21 : byte; // random bytes, no quote: zlib stores them verbatim
    }
    blob.set([0x50, 0x4b, 0x07, 0x08], 20_000);
    const data = Buffer.concat([
      Buffer.from('Id,Blob,Name\r\n1,"'),
      blob,
      Buffer.from('",first\r\n2,"x",second\r\n'),
    ]);
    const poisoned = buildZip(data);
    const sig = poisoned.indexOf(Buffer.from([0x50, 0x4b, 0x07, 0x08]));
    expect(sig).toBeGreaterThan(19_000);
    expect(sig).toBeLessThan(poisoned.length - 20_000);
    const { open } = opener(() => ({ body: body(poisoned, { chunk: 4096 }) }));
    const got = await collect(streamRecords({ jobId: JOB, open, clock: fakeClock() }));
    expect(got).toEqual(parseSync(data, { columns: true }));
    expect(got.map((r) => r.Name)).toEqual(['first', 'second']);
  });

  it("format 'ics' yields events", async () => {
    const ics = 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:1\r\nSUMMARY:Call\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
    const { open } = opener(() => ({ body: body(buildZip(ics, { name: `${JOB}.ics` })) }));
    expect(await collect(streamRecords({ jobId: JOB, format: 'ics', open, clock: fakeClock() }))).toEqual([
      { UID: '1', SUMMARY: 'Call' },
    ]);
  });

  it('a malformed CSV fails once, after the records before it', async () => {
    const bad = Buffer.from('Id,Name\r\n1,a\r\n2,b,c\r\n');
    const { open, signals } = opener(() => ({ body: body(buildZip(bad)) }));
    const got: Record<string, string>[] = [];
    const error = await rejection(async () => {
      for await (const r of streamRecords({ jobId: JOB, open, clock: fakeClock() })) got.push(r);
    });
    expect(got).toEqual([{ Id: '1', Name: 'a' }]);
    expect(error.message).toBe(
      `Result file of job ${JOB} is not valid CSV at line 3 (record 2): expected 2 columns, got 3`,
    );
    expect(signals).toHaveLength(1);
  });
});

describe('isRetryableDownloadError', () => {
  it('classifies errors', () => {
    expect(isRetryableDownloadError(terminated())).toBe(true);
    expect(isRetryableDownloadError(new TypeError('fetch failed'))).toBe(true);
    expect(
      isRetryableDownloadError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })),
    ).toBe(true);
    expect(isRetryableDownloadError(new DOMException('timed out', 'TimeoutError'))).toBe(true);
    expect(isRetryableDownloadError(new Error('wrapped', { cause: { code: 'UND_ERR_BODY_TIMEOUT' } }))).toBe(
      true,
    );
    expect(isRetryableDownloadError(new ConnectionError('reset', {}))).toBe(true);
    expect(isRetryableDownloadError(new ZohoApiError('busy', { status: 503, code: 'HTTP_503' }))).toBe(true);
    expect(isRetryableDownloadError(new ZohoApiError('bad', { status: 400, code: 'INVALID_DATA' }))).toBe(
      false,
    );
    expect(isRetryableDownloadError(new DownloadError('crc', {}))).toBe(false);
    expect(isRetryableDownloadError(new TypeError('x is not a function'))).toBe(false);
    expect(isRetryableDownloadError(new DOMException('aborted', 'AbortError'))).toBe(false);
    expect(isRetryableDownloadError('string')).toBe(false);
  });
});

describe('downloadRetryRule', () => {
  it('kinds: network failures and 429/5xx; a truncated or corrupt file; anything else is final', () => {
    const { classify } = downloadRetryRule;
    expect(classify(terminated())).toBe('network');
    expect(classify(new ZohoApiError('busy', { status: 503, code: 'HTTP_503' }))).toBe('network');
    expect(classify(new DownloadError('truncated', { isRetryable: true }))).toBe('file');
    expect(classify(new DownloadError('not a zip', {}))).toBe('final');
    expect(classify(new ZohoApiError('bad', { status: 400, code: 'INVALID_DATA' }))).toBe('final');
  });

  it('a 429 without Retry-After waits a whole minute; with it, what the server said', async () => {
    const clock = fakeClock();
    const { open, signals } = opener(
      () => {
        throw new RateLimitError('Too many downloads', { code: 'TOO_MANY_REQUESTS' });
      },
      () => {
        throw new RateLimitError('Too many downloads', { code: 'TOO_MANY_REQUESTS', retryAfterMs: 7_000 });
      },
      () => ({ body: body(zip) }),
    );
    expect(await collect(streamRecords({ jobId: JOB, open, clock }))).toEqual(expected);
    expect(signals).toHaveLength(3);
    expect(clock.sleeps).toEqual([60_000, 7_000]);
  });
});
