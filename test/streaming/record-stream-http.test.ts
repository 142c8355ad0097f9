/** streamRecords over real HTTP on 127.0.0.1 with Node's fetch: real undici errors and cancellation. */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseSync } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/core/options.js';
import { streamRecords } from '../../src/streaming/record-stream.js';
import { buildZip, prng } from './helpers.js';

const JOB = '4876876000003000001';
const random = prng(11);
const rows = ['Id,Note'];
for (let i = 0; i < 8_000; i++) rows.push(`${i},"${Math.floor(random() * 2 ** 48).toString(36)}\r\n${i}"`);
const csv = Buffer.from(`${rows.join('\r\n')}\r\n`);
const expected = parseSync(csv, { columns: true }) as Record<string, string>[];
const zip = buildZip(csv, { name: `${JOB}.csv` });

let server: Server;
let origin: string;
/** What the next requests do, in order: 'reset' sends half the body and destroys the socket. */
const plan: ('reset' | 'full' | 'slow')[] = [];
const closed: boolean[] = [];
let onClose: (() => void) | undefined;

function send(res: ServerResponse, mode: 'reset' | 'full' | 'slow') {
  res.writeHead(200, { 'content-type': 'application/zip', 'content-length': String(zip.length) });
  res.on('close', () => {
    closed.push(res.writableFinished);
    onClose?.();
  });
  if (mode === 'full') return void res.end(zip);
  // 'slow' never finishes on its own; 'reset' cuts the connection once half the body is out.
  res.write(zip.subarray(0, Math.floor(zip.length / 2)), () => mode === 'reset' && res.socket?.destroy());
}

beforeAll(async () => {
  server = createServer((_req, res) => send(res, plan.shift() ?? 'full'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

const clock: Clock & { sleeps: number[] } = {
  sleeps: [],
  now: () => 0,
  sleep: async (ms) => {
    clock.sleeps.push(ms);
  },
};
const open = async (signal: AbortSignal) => {
  const response = await fetch(`${origin}/download`, { signal });
  if (!response.body) throw new Error('no body');
  return { body: response.body };
};

describe('streamRecords over HTTP', () => {
  it('a connection reset mid-body (undici "terminated") is retried and resumed exactly once', async () => {
    plan.push('reset', 'full');
    clock.sleeps.length = 0;
    const got: Record<string, string>[] = [];
    for await (const record of streamRecords({ jobId: JOB, open, clock })) got.push(record);
    expect(got.length).toBe(expected.length);
    expect(got).toEqual(expected);
    expect(clock.sleeps).toHaveLength(1);
  });

  it('break aborts the request: the server sees the connection close early', async () => {
    plan.push('slow');
    closed.length = 0;
    const serverSawClose = new Promise<void>((resolve) => (onClose = resolve));
    let n = 0;
    for await (const _ of streamRecords({ jobId: JOB, open, clock })) {
      if (++n === 10) break;
    }
    await serverSawClose;
    expect(closed).toEqual([false]);
  });
});
