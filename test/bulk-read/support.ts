/**
 * Shared pieces of the Bulk Read tests: a BulkClient wired to a FakeZoho over msw (one server per
 * test file, unhandled requests are errors), a fake clock shared by client and fake, and helpers
 * that serve the fake's result zip differently (tiny chunks, cancellation tracking).
 */
import { http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { BulkClient } from '../../src/client.js';
import type { BulkClientOptions } from '../../src/core/options.js';
import { FakeZoho, type FakeZohoOptions } from '../../src/testing/index.js';
import { FakeClock } from '../helpers/fake-clock.js';

export const API = 'https://www.zohoapis.com';
export const DOWNLOAD_PATH = /\/crm\/bulk\/v[\d.]+\/read\/\d+\/result$/;

/** One msw server for the file. */
export function useMsw() {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return server;
}

export interface Setup {
  fake: FakeZoho;
  clock: FakeClock;
  client: BulkClient;
}

/** A FakeZoho on the msw server and a client for it; fake and client share the fake clock. */
export function setup(
  server: ReturnType<typeof setupServer>,
  fakeOptions: FakeZohoOptions = {},
  clientOptions: Partial<BulkClientOptions> = {},
  clock: FakeClock = new FakeClock(),
): Setup {
  const fake = new FakeZoho({ now: () => clock.now(), ...fakeOptions });
  server.use(...fake.handlers());
  const client = new BulkClient({
    auth: fake.issueAccessToken(30 * 86_400_000),
    clock,
    poll: { interval: 1_000, maxInterval: 5_000, timeout: 3_600_000 },
    ...clientOptions,
  });
  return { fake, clock, client };
}

/** Requests of the fake's bulk-read routes, as `route` names (`create`, `get`, `download`). */
export function routes(fake: FakeZoho): string[] {
  return fake.requests.map((r) => (r.route ?? `? ${r.method} ${r.path}`).replace('bulkRead.', ''));
}

/** Every record of the fake's module (optionally only some columns, `Id` first). */
export function fakeRecords(
  fake: FakeZoho,
  module: string,
  fields?: readonly string[],
): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const record of fake.records(module, fields ? { columns: fields } : {})) {
    if (!fields) out.push({ ...record });
    else {
      const picked: Record<string, string> = { Id: record.Id as string };
      for (const f of fields) picked[f] = record[f] ?? '';
      out.push(picked);
    }
  }
  return out;
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

export { rejectionOf } from '../helpers/rejection.js';

export interface ServedDownload {
  /** How many bodies were served through the wrapper. */
  served: number;
  /** How many of them the client gave up before the end (request aborted or body cancelled). */
  cancelled: number;
}

/**
 * Serves the fake's download answers through a wrapper (an msw handler in front of the fake):
 * the body is re-chunked into `sizes` (cycled) and cancellation is recorded. The fake still
 * logs the request and applies its faults.
 */
export function serveDownloads(
  server: ReturnType<typeof setupServer>,
  fake: FakeZoho,
  options: { sizes?: readonly number[]; transform?: (bytes: Uint8Array) => Uint8Array } = {},
): ServedDownload {
  const stats: ServedDownload = { served: 0, cancelled: 0 };
  server.use(
    http.get(DOWNLOAD_PATH, async ({ request }) => {
      const response = await fake.handle(request);
      if (!response.body || response.status !== 200) return response;
      stats.served++;
      const source = options.transform
        ? new Response(Buffer.from(options.transform(new Uint8Array(await response.arrayBuffer())))).body!
        : response.body;
      const reader = source.getReader();
      const sizes = options.sizes ?? [64 * 1024];
      let pending: Uint8Array = new Uint8Array(0);
      let turn = 0;
      let finished = false;
      let gaveUp = false;
      const giveUp = () => {
        if (finished || gaveUp) return;
        gaveUp = true;
        stats.cancelled++;
      };
      // msw aborts the handler's request when the client aborts; a real server sees a close.
      request.signal.addEventListener('abort', giveUp, { once: true });
      const body = new ReadableStream<Uint8Array>(
        {
          async pull(controller) {
            const size = sizes[turn++ % sizes.length] as number;
            while (pending.length < size) {
              const { done, value } = await reader.read();
              if (done) break;
              const merged = new Uint8Array(pending.length + value.length);
              merged.set(pending);
              merged.set(value, pending.length);
              pending = merged;
            }
            if (pending.length === 0) {
              finished = true;
              controller.close();
              return;
            }
            controller.enqueue(pending.slice(0, size));
            pending = pending.slice(size);
          },
          cancel(reason) {
            giveUp();
            return reader.cancel(reason);
          },
        },
        { highWaterMark: 0 },
      );
      return new Response(body, { status: 200, headers: response.headers });
    }),
  );
  return stats;
}

/**
 * A FakeZoho served over real HTTP on 127.0.0.1 (`listen()`), with a client for it: real sockets,
 * so an injected reset is a real connection reset. Call `close()` at the end.
 */
export async function setupListen(
  fakeOptions: FakeZohoOptions = {},
  clientOptions: Partial<BulkClientOptions> = {},
): Promise<Setup & { url: string; close: () => Promise<void> }> {
  const clock = new FakeClock();
  const fake = new FakeZoho({ now: () => clock.now(), ...fakeOptions });
  const { url, close } = await fake.listen();
  const client = new BulkClient({
    auth: fake.issueAccessToken(30 * 86_400_000),
    apiDomain: url,
    clock,
    poll: { interval: 1_000, maxInterval: 5_000, timeout: 3_600_000 },
    ...clientOptions,
  });
  return {
    fake,
    clock,
    client,
    url,
    close: async () => {
      await client.close();
      await close();
    },
  };
}

/**
 * In `listen()` mode: the next download is answered by the fake through a wrapper that notes
 * when the client goes away before the end (the server sees the connection close).
 */
export function watchNextDownload(fake: FakeZoho): ServedDownload {
  const stats: ServedDownload = { served: 0, cancelled: 0 };
  fake.inject({
    match: { route: 'bulkRead.download' },
    effect: {
      type: 'respond',
      respond: async (request) => {
        const response = await fake.handle(new Request(request.url, { headers: request.headers }));
        stats.served++;
        const reader = response.body!.getReader();
        let finished = false;
        let gaveUp = false;
        const giveUp = () => {
          if (finished || gaveUp) return;
          gaveUp = true;
          stats.cancelled++;
        };
        // The fake's server aborts the request's signal when the client's connection closes.
        request.signal.addEventListener('abort', giveUp, { once: true });
        const body = new ReadableStream<Uint8Array>(
          {
            async pull(controller) {
              const { done, value } = await reader.read();
              if (done) {
                finished = true;
                controller.close();
              } else controller.enqueue(value);
            },
            cancel(reason) {
              giveUp();
              return reader.cancel(reason);
            },
          },
          { highWaterMark: 0 },
        );
        return new Response(body, { status: response.status, headers: response.headers });
      },
    },
  });
  return stats;
}
