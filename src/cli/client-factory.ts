/** The real client behind the CLI: a BulkClient with the options the CLI resolved. */
import { BulkClient } from '../client.js';
import type { BulkClientOptions } from '../core/options.js';
import type { CliClient } from './client-types.js';

export function createBulkClient(options: BulkClientOptions): CliClient {
  const client = new BulkClient(options);
  // INTEGRATION: once src/resources/* attach bulkRead, bulkWrite and massUpdate, replace the cast
  // with `return client;` — BulkClient must then satisfy CliClient (client-types.ts) structurally.
  return client as unknown as CliClient;
}
