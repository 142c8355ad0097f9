/** The CLI describes a failed import by its cause (exit code, code, hint) and the import's message. */
import { describe, expect, it } from 'vitest';
import { describeError } from '../../src/cli/errors.js';
import { JobFailedError, PollTimeoutError, ZohoApiError } from '../../src/core/errors.js';
import { wrapImportError } from '../../src/import/import-error.js';

const file = { index: 1, firstIndex: 25_000, lastIndex: 49_999, rows: 25_000 };

describe('describeError of a BulkWriteImportError', () => {
  it.each([
    [new JobFailedError('job 7 failed: status FAILED', { job: {}, jobId: '7' }), 6, 'JOB_FAILED', undefined],
    [new PollTimeoutError('gave up on job 7', { jobId: '7' }), 7, 'POLL_TIMEOUT', /job … 7 --wait/],
    [new ZohoApiError('boom', { status: 500, code: 'INTERNAL_ERROR' }), 5, 'INTERNAL_ERROR', /server error/],
  ])('%s → exit %i', (cause, exitCode, code, hint) => {
    const d = describeError(wrapImportError(cause, file, '7', undefined));
    expect(d.exitCode).toBe(exitCode);
    expect(d.code).toBe(code);
    expect(d.message).toBe(
      `bulkWrite.import failed for records 25000..49999 (file 2), job 7: ${cause.message}`,
    );
    if (hint) expect(d.hint).toMatch(hint);
    else expect(d.hint).toBeUndefined();
  });
});
