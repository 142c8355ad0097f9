/** streamRecords lets the event loop turn while it hands out a large batch of decoded records. */
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/core/options.js';
import { streamRecords } from '../../src/streaming/record-stream.js';
import { buildZip } from './helpers.js';

const clock: Clock = { now: () => 0, sleep: async () => {} };

describe('streamRecords and the event loop', () => {
  it('lets timers and I/O run during a long stretch of records already decoded', async () => {
    // 400 records in one stored chunk: one decoder batch, handed out with no I/O wait in between.
    const rows = ['Id,Name'];
    for (let i = 0; i < 400; i++) rows.push(`${i},n${i}`);
    const zip = buildZip(`${rows.join('\r\n')}\r\n`, { method: 'stored', name: 'job.csv' });
    const body = (async function* () {
      yield new Uint8Array(zip);
    })();
    let turns = 0;
    let streaming = true;
    const tick = (): void => {
      turns++;
      if (streaming) setImmediate(tick);
    };
    setImmediate(tick);
    const turnsAtStart = turns;
    let count = 0;
    for await (const _ of streamRecords({ jobId: '1', open: async () => ({ body }), clock })) {
      count++;
      // The consumer's own work: 0.2 ms of CPU per record (80 ms in all).
      const until = performance.now() + 0.2;
      while (performance.now() < until) {}
    }
    streaming = false;
    expect(count).toBe(400);
    // A 10 ms budget over 80 ms of work: several turns (none without the budget).
    expect(turns - turnsAtStart).toBeGreaterThanOrEqual(4);
  });
});
