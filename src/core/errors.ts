/**
 * Every error zoho-bulk throws. Shallow hierarchy, one base class, safe across ESM/CJS copies:
 * each class puts a `Symbol.for` marker of its own name on its prototype, and `X.isInstance(e)`
 * checks for `X`'s marker — so it recognises `X` and its subclasses, from any copy of the
 * package, and nothing else (`RateLimitError.isInstance(oauthError)` is `false`).
 *
 * No error ever carries an access token, refresh token or client secret: messages are built from
 * Zoho codes, paths and ids only, and every free-text excerpt passes through `redact()` first.
 */
import type { ZodIssue } from './zod-issue.js';

/** The base marker (the one earlier versions used): every zoho-bulk error carries it. */
const BASE_MARKER = Symbol.for('zoho-bulk.error');

/** Any error class, whatever its constructor's parameters. */
type ErrorClass<T extends ZohoBulkError = ZohoBulkError> = abstract new (...args: never[]) => T;

const hasMarker = (value: unknown, marker: unknown): boolean =>
  typeof marker === 'symbol' &&
  typeof value === 'object' &&
  value !== null &&
  (value as Record<symbol, unknown>)[marker] === true;

/**
 * Gives `cls` the marker `zoho-bulk.error.<kind>`: on its prototype (so instances of it and of
 * its subclasses carry it) and an own `isInstance` looking for it, which also works detached
 * (`errors.filter(RateLimitError.isInstance)`). `kind` is spelled out, since a minifier may
 * rename classes. For error classes defined outside this file (`BulkWriteImportError`).
 * @internal
 */
export function brand(cls: ErrorClass, kind: string): void {
  const marker = Symbol.for(`zoho-bulk.error.${kind}`);
  Object.defineProperty(cls.prototype, marker, { value: true });
  Object.defineProperty(cls, 'isInstance', {
    value: { isInstance: (value: unknown) => hasMarker(value, marker) }.isInstance,
    writable: true,
    configurable: true,
  });
}

export interface ZohoBulkErrorOptions {
  cause?: unknown;
}

export class ZohoBulkError extends Error {
  static {
    Object.defineProperty(ZohoBulkError.prototype, BASE_MARKER, { value: true });
  }

  constructor(message: string, options: ZohoBulkErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
  }

  /**
   * `true` for an instance of this class or of one of its subclasses, even one thrown by another
   * copy of the package (ESM vs CJS): `ZohoBulkError.isInstance(e)` for any zoho-bulk error,
   * `RateLimitError.isInstance(e)` only for rate-limit errors. Prefer it to `instanceof`.
   */
  static isInstance<T extends ZohoBulkError>(this: ErrorClass<T>, value: unknown): value is T {
    // `this` is the class it is called on; each subclass has its own (see `brand`).
    return hasMarker(value, BASE_MARKER);
  }
}

export interface ZohoApiErrorInit extends ZohoBulkErrorOptions {
  /** HTTP status of the response (Zoho sometimes reports errors with 200). */
  status: number;
  /** Zoho's error code, e.g. `INVALID_DATA`, or `HTTP_<status>` when the body had none. */
  code: string;
  /** Zoho's `details` object, as sent. */
  details?: Record<string, unknown>;
  /** What was being done, e.g. `POST /crm/bulk/v8/read`. */
  endpoint?: string;
  /** Whether the same request may succeed when sent again. */
  isRetryable?: boolean;
  /** The `Retry-After` delay in ms, when the server sent one. */
  retryAfterMs?: number;
  /** A short redacted excerpt of a body that was not Zoho's JSON envelope (a proxy's HTML page). */
  bodyExcerpt?: string;
}

/** Zoho answered with its error envelope, or with something that is not JSON at all. */
export class ZohoApiError extends ZohoBulkError {
  static {
    brand(ZohoApiError, 'ZohoApiError');
  }

  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown>;
  readonly endpoint: string | undefined;
  readonly isRetryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly bodyExcerpt: string | undefined;

  constructor(message: string, init: ZohoApiErrorInit) {
    super(message, init);
    this.status = init.status;
    this.code = init.code;
    this.details = init.details ?? {};
    this.endpoint = init.endpoint;
    this.isRetryable = init.isRetryable ?? (init.status === 429 || init.status >= 500);
    this.retryAfterMs = init.retryAfterMs;
    this.bodyExcerpt = init.bodyExcerpt;
  }
}

/** HTTP 429 from Zoho: the credit budget, the concurrency limit or the download limit. */
export class RateLimitError extends ZohoApiError {
  static {
    brand(RateLimitError, 'RateLimitError');
  }

