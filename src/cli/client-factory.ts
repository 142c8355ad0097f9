/** The real client behind the CLI: a BulkClient with the options the CLI resolved. */
import { BulkClient } from '../client.js';
import type { BulkClientOptions } from '../core/options.js';
import type { CliClient } from './client-types.js';

export function createBulkClient(options: BulkClientOptions): CliClient {
  return new BulkClient(options);
}
