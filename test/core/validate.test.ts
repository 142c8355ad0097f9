import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RequestValidationError, ResponseValidationError } from '../../src/core/errors.js';
import { formatPath } from '../../src/core/issue-path.js';
import { invalidRequest, parseRequest, parseResponse } from '../../src/core/validate.js';

const schema = z.object({ data: z.array(z.object({ details: z.object({ id: z.string() }) })) });
const secret = `1000.${'c'.repeat(32)}.${'d'.repeat(32)}`;

describe('validate', () => {
  it('returns the parsed value', () => {
    expect(parseResponse(schema, { data: [{ details: { id: '1' } }] }, 'GET /x')).toEqual({
      data: [{ details: { id: '1' } }],
    });
    expect(parseRequest(z.number(), 3, 'op')).toBe(3);
  });

  it('ResponseValidationError names the endpoint, the first path and the value, redacted', () => {
    const value = { data: [{ details: { id: 5 } }], token: secret };
    const error = (() => {
      try {
        parseResponse(schema, value, 'GET /crm/bulk/v8/read/1');
      } catch (e) {
        return e as ResponseValidationError;
      }
    })();
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error?.message).toMatch(
      /^Unexpected response from GET \/crm\/bulk\/v8\/read\/1: data\[0\]\.details\.id: .*; got 5$/,
    );
    expect(error?.endpoint).toBe('GET /crm/bulk/v8/read/1');
    expect(error?.issues[0]?.path).toEqual(['data', 0, 'details', 'id']);
    expect(JSON.stringify(error?.value)).not.toContain(secret);
  });

  it('RequestValidationError counts further issues and shows a redacted excerpt', () => {
    const s = z.object({ a: z.number(), b: z.number(), c: z.boolean() });
    try {
      parseRequest(s, { a: secret }, 'bulkRead.create');
      expect.unreachable();
    } catch (e) {
      const error = e as RequestValidationError;
      expect(error).toBeInstanceOf(RequestValidationError);
      expect(error.message).toMatch(
        /^Invalid input for bulkRead\.create: a: .*; got "\[REDACTED\]" \(\+2 more issues\)$/,
      );
    }
    try {
      parseRequest(z.string(), 1n, 'root');
    } catch (e) {
      expect((e as Error).message).toMatch(/^Invalid input for root: \(root\): .*; got 1$/);
    }
  });

  it('formatPath', () => {
    expect(formatPath(['a', 0, 'b'])).toBe('a[0].b');
    expect(formatPath([])).toBe('(root)');
    expect(formatPath([Symbol('s')])).toBe('[Symbol(s)]');
  });

  it('invalidRequest builds the one RequestValidationError shape: endpoint, path, issue, redacted value', () => {
    const error = invalidRequest({
      endpoint: 'bulkRead.records',
      path: ['options', 'skip'],
      message: 'must be a non-negative integer',
      value: { skip: -1, refresh_token: 'never-shown' },
    });
    expect(RequestValidationError.isInstance(error)).toBe(true);
    expect(error.message).toBe(
      'Invalid input for bulkRead.records: options.skip: must be a non-negative integer',
    );
    expect(error.issues).toEqual([
      { code: 'custom', path: ['options', 'skip'], message: 'must be a non-negative integer' },
    ]);
    expect(error.endpoint).toBe('bulkRead.records');
    expect(JSON.stringify(error.value)).not.toContain('never-shown');
    expect(error.isRetryable).toBe(false);
  });

  it('invalidRequest: the input itself, a code, a headline and a cause', () => {
    const cause = new Error('inner');
    const plain = invalidRequest({ endpoint: 'upload', message: 'unsupported input', code: 'invalid_type' });
    expect(plain.message).toBe('Invalid input for upload: unsupported input');
    expect(plain.issues[0]).toEqual({ code: 'invalid_type', path: [], message: 'unsupported input' });
    expect(plain.value).toBeUndefined();
    const custom = invalidRequest({ endpoint: 'GET /x', message: 'm', headline: 'Refusing to send', cause });
    expect(custom.message).toBe('Refusing to send');
    expect(custom.cause).toBe(cause);
  });
});
