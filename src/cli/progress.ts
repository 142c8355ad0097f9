/**
 * Progress on stderr, only when stderr is a terminal and --quiet is off: records so far, page, job
 * state, rate, and a bar with an ETA once the total is known. Redrawn by cli-progress at most 10
 * times a second. Log lines (--verbose) are printed above the bar, or plainly when there is no bar.
 */
import cliProgress from 'cli-progress';
import { type ProgressFacts, readProgressEvent } from './progress-event.js';

export type OutStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

export interface ProgressState extends ProgressFacts {
  label: string;
  /** `records`, `rows`. */
  unit: string;
  /** Counted by the CLI. */
  records: number;
  /** When the first unit arrived (epoch ms), for the rate. */
  startedAt: number | undefined;
}

export interface ProgressReporter {
  /** Counts `n` more units. Cheap: call it per record. */
  add(n?: number): void;
  /** Merges what a library progress event (or job object) says. */
  event(event: unknown): void;
  /** Sets facts directly. */
  set(facts: ProgressFacts): void;
  /** Prints a line without breaking the bar. */
  log(line: string): void;
  /** Removes the bar (idempotent). */
  stop(): void;
  readonly state: Readonly<ProgressState>;
}

export interface ProgressOptions {
  /** Where to draw (stderr). */
  stream: OutStream;
  /** `isTTY && !quiet`, decided by the caller so tests can inject it. */
  enabled: boolean;
  label: string;
  /** @default 'records' */
  unit?: string;
  /** @default Date.now */
  now?: () => number;
}

const group = (n: number): string => Math.round(n).toLocaleString('en-US');

function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** The text of the progress line for a state at time `now` (pure, for tests). */
export function formatProgressLine(state: Readonly<ProgressState>, now: number, width = 20): string {
  const parts: string[] = [state.label];
  const { total } = state;
  if (total !== undefined && total > 0) {
    const ratio = Math.min(1, state.records / total);
    const filled = Math.round(ratio * width);
    parts.push(`[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${Math.floor(ratio * 100)}%`);
    parts.push(`${group(state.records)}/${group(total)} ${state.unit}`);
  } else {
    parts.push(`${group(state.records)} ${state.unit}`);
  }
  if (state.page !== undefined) parts.push(`page ${state.page}`);
  if (state.phase !== undefined) parts.push(state.phase);
  if (state.state !== undefined) parts.push(state.state);
  const elapsed = state.startedAt === undefined ? 0 : (now - state.startedAt) / 1000;
  if (elapsed > 0 && state.records > 0) {
    const rate = state.records / elapsed;
    parts.push(`${group(rate)}/s`);
    if (total !== undefined && total > state.records && rate > 0) {
      parts.push(`ETA ${duration((total - state.records) / rate)}`);
    }
  }
  return parts.join(' | ');
}

abstract class BaseProgress implements ProgressReporter {
  readonly state: ProgressState;
  protected readonly now: () => number;

  constructor(options: ProgressOptions) {
    this.now = options.now ?? Date.now;
    this.state = { label: options.label, unit: options.unit ?? 'records', records: 0, startedAt: undefined };
  }

  add(n = 1): void {
    if (this.state.startedAt === undefined) this.state.startedAt = this.now();
    this.state.records += n;
    this.changed(false);
  }

  event(event: unknown): void {
    this.set(readProgressEvent(event));
  }

  set(facts: ProgressFacts): void {
    const { done: _done, ...rest } = facts;
    Object.assign(this.state, rest);
    this.changed(true);
  }

  protected abstract changed(important: boolean): void;
  abstract log(line: string): void;
  abstract stop(): void;
}

/** No bar: counts only; log lines go straight to the stream. */
class PlainProgress extends BaseProgress {
  constructor(
    options: ProgressOptions,
    private readonly stream: OutStream,
  ) {
    super(options);
  }
  protected changed(): void {}
  log(line: string): void {
    this.stream.write(`${line}\n`);
  }
  stop(): void {}
}

/** cli-progress single-line bar on a TTY. */
class TtyProgress extends BaseProgress {
  private readonly multi: cliProgress.MultiBar;
  private readonly bar: cliProgress.SingleBar;
  private readonly stream: OutStream;
  private lastUpdate = 0;
  private stopped = false;

  constructor(options: ProgressOptions) {
    super(options);
    this.stream = options.stream;
    this.multi = new cliProgress.MultiBar({
      stream: options.stream as NodeJS.WritableStream,
      format: () => formatProgressLine(this.state, this.now()),
      hideCursor: true,
      clearOnComplete: false,
      linewrap: false,
      fps: 10,
      autopadding: false,
    });
    this.bar = this.multi.create(1, 0);
  }

  protected changed(important: boolean): void {
    if (this.stopped) return;
    const now = this.now();
    if (!important && now - this.lastUpdate < 50) return;
    this.lastUpdate = now;
    this.bar.update(this.state.records);
  }

  log(line: string): void {
    if (this.stopped) {
      this.stream.write(`${line}\n`);
      return;
    }
    this.multi.log(`${line}\n`);
  }

  stop(): void {
    if (this.stopped) return;
    this.bar.update(this.state.records);
    this.multi.update();
    this.multi.stop();
    this.stopped = true;
  }
}

export function createProgress(options: ProgressOptions): ProgressReporter {
  return options.enabled ? new TtyProgress(options) : new PlainProgress(options, options.stream);
}
