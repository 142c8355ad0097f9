import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { BulkClient } from '../../src/client.js';
import { ResponseValidationError } from '../../src/core/errors.js';
import type { BulkClientOptions } from '../../src/core/options.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { raw, rejectionOf, route, useMswServer } from './support.js';

const server = useMswServer();
const client = (extra: Partial<BulkClientOptions> = {}) =>
  new BulkClient({ auth: 'org-test-token', clock: new FakeClock(), maxRetries: 0, ...extra });

describe('BulkClient.orgId', () => {
  it('returns the orgId option without a request', async () => {
    expect(await client({ orgId: '694902309' }).orgId()).toBe('694902309');
  });

  it('fetches org[0].zgid once (single flight, cached), big ids exact', async () => {
    const org = route('get', 'https://www.zohoapis.com/crm/v8/org', () =>
      raw('{"org":[{"zgid":12345678901234567890,"company_name":"Zylker"}]}', 200, {
        'content-type': 'application/json',
      }),
    );
    server.use(org.handler);
    const c = client();
    const ids = await Promise.all([c.orgId(), c.orgId(), c.orgId()]);
    expect(ids).toEqual(['12345678901234567890', '12345678901234567890', '12345678901234567890']);
    expect(await c.orgId()).toBe('12345678901234567890');
    expect(org.seen).toHaveLength(1);
  });

  it('uses the configured API version and turns a numeric zgid into a string', async () => {
    server.use(
      route('get', 'https://www.zohoapis.com/crm/v2/org', () => ({ org: [{ zgid: 694902309 }] })).handler,
    );
    expect(await client({ apiVersion: 'v2' }).orgId()).toBe('694902309');
  });

  it('does not cache a failure; an odd shape is a ResponseValidationError', async () => {
    const org = route('get', 'https://www.zohoapis.com/crm/v8/org', (n) =>
      n === 1 ? HttpResponse.json({ org: [] }) : { org: [{ zgid: '42' }] },
    );
    server.use(org.handler);
    const c = client();
    const error = await rejectionOf(c.orgId());
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as Error).message).toMatch(/^Unexpected response from GET \/crm\/v8\/org: org:/);
    expect(await c.orgId()).toBe('42');
  });

  it("one caller's abort does not affect the shared request", async () => {
    server.use(route('get', 'https://www.zohoapis.com/crm/v8/org', () => ({ org: [{ zgid: '7' }] })).handler);
    const c = client();
    const controller = new AbortController();
    const aborted = c.orgId(controller.signal);
    const other = c.orgId();
    controller.abort('stop');
    await expect(aborted).rejects.toBe('stop');
    expect(await other).toBe('7');
  });
});
