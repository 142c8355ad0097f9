/**
 * The generic job poller behind every `waitFor`: reads the job, classifies it, sleeps with
 * backoff (×1.5 per poll up to `maxInterval`) on the injected clock, until the job is done,
 * fails (`JobFailedError`), the overall timeout passes (`PollTimeoutError`, job left alone) or
 * the signal aborts (rejects at once with `signal.reason`). Unknown states keep polling.
 */
import { JobFailedError, PollTimeoutError } from './errors.js';
import type { Clock, PollOptions } from './options.js';

export const BACKOFF_FACTOR = 1.5;

export interface WaitOptions<Job> {
  /** Cancels the wait (not the job); rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Give up after this long, ms; `0` waits forever. @default the client's `poll.timeout` (1 h) */
  timeout?: number | undefined;
  /** First wait between two polls, ms. @default the client's `poll.interval` (5000) */
  interval?: number | undefined;
  /** Longest wait between two polls, ms. @default the client's `poll.maxInterval` (60000) */
  maxInterval?: number | undefined;
  /** Called with every job object read, including the last one. */
  onProgress?: ((job: Job) => void) | undefined;
}

export interface PollJobParams<Job> extends WaitOptions<Job> {
  jobId: string;
  read: (signal: AbortSignal | undefined) => Promise<Job>;
  /** Unknown states must map to 'pending'. */
  classify: (job: Job) => 'done' | 'failed' | 'pending';
  failureMessage?: (job: Job) => string;
  clock: Clock;
  defaults: Required<PollOptions>;
  /** Resolves early when a callback arrives; the job is re-read before returning. */
  wake?: Promise<unknown> | undefined;
}

export async function pollJob<Job>(p: PollJobParams<Job>): Promise<Job> {
  const { clock, signal, jobId } = p;
  const timeout = p.timeout ?? p.defaults.timeout;
  // A per-call interval above the client's default cap raises the cap: asked for 60 s, poll every 60 s.
  const maxInterval = Math.max(0, p.maxInterval ?? Math.max(p.defaults.maxInterval, p.interval ?? 0));
  let delay = Math.min(Math.max(0, p.interval ?? p.defaults.interval), maxInterval);
  const deadline = timeout > 0 ? clock.now() + timeout : Number.POSITIVE_INFINITY;
  let wake = p.wake;
  let lastJob: Job | undefined;

  for (;;) {
    signal?.throwIfAborted();
    const job = await p.read(signal);
    lastJob = job;
    p.onProgress?.(job);
    const state = p.classify(job);
    if (state === 'done') return job;
    if (state === 'failed') {
      const reason = p.failureMessage?.(job);
      throw new JobFailedError(`Job ${jobId} failed${reason ? `: ${reason}` : ''}`, { job, jobId });
    }
    const remaining = deadline - clock.now();
    if (remaining <= 0) {
      throw new PollTimeoutError(
        `Job ${jobId} did not finish within ${timeout} ms; it was left running — wait again with the same id to resume`,
        { jobId, lastJob },
      );
    }
    const woke = await sleepOrWake(clock, Math.min(delay, remaining), signal, wake);
    // A wake-up is used once: the job is re-read now, later sleeps run their full length.
    if (woke) wake = undefined;
    delay = Math.min(delay * BACKOFF_FACTOR, maxInterval);
  }
}

/** Sleeps `ms` on `clock`; resolves `true` when `wake` settled first. Rejects with `signal.reason` on abort. */
async function sleepOrWake(
  clock: Clock,
  ms: number,
  signal: AbortSignal | undefined,
  wake: Promise<unknown> | undefined,
): Promise<boolean> {
  if (wake === undefined) {
    await clock.sleep(ms, signal);
    return false;
  }
  const cut = new AbortController();
  const sleepSignal = signal ? AbortSignal.any([signal, cut.signal]) : cut.signal;
  const sleeping = clock.sleep(ms, sleepSignal).then(() => false);
  const woken = wake.then(
    () => true,
    () => true,
  );
  try {
    return await Promise.race([sleeping, woken]);
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw error;
  } finally {
    cut.abort();
    sleeping.catch(() => {});
  }
}
