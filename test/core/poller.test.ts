import { describe, expect, it, vi } from 'vitest';
import { JobFailedError, PollTimeoutError } from '../../src/core/errors.js';
import { pollJob } from '../../src/core/poller.js';
import { FakeClock } from '../helpers/fake-clock.js';

interface Job {
  state: string;
}
const defaults = { interval: 1000, maxInterval: 3000, timeout: 3_600_000 };
const classify = (job: Job) =>
  job.state === 'COMPLETED' ? 'done' : job.state === 'FAILURE' ? 'failed' : ('pending' as const);

/** A `read` that returns the given states in order, then repeats the last one. */
const script = (...states: string[]) => {
  let i = 0;
  return vi.fn(async () => ({ state: states[Math.min(i++, states.length - 1)] as string }));
};

const flush = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('pollJob', () => {
  it('backs off ×1.5 per poll up to maxInterval, reporting every job', async () => {
    const clock = new FakeClock();
    const seen: string[] = [];
    const read = script('QUEUED', 'IN PROGRESS', 'IN PROGRESS', 'IN PROGRESS', 'IN PROGRESS', 'COMPLETED');
    const job = await pollJob({
      jobId: '1',
      read,
      classify,
      clock,
      defaults,
      onProgress: (j) => seen.push(j.state),
    });
    expect(job).toEqual({ state: 'COMPLETED' });
    expect(clock.sleeps).toEqual([1000, 1500, 2250, 3000, 3000]);
    expect(seen).toEqual(['QUEUED', 'IN PROGRESS', 'IN PROGRESS', 'IN PROGRESS', 'IN PROGRESS', 'COMPLETED']);
    expect(read).toHaveBeenCalledTimes(6);
  });

  it('a per-call interval above the default cap is kept (the cap rises to it)', async () => {
    const clock = new FakeClock();
    await pollJob({
      jobId: '1',
      read: script('A', 'A', 'COMPLETED'),
      classify,
      clock,
      defaults,
      interval: 60_000,
    });
    expect(clock.sleeps).toEqual([60_000, 60_000]);
  });

  it('per-call options beat the defaults', async () => {
    const clock = new FakeClock();
    await pollJob({
      jobId: '1',
      read: script('A', 'A', 'COMPLETED'),
      classify,
      clock,
      defaults,
      interval: 10,
      maxInterval: 12,
    });
    expect(clock.sleeps).toEqual([10, 12]);
  });

  it('keeps polling through unknown states', async () => {
    const clock = new FakeClock();
    const job = await pollJob({
      jobId: '1',
      read: script('BRAND_NEW_STATE', 'ADDED', 'COMPLETED'),
      classify,
      clock,
      defaults,
    });
    expect(job.state).toBe('COMPLETED');
    expect(clock.sleeps).toHaveLength(2);
  });

  it('a failure state rejects with JobFailedError carrying the job and the failure message', async () => {
    const clock = new FakeClock();
    const error = await pollJob({
      jobId: '42',
      read: script('IN PROGRESS', 'FAILURE'),
      classify,
      failureMessage: () => 'INVALID_FILE',
      clock,
      defaults,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobFailedError);
    expect(error).toMatchObject({
      jobId: '42',
      job: { state: 'FAILURE' },
      message: 'Job 42 failed: INVALID_FILE',
    });
    const plain = await pollJob({ jobId: '9', read: script('FAILURE'), classify, clock, defaults }).catch(
      (e) => e,
    );
    expect(plain.message).toBe('Job 9 failed');
  });

  it('times out with PollTimeoutError(jobId, lastJob), after a last read at the deadline', async () => {
    const clock = new FakeClock();
    const read = script('IN PROGRESS');
    const error = await pollJob({ jobId: '77', read, classify, clock, defaults, timeout: 5000 }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(PollTimeoutError);
    expect(error).toMatchObject({ jobId: '77', lastJob: { state: 'IN PROGRESS' } });
    expect(clock.sleeps).toEqual([1000, 1500, 2250, 250]);
    expect(read).toHaveBeenCalledTimes(5);
  });

  it('timeout 0 waits forever', async () => {
    const clock = new FakeClock();
    const states = Array.from({ length: 200 }, () => 'IN PROGRESS');
    const job = await pollJob({
      jobId: '1',
      read: script(...states, 'COMPLETED'),
      classify,
      clock,
      defaults,
      timeout: 0,
    });
    expect(job.state).toBe('COMPLETED');
    expect(clock.sleeps).toHaveLength(200);
  });

  it('abort during a sleep rejects at once with the signal reason', async () => {
    const clock = new FakeClock({ auto: false });
    const controller = new AbortController();
    const read = script('IN PROGRESS');
    const waiting = pollJob({ jobId: '1', read, classify, clock, defaults, signal: controller.signal });
    await clock.waitForSleep();
    const reason = new DOMException('user', 'AbortError');
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    expect(read).toHaveBeenCalledTimes(1);
    expect(clock.pending).toBe(0);
  });

  it('an already aborted signal rejects before any read', async () => {
    const controller = new AbortController();
    controller.abort('no');
    const read = script('COMPLETED');
    await expect(
      pollJob({ jobId: '1', read, classify, clock: new FakeClock(), defaults, signal: controller.signal }),
    ).rejects.toBe('no');
    expect(read).not.toHaveBeenCalled();
  });

  it('wake cuts a sleep short and the job is re-read; later sleeps run in full', async () => {
    const clock = new FakeClock({ auto: false });
    let wakeUp!: () => void;
    const wake = new Promise<void>((resolve) => {
      wakeUp = resolve;
    });
    const read = script('IN PROGRESS', 'IN PROGRESS', 'COMPLETED');
    const waiting = pollJob({ jobId: '1', read, classify, clock, defaults, wake });
    await clock.waitForSleep();
    wakeUp();
    await flush();
    expect(read).toHaveBeenCalledTimes(2);
    expect(clock.pending).toBe(1); // the second sleep; the first one was cut
    expect(clock.now()).toBe(Date.UTC(2024, 0, 1)); // no time passed
    clock.advance(1500);
    await expect(waiting).resolves.toEqual({ state: 'COMPLETED' });
    expect(clock.sleeps).toEqual([1000, 1500]);
  });

  it('a rejected wake also wakes; abort while a wake is armed still rejects with the reason', async () => {
    const clock = new FakeClock({ auto: false });
    const controller = new AbortController();
    const wake = new Promise<void>(() => {});
    const waiting = pollJob({
      jobId: '1',
      read: script('X'),
      classify,
      clock,
      defaults,
      wake,
      signal: controller.signal,
    });
    await clock.waitForSleep();
    controller.abort('bye');
    await expect(waiting).rejects.toBe('bye');

    const clock2 = new FakeClock({ auto: false });
    const read = script('X', 'COMPLETED');
    const done = pollJob({
      jobId: '1',
      read,
      classify,
      clock: clock2,
      defaults,
      wake: Promise.reject(new Error('cb')),
    });
    await expect(done).resolves.toEqual({ state: 'COMPLETED' });
    expect(read).toHaveBeenCalledTimes(2);
  });
});
