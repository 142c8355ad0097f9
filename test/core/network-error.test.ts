import { describe, expect, it } from 'vitest';
import { ConnectionError } from '../../src/core/errors.js';
import { mapFetchFailure, networkErrorCode } from '../../src/core/network-error.js';

const ctx = () => ({
  endpoint: 'GET /x',
  host: 'www.zohoapis.com',
  signal: undefined,
  timeoutSignal: new AbortController().signal,
  timeoutMs: 1000,
  secrets: ['sekret-token'],
});
const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('network errors', () => {
  it('finds the code in the cause chain and in AggregateError.errors', () => {
    expect(networkErrorCode(new TypeError('fetch failed', { cause: withCode('ENOTFOUND') }))).toBe(
      'ENOTFOUND',
    );
    const aggregate = new AggregateError([withCode('ECONNREFUSED')], 'all failed');
    expect(networkErrorCode(new TypeError('fetch failed', { cause: aggregate }))).toBe('ECONNREFUSED');
    expect(networkErrorCode('nope')).toBeUndefined();
  });

  it('notSent only for refused / DNS; other codes may have reached the server', () => {
    for (const [code, notSent] of [
      ['ECONNREFUSED', true],
      ['ENOTFOUND', true],
      ['EAI_AGAIN', true],
      ['ECONNRESET', false],
      ['UND_ERR_SOCKET', false],
    ] as const) {
      const mapped = mapFetchFailure(
        new TypeError('fetch failed', { cause: withCode(code, `boom sekret-token`) }),
        ctx(),
      );
      expect(mapped).toBeInstanceOf(ConnectionError);
      expect(mapped).toMatchObject({ notSent, endpoint: 'GET /x' });
      expect(((mapped as ConnectionError).cause as Error).message).toBe('boom [REDACTED]');
      expect((mapped as Error).message).toBe(`Could not reach www.zohoapis.com (GET /x): ${code}`);
    }
  });

  it('errors without a code: network-looking ones map, programming errors and non-errors pass through', () => {
    const reset = mapFetchFailure(new TypeError('terminated'), ctx());
    expect(reset).toBeInstanceOf(ConnectionError);
    expect((reset as Error).message).toBe('Could not reach www.zohoapis.com (GET /x): terminated');
    expect(mapFetchFailure(new Error('socket hang up sekret-token'), ctx())).toMatchObject({
      message: 'Could not reach www.zohoapis.com (GET /x): socket hang up [REDACTED]',
    });
    const bug = new TypeError('x is not a function');
    expect(mapFetchFailure(bug, ctx())).toBe(bug);
    expect(mapFetchFailure('weird', ctx())).toBe('weird');
  });
});
