/**
 * The `timeout` option alone bounds the wait for headers with the default dispatcher (real
 * loopback HTTP, no msw): undici's own 300 s headers timeout must neither stand in for a timeout
 * the caller turned off (`0`) nor cut a longer one short. Fake timers move time; nothing waits
 * for real.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { BulkClient } from '../../src/client.js';

describe('timeout: 0 through the default undici dispatcher', () => {
  let close: () => Promise<void>;
  let held: ServerResponse[];
  let url: string;
  let arrived: Promise<void>;

  beforeEach(async () => {
    held = [];
    let onArrive!: () => void;
    arrived = new Promise((resolve) => {
      onArrive = resolve;
    });
    const server = createServer((_req, res) => {
      held.push(res);
      onArrive();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
  });

  afterEach(() => close());

  // One fake clock for the whole file: undici keeps its internal tick timer across requests.
  beforeAll(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterAll(() => {
    vi.useRealTimers();
  });

  it.each([
    { timeout: 0, wait: 60 },
    { timeout: 600_000, wait: 9 },
  ])('timeout: $timeout — headers after $wait minutes still arrive', async ({ timeout, wait }) => {
    const client = new BulkClient({ auth: 'access-secret-static', apiDomain: url, timeout, maxRetries: 0 });
    const pending = client.transport.request({ method: 'GET', path: '/crm/v8/slow' });
    const failed = pending.then(
      () => false,
      () => true,
    );
    await Promise.race([arrived, failed]);
    for (let i = 0; i < wait; i++) await vi.advanceTimersByTimeAsync(60_000);
    for (const res of held) res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    expect((await pending).body).toEqual({ ok: true });
    expect(held).toHaveLength(1);
    await client.close();
  });

  it('control: the timeout option still ends the wait (ConnectionError, isTimeout)', async () => {
    const client = new BulkClient({
      auth: 'access-secret-static',
      apiDomain: url,
      timeout: 60_000,
      maxRetries: 0,
    });
    const pending = client.transport
      .request({ method: 'GET', path: '/crm/v8/slow' })
      .catch((e: unknown) => e);
    await arrived;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await pending).toMatchObject({ name: 'ConnectionError', isTimeout: true });
    await client.close();
  });
});
