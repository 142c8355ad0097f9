/**
 * The job registry shared by every job-based route group (bulk read now; bulk write and mass
 * update later). A job moves ADDED → QUEUED → IN PROGRESS → COMPLETED either by the number of
 * status reads (`pollsToComplete`) or, when `jobLatency` is set, by fake-clock time since it was
 * created. Each route maps the phase to its own state spelling.
 */

export type JobPhase = 'added' | 'queued' | 'running' | 'done';

export interface JobFailure {
  code: string;
  message: string;
}

export interface FakeJob {
  id: string;
  /** Route group that owns it: 'bulkRead', 'bulkWrite', 'massUpdate', … */
  kind: string;
  createdAt: number;
  /** Status reads so far. */
  polls: number;
  /** Set when the job is to end in failure instead of completing. */
  failure: JobFailure | undefined;
  /** Fake-clock time it reached its end (completed or failed). */
  finishedAt: number | undefined;
}

export interface JobRegistryOptions {
  now: () => number;
  newId: () => string;
  pollsToComplete: number;
  jobLatency: number | undefined;
}

export class JobRegistry {
  private readonly jobs = new Map<string, FakeJob>();
  private failures: Array<{ kind: string | undefined; failure: JobFailure }> = [];

  constructor(private readonly options: JobRegistryOptions) {}

  /** Registers a new job (its id, creation time, poll count and pending failure are filled in). */
  create<T extends FakeJob>(kind: string, data: Omit<T, keyof FakeJob>): T {
    const pending = this.failures.findIndex((f) => f.kind === undefined || f.kind === kind);
    const failure = pending >= 0 ? this.failures.splice(pending, 1)[0]?.failure : undefined;
    const job = {
      ...data,
      id: this.options.newId(),
      kind,
      createdAt: this.options.now(),
      polls: 0,
      failure,
      finishedAt: undefined,
    } as T;
    this.jobs.set(job.id, job);
    return job;
  }

  get<T extends FakeJob>(id: string, kind: string): T | undefined {
    const job = this.jobs.get(id);
    return job?.kind === kind ? (job as T) : undefined;
  }

  list(kind?: string): FakeJob[] {
    return [...this.jobs.values()].filter((job) => kind === undefined || job.kind === kind);
  }

  /** The next job created (of `kind`, or of any kind) fails. */
  failNext(failure: JobFailure, kind?: string): void {
    this.failures.push({ kind, failure });
  }

  /** Where the job is now; `poll: true` counts this read as a status poll first. */
  phase(job: FakeJob, options: { poll: boolean }): JobPhase {
    if (options.poll && job.finishedAt === undefined) job.polls++;
    const phase = this.computePhase(job);
    if (phase === 'done' && job.finishedAt === undefined) job.finishedAt = this.options.now();
    return phase;
  }

  clear(): void {
    this.jobs.clear();
    this.failures = [];
  }

  private computePhase(job: FakeJob): JobPhase {
    if (job.finishedAt !== undefined) return 'done';
    const { jobLatency, pollsToComplete } = this.options;
    if (jobLatency !== undefined) {
      const elapsed = this.options.now() - job.createdAt;
      if (elapsed >= jobLatency) return 'done';
      if (elapsed >= jobLatency / 2) return 'running';
      return elapsed > 0 ? 'queued' : 'added';
    }
    if (job.polls >= pollsToComplete) return 'done';
    if (job.polls === 0) return 'added';
    return job.polls >= pollsToComplete - 1 ? 'running' : 'queued';
  }
}
