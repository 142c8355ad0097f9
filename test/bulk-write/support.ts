/**
 * Test support for bulk write and mass update: a BulkClient with `bulkWrite` and `massUpdate`
 * attached (until src/client.ts wires them itself), talking to a FakeZoho through msw, on a fake
 * clock so that polling never sleeps.
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { BulkClient } from '../../src/client.js';
import type { BulkClientOptions } from '../../src/core/options.js';
import { BulkWrite } from '../../src/resources/bulk-write.js';
import { MassUpdate } from '../../src/resources/mass-update.js';
import { FakeZoho, type FakeZohoOptions } from '../../src/testing/index.js';
import { FakeClock } from '../helpers/fake-clock.js';

export type WriteClient = BulkClient & { bulkWrite: BulkWrite; massUpdate: MassUpdate };

/** Attaches the resources when the client does not have them yet. */
export function withWriteResources(client: BulkClient): WriteClient {
  const c = client as BulkClient & { bulkWrite?: BulkWrite; massUpdate?: MassUpdate };
  if (c.bulkWrite === undefined) Object.defineProperty(c, 'bulkWrite', { value: new BulkWrite(client) });
  if (c.massUpdate === undefined) Object.defineProperty(c, 'massUpdate', { value: new MassUpdate(client) });
  return c as WriteClient;
}

/** A client on a fake clock; `auth` defaults to a static token. */
export function makeClient(options: Partial<BulkClientOptions> & { auth: BulkClientOptions['auth'] }): {
  client: WriteClient;
  clock: FakeClock;
} {
  const clock = new FakeClock();
  const client = withWriteResources(
    new BulkClient({ poll: { interval: 1000, maxInterval: 5000 }, clock, ...options }),
  );
  return { client, clock };
}

/** A FakeZoho served by msw for the test file (reset after each test). */
export function useFakeZoho(options: FakeZohoOptions = {}) {
  const zoho = new FakeZoho(options);
  const server = setupServer(...zoho.handlers());
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    zoho.reset();
    server.resetHandlers();
  });
  afterAll(() => server.close());
  /** A client authenticated with a fresh static token of the fake. */
  const client = (options: Partial<BulkClientOptions> = {}) =>
    makeClient({ auth: zoho.credentials.accessToken, ...options });
  return { zoho, server, client };
}
