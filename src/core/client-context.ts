/**
 * What resources and workflows need of a client: the resolved options, the transport and the
 * org id. `BulkClient` provides it; resources depend on this interface, never on `client.ts`, so
 * no module the client imports imports the client back.
 */
import type { ResolvedOptions } from './options.js';
import type { Transport } from './transport.js';

/** What resources and workflows need of a client (not part of the public API: nothing public names it). */
export interface ClientContext {
  /** Options resolved once (`apiVersion`, `clock`, `poll`, `logger`, …); `auth` is the token provider. */
  readonly options: ResolvedOptions;
  /** The HTTP layer every request and download goes through (with the client-wide download limiter). */
  readonly transport: Transport;
  /** The org's `zgid` (for the `X-CRM-ORG` upload header), fetched once when not configured. */
  orgId(signal?: AbortSignal): Promise<string>;
}
