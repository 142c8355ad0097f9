import { describe, expect, it, vi } from 'vitest';

describe('ZohoBulkError.isInstance across module copies', () => {
  it('recognises errors from a second copy of the module, where instanceof fails', async () => {
    vi.resetModules();
    const first = await import('../../src/core/errors.js');
    vi.resetModules();
    const second = await import('../../src/core/errors.js');
    expect(first.ZohoApiError).not.toBe(second.ZohoApiError);
    const foreign = new second.ZohoApiError('x', { status: 500, code: 'INTERNAL_ERROR' });
    expect(foreign instanceof first.ZohoBulkError).toBe(false);
    expect(first.ZohoBulkError.isInstance(foreign)).toBe(true);
    expect(first.ZohoBulkError.isInstance(new second.OAuthError('x', { code: 'invalid_client' }))).toBe(true);
    expect(first.ZohoBulkError.isInstance(new Error('x'))).toBe(false);
    expect(first.ZohoBulkError.isInstance(null)).toBe(false);
    expect(foreign.name).toBe('ZohoApiError');
  });
});
