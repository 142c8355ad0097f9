/**
 * Scriptable faults: a test says which requests (method, path, route name; skip the first
 * `after`, then `times` of them) get which effect. The router consults the set on every request.
 */

export interface FaultMatch {
  /** HTTP method, case-insensitive. @default any */
  method?: string;
  /** Path (without query): a RegExp, or a string that must equal the path. @default any */
  path?: RegExp | string;
  /** Route name (`oauth.token`, `org.get`, `users.list`, `settings.fields`, `bulkRead.create`, `bulkRead.get`, `bulkRead.download`, …). @default any */
  route?: RegExp | string;
}

export type FaultEffect =
  /** Any status with Zoho's error envelope (optionally wrapped in `data[]`, optionally with Retry-After). */
  | {
      type: 'error';
      status: number;
      /** @default 'INTERNAL_SERVER_ERROR' for 5xx, else 'INVALID_REQUEST' */
      code?: string;
      message?: string;
      details?: Record<string, unknown>;
      wrap?: boolean;
      /** Seconds, sent as a `Retry-After` header. @default none */
      retryAfter?: number;
      headers?: Record<string, string>;
    }
  /** 429 `TOO_MANY_REQUESTS`, with a `Retry-After` header when `retryAfter` (seconds) is given. */
  | { type: 'rate-limit'; retryAfter?: number }
  /** 5xx with `INTERNAL_SERVER_ERROR`. */
  | { type: 'server-error' /** @default 500 */; status?: number }
  /** A proxy's HTML error page. */
  | { type: 'html' /** @default 502 */; status?: number }
  /** `content-type: application/json` with a body that is not JSON. */
  | { type: 'malformed-json' /** @default 200 */; status?: number }
  /** The connection drops after `afterBytes` bytes of the body (0: before any response). */
  | { type: 'reset' /** @default 0 */; afterBytes?: number }
  /** The body ends early but cleanly after `afterBytes` bytes. */
  | { type: 'truncate'; afterBytes: number }
  /** A downloaded zip carries a wrong CRC-32. */
  | { type: 'corrupt-crc' }
  /** Waits `ms` (with the fake's `sleep`) before the response, or after `afterBytes` of the body. */
  | { type: 'delay'; ms: number; afterBytes?: number }
  /** The job created (or read) by this request ends in the failure state. */
  | { type: 'fail-job'; code?: string; message?: string }
  /** 204 No Content with no body (as Zoho answers a field list or a search with nothing in it). */
  | { type: 'no-content' }
  /** Every access token expires just before this request is handled. */
  | { type: 'expire-token' }
  /** Anything else: build the response yourself. */
  | { type: 'respond'; respond: (request: Request) => Response | Promise<Response> };

export interface Fault {
  match?: FaultMatch;
  /** How many matching requests get the effect. @default 1 */
  times?: number;
  /** Matching requests to let through untouched first. @default 0 */
  after?: number;
  effect: FaultEffect;
}

export interface FaultHandle {
  /** Stops the fault. */
  remove(): void;
  /** How many requests it has hit so far. */
  readonly hits: number;
}

interface ActiveFault {
  fault: Fault;
  seen: number;
  hits: number;
}

function matches(pattern: RegExp | string | undefined, value: string | undefined): boolean {
  if (pattern === undefined) return true;
  if (value === undefined) return false;
  return typeof pattern === 'string' ? pattern === value : pattern.test(value);
}

export class FaultSet {
  private active: ActiveFault[] = [];

  add(fault: Fault): FaultHandle {
    const entry: ActiveFault = { fault, seen: 0, hits: 0 };
    this.active.push(entry);
    return {
      remove: () => {
        this.active = this.active.filter((e) => e !== entry);
      },
      get hits() {
        return entry.hits;
      },
    };
  }

  /** The effects this request gets (counting it against every matching fault). */
  take(method: string, path: string, route: string | undefined): FaultEffect[] {
    const effects: FaultEffect[] = [];
    for (const entry of this.active) {
      const { match = {}, times = 1, after = 0 } = entry.fault;
      if (match.method !== undefined && match.method.toUpperCase() !== method) continue;
      if (!matches(match.path, path) || !matches(match.route, route)) continue;
      entry.seen++;
      if (entry.seen <= after || entry.hits >= times) continue;
      entry.hits++;
      effects.push(entry.fault.effect);
    }
    return effects;
  }

  clear(): void {
    this.active = [];
  }
}
