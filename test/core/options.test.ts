import { describe, expect, it } from 'vitest';
import { abortable } from '../../src/core/abortable.js';
import { defaultClock, resolveOptions, VERSION } from '../../src/core/options.js';

describe('resolveOptions', () => {
  it('fills every default', () => {
    const o = resolveOptions({ auth: 't' });
    expect(o).toMatchObject({
      dataCenter: 'us',
      apiDomainOverride: undefined,
      defaultApiDomain: 'https://www.zohoapis.com',
      accountsDomain: 'https://accounts.zoho.com',
      uploadDomain: 'https://content.zohoapis.com',
      apiVersion: 'v8',
      orgId: undefined,
      fetch: undefined,
      maxRetries: 4,
      timeout: 60_000,
      poll: { interval: 5_000, maxInterval: 60_000, timeout: 3_600_000 },
      downloadsPerMinute: 10,
      maxConcurrency: 10,
      trustedHosts: [],
      userAgent: `zoho-bulk/${VERSION}`,
    });
    expect(o.clock).toBe(defaultClock);
  });

  it('trims trailing slashes of origins and refuses unknown data centres (prototype keys too)', () => {
    const o = resolveOptions({
      auth: 't',
      apiDomain: 'https://x.test//',
      accountsDomain: 'https://a.test/',
      uploadDomain: 'https://u.test/',
    });
    expect([o.apiDomainOverride, o.accountsDomain, o.uploadDomain]).toEqual([
      'https://x.test',
      'https://a.test',
      'https://u.test',
    ]);
    expect(() => resolveOptions({ auth: 't', dataCenter: 'toString' as 'us' })).toThrow(
      "Unknown dataCenter 'toString'",
    );
  });
});

describe('defaultClock', () => {
  it('sleeps, and rejects with the abort reason at once', async () => {
    expect(Math.abs(defaultClock.now() - Date.now())).toBeLessThan(1000);
    await expect(defaultClock.sleep(0)).resolves.toBeUndefined();
    const pre = new AbortController();
    pre.abort('pre');
    await expect(defaultClock.sleep(10, pre.signal)).rejects.toBe('pre');
    const controller = new AbortController();
    const long = defaultClock.sleep(60_000, controller.signal);
    controller.abort('now');
    await expect(long).rejects.toBe('now');
    const ok = new AbortController();
    await expect(defaultClock.sleep(1, ok.signal)).resolves.toBeUndefined();
  });
});

describe('abortable', () => {
  it('passes values and errors through, and rejects on abort', async () => {
    const controller = new AbortController();
    await expect(abortable(Promise.resolve(1), controller.signal)).resolves.toBe(1);
    await expect(abortable(Promise.reject(new Error('x')), controller.signal)).rejects.toThrow('x');
    await expect(abortable(Promise.resolve(2), undefined)).resolves.toBe(2);
    controller.abort('gone');
    await expect(abortable(Promise.resolve(3), controller.signal)).rejects.toBe('gone');
  });
});
