/**
 * Progress on stderr, only when stderr is a terminal and --quiet is off: records so far, page, job
 * state, rate, and a bar with an ETA only where a total is really known — the run's (import rows
 * once read, ids of a mass update) or the current export page's (Zoho's count for the page). Redrawn by cli-progress at most 10
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
  /** The reporter's clock (epoch ms). */
  readonly now: () => number;
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

function bar(ratio: number, width: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, ratio)) * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${Math.floor(Math.min(1, ratio) * 100)}%`;
}

/** Units per second over the whole run (from the first unit), or over the current page. */
function rates(state: Readonly<ProgressState>, now: number): { overall: number; page: number | undefined } {
  const elapsed = state.startedAt === undefined ? 0 : (now - state.startedAt) / 1000;
  const overall = elapsed > 0 && state.records > 0 ? state.records / elapsed : 0;
  const p = state.pageBar;
  if (p === undefined) return { overall, page: undefined };
  const pageElapsed = (now - p.startedAt) / 1000;
  const pageDone = state.records - p.startRecords;
  // The page's own rate once it has run a little (the overall one includes waits for jobs).
  return { overall, page: pageElapsed >= 1 && pageDone > 0 ? pageDone / pageElapsed : undefined };
}

/** A piece of the progress line; when the line is too wide, the lowest `keep` goes first. */
interface Part {
  text: string;
  keep: number;
}

const joined = (parts: readonly Part[]): string => parts.map((p) => p.text).join(' | ');

/** Joins the parts, dropping the least important ones until the line fits `columns`. */
function fitToWidth(parts: Part[], columns: number): string {
  const kept = [...parts];
  while (joined(kept).length > columns && kept.length > 2) {
    const least = kept.reduce((min, p, i) => (p.keep < (kept[min]?.keep ?? Infinity) ? i : min), 0);
    kept.splice(least, 1);
  }
  return joined(kept);
}

/**
 * The text of the progress line for a state at time `now` (pure, for tests): label, a bar when the
 * total is known, records so far, page (with its own bar while a page of known size downloads),
 * phase, job state, rate, ETA (only from a known total: the run's, or the page's). To fit
 * `columns`, bars shrink to half their width, then the rate goes, then phase and state, then ETA.
 */
export function formatProgressLine(
  state: Readonly<ProgressState>,
  now: number,
  width = 20,
  columns = Number.POSITIVE_INFINITY,
): string {
  const full = progressParts(state, now, width);
  if (joined(full).length <= columns) return joined(full);
  return fitToWidth(progressParts(state, now, Math.round(width / 2)), columns);
}

function progressParts(state: Readonly<ProgressState>, now: number, width: number): Part[] {
  const parts: Part[] = [{ text: state.label, keep: 10 }];
  const { total, pageBar } = state;
  const known = total !== undefined && total > 0;
  if (known) {
    parts.push({ text: bar(state.records / total, width), keep: 9 });
    parts.push({ text: `${group(state.records)}/${group(total)} ${state.unit}`, keep: 10 });
  } else {
    parts.push({ text: `${group(state.records)} ${state.unit}`, keep: 10 });
  }
  let pageLeft: number | undefined;
  if (state.page !== undefined) {
    let text = `page ${state.page}`;
    if (pageBar !== undefined && pageBar.count > 0 && !known) {
      const done = Math.min(pageBar.count, Math.max(0, state.records - pageBar.base));
      pageLeft = pageBar.count - done;
      text += `${pageBar.last ? ' (last)' : ''} ${bar(done / pageBar.count, Math.round(width / 2))} of ${group(pageBar.count)}`;
    }
    parts.push({ text, keep: 9 });
  }
  if (state.phase !== undefined) parts.push({ text: state.phase, keep: 6 });
  if (state.state !== undefined) parts.push({ text: state.state, keep: 7 });
  const rate = rates(state, now);
  if (rate.overall > 0) {
    parts.push({ text: `${group(rate.overall)}/s`, keep: 5 });
    if (known && total > state.records) {
      parts.push({ text: `ETA ${duration((total - state.records) / rate.overall)}`, keep: 8 });
    } else if (pageLeft !== undefined && pageLeft > 0 && pageBar !== undefined) {
      const eta = duration(pageLeft / (rate.page ?? rate.overall));
      parts.push({ text: pageBar.last ? `ETA ${eta}` : `page ETA ${eta}`, keep: 8 });
    }
  }
  return parts;
}

abstract class BaseProgress implements ProgressReporter {
  readonly state: ProgressState;
  readonly now: () => number;

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
      // One column short of the width (a full last column makes some terminals wrap); a pty
      // without a size reports 0 columns: assume 80.
      format: () => formatProgressLine(this.state, this.now(), 20, (this.stream.columns || 80) - 1),
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
