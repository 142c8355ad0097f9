import { describe, expect, it } from 'vitest';
import { createProgress, formatProgressLine, type ProgressState } from '../../src/cli/progress.js';
import { readProgressEvent } from '../../src/cli/progress-event.js';
import { Session } from '../../src/cli/session.js';
import { createTestContext, MemoryStream } from './helpers/memory-context.js';

const state = (over: Partial<ProgressState>): ProgressState => ({
  label: 'Contacts',
  unit: 'records',
  records: 0,
  startedAt: undefined,
  ...over,
});

describe('formatProgressLine', () => {
  it('shows records, page, job state and rate while the total is unknown', () => {
    const line = formatProgressLine(
      state({ records: 100_000, page: 1, state: 'IN PROGRESS', startedAt: 0 }),
      2_000,
    );
    expect(line).toBe('Contacts | 100,000 records | page 1 | IN PROGRESS | 50,000/s');
  });

  it('adds a bar, percentage and ETA once the total is known', () => {
    const line = formatProgressLine(
      state({ records: 300_000, total: 450_000, page: 2, startedAt: 0 }),
      10_000,
      10,
    );
    expect(line).toBe('Contacts | [███████░░░] 66% | 300,000/450,000 records | page 2 | 30,000/s | ETA 0:05');
  });

  it('shrinks the bars, then drops the rate, state and ETA to fit the terminal', () => {
    const s = state({
      records: 419_757,
      page: 3,
      state: 'downloading',
      startedAt: 0,
      pageBar: { count: 50_000, base: 400_000, last: true, startedAt: 0, startRecords: 0 },
    });
    expect(formatProgressLine(s, 40_000)).toBe(
      'Contacts | 419,757 records | page 3 (last) [████░░░░░░] 39% of 50,000 | downloading | 10,494/s | ETA 0:03',
    );
    expect(formatProgressLine(s, 40_000, 20, 100)).toBe(
      'Contacts | 419,757 records | page 3 (last) [██░░░] 39% of 50,000 | downloading | 10,494/s | ETA 0:03',
    );
    expect(formatProgressLine(s, 40_000, 20, 79)).toBe(
      'Contacts | 419,757 records | page 3 (last) [██░░░] 39% of 50,000 | ETA 0:03',
    );
    expect(formatProgressLine(s, 40_000, 20, 66)).toBe(
      'Contacts | 419,757 records | page 3 (last) [██░░░] 39% of 50,000',
    );
    const total = state({
      label: 'Leads mass update',
      records: 15_455,
      total: 30_910,
      state: 'RUNNING',
      startedAt: 0,
    });
    expect(formatProgressLine(total, 1_000, 20, 79)).toBe(
      'Leads mass update | [█████░░░░░] 50% | 15,455/30,910 records | ETA 0:01',
    );
  });

  it('shows no rate before the first record', () => {
    expect(formatProgressLine(state({ state: 'QUEUED' }), 5_000)).toBe('Contacts | 0 records | QUEUED');
  });
});

describe('readProgressEvent', () => {
  it('finds page, state, totals and job id wherever they sit', () => {
    expect(readProgressEvent({ page: 2, job: { id: '9', state: 'QUEUED' } })).toEqual({
      page: 2,
      state: 'QUEUED',
      jobId: '9',
    });
    expect(readProgressEvent({ Status: 'RUNNING', Updated_Count: 30, Total_Count: 50 })).toEqual({
      state: 'RUNNING',
      done: 30,
      total: 50,
    });
    expect(readProgressEvent({ id: '7', state: 'COMPLETED', result: { page: 3 } })).toEqual({
      page: 3,
      state: 'COMPLETED',
      jobId: '7',
    });
    expect(readProgressEvent('nonsense')).toEqual({});
  });
});

