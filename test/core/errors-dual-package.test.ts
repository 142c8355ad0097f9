/**
 * `X.isInstance(e)` is true exactly for `X` and its subclasses — from this copy of the module and
 * from a second copy (what an ESM and a CJS copy of the package are to each other), where
 * `instanceof` fails. The built ESM/CJS pair is checked the same way by `scripts/smoke.mjs`.
 */
import { describe, expect, it, vi } from 'vitest';

type Errors = typeof import('../../src/core/errors.js');

/** Loads a fresh copy of the errors module (a new module registry each time). */
async function freshCopy(): Promise<Errors> {
  vi.resetModules();
  return import('../../src/core/errors.js');
}

/** One instance of every error class, built from `mod`. */
function samples(mod: Errors) {
  return {
    ZohoBulkError: new mod.ZohoBulkError('x'),
    ZohoApiError: new mod.ZohoApiError('x', { status: 500, code: 'INTERNAL_ERROR' }),
    RateLimitError: new mod.RateLimitError('x', { code: 'TOO_MANY_REQUESTS' }),
    OAuthError: new mod.OAuthError('x', { code: 'invalid_client' }),
    RequestValidationError: new mod.RequestValidationError('x', { issues: [] }),
    ResponseValidationError: new mod.ResponseValidationError('x', { issues: [] }),
    JobFailedError: new mod.JobFailedError('x', { job: {}, jobId: '1' }),
    PollTimeoutError: new mod.PollTimeoutError('x', { jobId: '1' }),
    ConnectionError: new mod.ConnectionError('x', {}),
    DownloadError: new mod.DownloadError('x', {}),
  };
}

type Name = keyof ReturnType<typeof samples>;
const NAMES = Object.keys(samples(await freshCopy())) as Name[];

/** Which classes each class is an instance of (itself and its ancestors). */
const ANCESTORS: Record<Name, readonly Name[]> = {
  ZohoBulkError: ['ZohoBulkError'],
  ZohoApiError: ['ZohoApiError', 'ZohoBulkError'],
  RateLimitError: ['RateLimitError', 'ZohoApiError', 'ZohoBulkError'],
  OAuthError: ['OAuthError', 'ZohoBulkError'],
  RequestValidationError: ['RequestValidationError', 'ZohoBulkError'],
  ResponseValidationError: ['ResponseValidationError', 'ZohoBulkError'],
  JobFailedError: ['JobFailedError', 'ZohoBulkError'],
  PollTimeoutError: ['PollTimeoutError', 'ZohoBulkError'],
  ConnectionError: ['ConnectionError', 'ZohoBulkError'],
  DownloadError: ['DownloadError', 'ZohoBulkError'],
};

const table = NAMES.flatMap((checker) =>
  NAMES.map((made) => ({ checker, made, expected: ANCESTORS[made].includes(checker) })),
);

describe('X.isInstance(e): X and its subclasses only', () => {
  it('covers every exported error class', async () => {
    const mod = await freshCopy();
    const classes = Object.entries(mod)
      .filter(([, value]) => typeof value === 'function' && value.prototype instanceof Error)
      .map(([name]) => name)
      .sort();
    expect(classes).toEqual([...NAMES].sort());
  });

  describe.each(['same copy', 'another copy'] as const)('%s', (where) => {
    it.each(table)('$checker: isInstance of a $made is $expected', async ({ checker, made, expected }) => {
      const checking = await freshCopy();
      const making = where === 'same copy' ? checking : await freshCopy();
      if (where === 'another copy') expect(making[made]).not.toBe(checking[made]);
      const error = samples(making)[made];
      expect(checking[checker].isInstance(error)).toBe(expected);
      // instanceof agrees within one copy, and fails across copies (why isInstance exists).
      expect(error instanceof checking[checker]).toBe(where === 'same copy' && expected);
    });
  });

  it('is false for non-errors and plain errors, and works detached', async () => {
    const mod = await freshCopy();
    for (const value of [new Error('x'), null, undefined, 'ZohoApiError', {}, { code: 'x' }]) {
      for (const name of NAMES) expect(mod[name].isInstance(value)).toBe(false);
    }
    const all = Object.values(samples(mod));
    expect(all.filter(mod.RateLimitError.isInstance)).toHaveLength(1);
    expect(all.filter(mod.ZohoApiError.isInstance)).toHaveLength(2);
    expect(all.filter(mod.ZohoBulkError.isInstance)).toHaveLength(NAMES.length);
  });

  it('narrows to the class it is called on', async () => {
    const mod = await freshCopy();
    const error: unknown = samples(mod).RateLimitError;
    if (mod.RateLimitError.isInstance(error)) expect(error.status).toBe(429);
    else expect.unreachable();
    expect((error as Error).name).toBe('RateLimitError');
  });
});
