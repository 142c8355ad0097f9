/**
 * What a route group works with: the shared record store, job registry and token registry, the
 * fake clock, the current origins, and a per-group state bag that `fake.reset()` clears. Route
 * groups (src/testing/routes/*.ts) export `RouteDef[]`; see router.ts for how to add one.
 */
import type { TokenRegistry } from './auth/token-registry.js';
import type { RecordStore } from './data/store.js';
import type { JobFailure, JobRegistry } from './jobs.js';
import type { FakeOrigins, ResolvedFakeOptions } from './options.js';

export interface FakeContext {
  readonly options: ResolvedFakeOptions;
  /** Current origins (`listen()` points them all at the server while it runs). */
  readonly origins: FakeOrigins;
  readonly store: RecordStore;
  readonly jobs: JobRegistry;
  readonly tokens: TokenRegistry;
  now(): number;
  /** A new Zoho-style id for a job, file, … */
  newId(): string;
  /** Route-group state, created on first use, dropped by `fake.reset()`. */
  state<T>(key: string, init: () => T): T;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteRequest {
  request: Request;
  url: URL;
  /** Named groups of the route's pattern (`v`, `id`, …). */
  params: Record<string, string>;
  /** The request body, read once (undefined for GET/DELETE or when empty). */
  body: Uint8Array | undefined;
  /** The access token that authenticated the request (routes with `auth`). */
  token: string | undefined;
  /** Faults the route applies itself. */
  effects: { corruptCrc: boolean; failJob: JobFailure | undefined };
  /** The body as UTF-8 text ('' when none). */
  text(): string;
  /** The body as JSON; `ok: false` when it does not parse. */
  json(): { ok: true; value: unknown } | { ok: false };
}

export interface RouteDef {
  /** Stable name for fault matching and the request log: `group.action`. */
  name: string;
  method: HttpMethod;
  /** Which origin serves it. */
  origin: keyof FakeOrigins;
  /** Matched against the whole pathname; named groups become `params`. */
  pattern: RegExp;
  /** Requires `Authorization: Zoho-oauthtoken <valid token>`. @default true */
  auth?: boolean;
  handler(req: RouteRequest, ctx: FakeContext): Response | Promise<Response>;
}

/** The version segment of CRM paths: v2, v2.1, v3 … v8 (others answer API_NOT_SUPPORTED). */
export const VERSION = '(?<v>v\\d+(?:\\.\\d+)?)';

/** `v7` → 7, `v2.1` → 2.1; undefined for versions the fake does not serve. */
export function versionNumber(v: string | undefined): number | undefined {
  const n = Number((v ?? '').slice(1));
  return Number.isFinite(n) && n >= 2 && n <= 8 && (Number.isInteger(n) || n === 2.1) ? n : undefined;
}