  constructor(message: string, init: Omit<ZohoApiErrorInit, 'status'> & { status?: number }) {
    super(message, { ...init, status: init.status ?? 429, isRetryable: init.isRetryable ?? true });
  }
}

export interface OAuthErrorInit extends ZohoBulkErrorOptions {
  /** Zoho Accounts' `error`, e.g. `invalid_client`, `invalid_code`, `Access Denied`. */
  code: string;
  /** Zoho Accounts' `error_description`, when sent. */
  description?: string;
  /** HTTP status of the token response (Zoho answers errors with 200). */
  status?: number;
}

/** The OAuth server refused to mint a token, or the local refresh budget is spent. */
export class OAuthError extends ZohoBulkError {
  static {
    brand(OAuthError, 'OAuthError');
  }

  readonly code: string;
  readonly description: string | undefined;
  readonly status: number | undefined;
  readonly isRetryable = false;

  constructor(message: string, init: OAuthErrorInit) {
    super(message, init);
    this.code = init.code;
    this.description = init.description;
    this.status = init.status;
  }
}

export interface ValidationErrorInit extends ZohoBulkErrorOptions {
  /** zod issues (or equivalent) describing what is wrong, with paths. */
  issues: readonly ZodIssue[];
  /** The value that failed, redacted where it may hold secrets. */
  value?: unknown;
  /** What was validated, e.g. `bulkRead.create` or `GET /crm/bulk/v8/read/1`. */
  endpoint?: string;
}

/** What the two validation errors share: zod issues, the (redacted) value, the endpoint. */
abstract class ValidationError extends ZohoBulkError {
  static {
    brand(ValidationError, 'ValidationError');
  }

  readonly issues: readonly ZodIssue[];
  readonly value: unknown;
  readonly endpoint: string | undefined;
  readonly isRetryable = false;

  constructor(message: string, init: ValidationErrorInit) {
    super(message, init);
    this.issues = init.issues;
    this.value = init.value;
    this.endpoint = init.endpoint;
  }
}

/** Input refused before any request was made. */
export class RequestValidationError extends ValidationError {
  static {
    brand(RequestValidationError, 'RequestValidationError');
  }
}

/** Zoho answered with a shape this library does not understand. */
export class ResponseValidationError extends ValidationError {
  static {
    brand(ResponseValidationError, 'ResponseValidationError');
  }
}

/** A job reached a failure state (`FAILURE`, `FAILED`). `job` is the last job object seen. */
export class JobFailedError<Job = unknown> extends ZohoBulkError {
  static {
    brand(JobFailedError, 'JobFailedError');
  }

  readonly job: Job;
  readonly jobId: string;
  readonly isRetryable = false;

  constructor(message: string, init: ZohoBulkErrorOptions & { job: Job; jobId: string }) {
    super(message, init);
    this.job = init.job;
    this.jobId = init.jobId;
  }
}

/** `waitFor` gave up. The job is left alone: wait again with the same `jobId` to resume. */
export class PollTimeoutError<Job = unknown> extends ZohoBulkError {
  static {
    brand(PollTimeoutError, 'PollTimeoutError');
  }

  readonly jobId: string;
  readonly lastJob: Job | undefined;
  readonly isRetryable = false;

  constructor(message: string, init: ZohoBulkErrorOptions & { jobId: string; lastJob?: Job }) {
    super(message, init);
    this.jobId = init.jobId;
    this.lastJob = init.lastJob;
  }
}

/** The request never got an HTTP answer: DNS, refused, reset, TLS, timeout. */
export class ConnectionError extends ZohoBulkError {
  static {
    brand(ConnectionError, 'ConnectionError');
  }

  readonly endpoint: string | undefined;
  /** True when the request provably never reached the server (connection refused, DNS failure). */
  readonly notSent: boolean;
  readonly isRetryable = true;
  readonly isTimeout: boolean;

  constructor(
    message: string,
    init: ZohoBulkErrorOptions & { endpoint?: string; notSent?: boolean; isTimeout?: boolean },
  ) {
    super(message, init);
    this.endpoint = init.endpoint;
    this.notSent = init.notSent ?? false;
    this.isTimeout = init.isTimeout ?? false;
  }
}

/** A result file could not be read: not a zip, truncated, CRC mismatch, bad CSV. Names the job. */
export class DownloadError extends ZohoBulkError {
  static {
    brand(DownloadError, 'DownloadError');
  }

  readonly jobId: string | undefined;
  readonly isRetryable: boolean;

  constructor(message: string, init: ZohoBulkErrorOptions & { jobId?: string; isRetryable?: boolean }) {
    super(message, init);
    this.jobId = init.jobId;
    this.isRetryable = init.isRetryable ?? false;
  }
}