describe('progress reporter', () => {
  it('draws on a TTY', () => {
    const stream = new MemoryStream(true);
    let now = 0;
    const p = createProgress({ stream, enabled: true, label: 'Contacts', now: () => now });
    p.event({ page: 1, state: 'IN PROGRESS' });
    p.add(1);
    now = 1000;
    p.add(499);
    p.stop();
    expect(stream.text()).toContain('Contacts | 500 records | page 1 | IN PROGRESS | 500/s');
  });

  it('writes nothing when disabled, except log lines', () => {
    const stream = new MemoryStream(false);
    const p = createProgress({ stream, enabled: false, label: 'Contacts' });
    p.event({ page: 1, state: 'IN PROGRESS' });
    p.add(1000);
    p.stop();
    expect(stream.text()).toBe('');
    p.log('→ GET /crm/bulk/v8/read/1');
    expect(stream.text()).toBe('→ GET /crm/bulk/v8/read/1\n');
    expect(p.state.records).toBe(1000);
  });

  it('is shown by a session only when stderr is a TTY and --quiet is off', () => {
    const cases: [boolean, boolean, boolean][] = [
      [true, false, true],
      [false, false, false],
      [true, true, false],
    ];
    for (const [tty, quiet, shown] of cases) {
      const t = createTestContext({ stderrTTY: tty });
      const session = new Session(t.ctx, { quiet });
      const p = session.progress('Leads');
      p.add(3);
      p.stop();
      expect(t.stderr.text().includes('Leads | 3 records')).toBe(shown);
    }
  });

  it('prints session notes above the bar and not at all with --quiet', () => {
    const t = createTestContext({ stderrTTY: true });
    const session = new Session(t.ctx, {});
    const p = session.progress('Leads');
    session.note('hello');
    p.stop();
    expect(t.stderr.text()).toContain('hello\n');
    const q = createTestContext({ stderrTTY: true });
    new Session(q.ctx, { quiet: true }).note('hello');
    expect(q.stderr.text()).toBe('');
  });
});

describe('export progress events', () => {
  it('shows job states, then a bar per page from page-start, never totalRecords as a total', async () => {
    const { onExportProgress } = await import('../../src/cli/commands/export.js');
    let now = 0;
    const p = createProgress({
      stream: new MemoryStream(false),
      enabled: false,
      label: 'Contacts',
      now: () => now,
    });
    const job = (page: number, jobId: string, state: string) =>
      onExportProgress(p, { type: 'job', page, jobId, state, job: { id: jobId, state } });
    job(1, '11', 'QUEUED');
    expect(p.state).toMatchObject({ page: 1, state: 'QUEUED', jobId: '11' });
    expect(formatProgressLine(p.state, now)).toBe('Contacts | 0 records | page 1 | QUEUED');

    now = 1_000;
    onExportProgress(p, {
      type: 'page-start',
      page: 1,
      jobId: '11',
      count: 200_000,
      skip: 0,
      moreRecords: true,
    });
    expect(p.state).toMatchObject({
      state: 'downloading',
      pageBar: { count: 200_000, base: 0, last: false },
    });
    p.add(1);
    now = 11_000;
    p.add(119_999);
    const counts = { page: 1, jobId: '11', recordsInPage: 120_000, totalRecords: 120_000, bytes: 9 };
    onExportProgress(p, { type: 'records', ...counts });
    expect(p.state.total).toBeUndefined();
    expect(formatProgressLine(p.state, now)).toBe(
      'Contacts | 120,000 records | page 1 [██████░░░░] 60% of 200,000 | downloading | 12,000/s | page ETA 0:07',
    );

    p.add(80_000);
    onExportProgress(p, {
      type: 'page-complete',
      ...counts,
      recordsInPage: 200_000,
      totalRecords: 200_000,
      moreRecords: true,
    });
    expect(p.state.total).toBeUndefined();
    job(2, '12', 'ADDED');
    expect(p.state.pageBar).toBeUndefined();
    expect(formatProgressLine(p.state, now)).toBe('Contacts | 200,000 records | page 2 | ADDED | 20,000/s');

    // The last page, resumed after 10,000 of its records: its ETA is the export's.
    onExportProgress(p, {
      type: 'page-start',
      page: 2,
      jobId: '12',
      count: 50_000,
      skip: 10_000,
      moreRecords: false,
    });
    now = 12_000;
    p.add(20_000);
    expect(p.state.total).toBeUndefined();
    expect(formatProgressLine(p.state, now)).toBe(
      'Contacts | 220,000 records | page 2 (last) [██████░░░░] 60% of 50,000 | downloading | 20,000/s | ETA 0:01',
    );
  });
});

describe('import progress events', () => {
  it('names the file and its job status', async () => {
    const { onImportProgress } = await import('../../src/cli/commands/import.js');
    const p = createProgress({
      stream: new MemoryStream(false),
      enabled: false,
      label: 'Leads insert',
      unit: 'rows',
    });
    const chunk = { index: 1, firstIndex: 25_000, lastIndex: 29_999, rows: 5000 };
    onImportProgress(p, { type: 'uploaded', chunk, fileId: '5', chunksUploaded: 2 });
    expect(p.state).toMatchObject({ phase: 'file 2', state: 'uploaded' });
    const counts = { added: 10, updated: 0, skipped: 0, total: 5000 };
    const job = { id: '77', status: 'INPROGRESS' };
    onImportProgress(p, { type: 'job', chunk, jobId: '77', status: 'INPROGRESS', counts, job });
    expect(p.state).toMatchObject({ phase: 'file 2', state: 'INPROGRESS', jobId: '77' });
    expect(p.state.total).toBeUndefined();
  });
});
