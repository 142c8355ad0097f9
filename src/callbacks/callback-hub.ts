/**
 * `CallbackHub`: connects Zoho's job callbacks to waiting code. Your HTTP endpoint hands each
 * callback to `hub.deliver(body)` (or lets `hub.handle(request)` verify and deliver it);
 * `hub.waitFor(jobId)` settles when one arrives, and passed as `wake` it ends a `waitFor` poll
 * sleep early — the job is still read before `waitFor` returns, so a forged callback gains nothing.
 *
 * ```ts
 * const hub = new CallbackHub({ secret });
 * const job = await client.bulkRead.create({ query, callback: { url: hub.callbackUrl(base), method: 'post' } });
 * await client.bulkRead.waitFor(job.id, { wake: hub.waitFor(job.id) });
 * ```
 */
import { RequestValidationError } from '../core/errors.js';
import { type CallbackEvent, parseCallbackPayload } from './callback-payload.js';
import {
  type CallbackTokenCheck,
  type CreateCallbackUrlOptions,
  createCallbackUrl,
  verifyCallbackUrl,
} from './callback-token.js';

export interface CallbackHubOptions {
  /** Verifies `handle()`'s requests and signs `callbackUrl()`; ≥ 16 bytes. @default none (no verification) */
  secret?: string | Uint8Array | undefined;
  /** Query parameter carrying the token. @default 'zb_token' */
  param?: string | undefined;
  /** Token lifetime for `callbackUrl()`, ms. @default 86400000 (24 h) */
  ttl?: number | undefined;
  /** Current time, ms. @default Date.now */
  now?: (() => number) | undefined;
  /** Callbacks remembered for a `waitFor` that starts after they arrived (oldest dropped first). @default 1000 */
  remember?: number | undefined;
}

/** Largest callback body `handle()` reads (Zoho's are a few hundred bytes). */
const MAX_BODY_BYTES = 1_000_000;

interface Waiter {
  resolve: (event: CallbackEvent) => void;
}

export class CallbackHub {
  readonly #options: CallbackHubOptions;
  readonly #waiters = new Map<string, Set<Waiter>>();
  readonly #seen = new Map<string, CallbackEvent>();

  constructor(options: CallbackHubOptions = {}) {
    this.#options = options;
  }

  /** A signed callback URL (needs `secret`). */
  callbackUrl(baseUrl: string | URL): string {
    return createCallbackUrl(baseUrl, this.#tokenOptions());
  }

  /** Checks a request's token (needs `secret`). */
  verify(request: string | URL | { url?: string | undefined }): CallbackTokenCheck {
    return verifyCallbackUrl(request, this.#tokenOptions());
  }

  /**
   * Takes a callback body (object, JSON text or bytes, either documented shape) and wakes
   * everyone waiting for that job. @throws ResponseValidationError for an unknown shape
   */
  deliver(payload: unknown): CallbackEvent {
    const event = parseCallbackPayload(payload);
    this.#seen.delete(event.jobId);
    this.#seen.set(event.jobId, event);
    const limit = Math.max(0, this.#options.remember ?? 1000);
    for (const oldest of this.#seen.keys()) {
      if (this.#seen.size <= limit) break;
      this.#seen.delete(oldest);
    }
    const waiters = this.#waiters.get(event.jobId);
    this.#waiters.delete(event.jobId);
    for (const waiter of waiters ?? []) waiter.resolve(event);
    return event;
  }

  /**
   * Settles with the job's callback: at once if one was already delivered, else when it is.
   * Aborting rejects with the signal's reason and forgets the waiter.
   */
  waitFor(jobId: string, options: { signal?: AbortSignal | undefined } = {}): Promise<CallbackEvent> {
    const seen = this.#seen.get(jobId);
    if (seen) return Promise.resolve(seen);
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<CallbackEvent>((resolve, reject) => {
      const set = this.#waiters.get(jobId) ?? new Set<Waiter>();
      this.#waiters.set(jobId, set);
      const onAbort = () => {
        set.delete(waiter);
        if (set.size === 0 && this.#waiters.get(jobId) === set) this.#waiters.delete(jobId);
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        resolve: (event) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(event);
        },
      };
      set.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * A complete endpoint for web-standard servers (`Request` → `Response`): verifies the token when
   * the hub has a `secret` (401 otherwise) before reading the body, parses and delivers the body
   * (400 when unreadable, 413 over 1 MB), answers 200. Only POST is accepted (405).
   */
  async handle(request: Request): Promise<Response> {
    if (request.method.toUpperCase() !== 'POST') return new Response(null, { status: 405 });
    if (this.#options.secret !== undefined && !this.verify(request).ok) {
      return new Response(null, { status: 401 });
    }
    const declared = Number(request.headers.get('content-length') ?? 0);
    if (declared > MAX_BODY_BYTES) return new Response(null, { status: 413 });
    let text: string;
    try {
      text = await request.text();
    } catch {
      return new Response(null, { status: 400 });
    }
    if (text.length > MAX_BODY_BYTES) return new Response(null, { status: 413 });
    try {
      this.deliver(text);
    } catch {
      return new Response(null, { status: 400 });
    }
    return new Response(null, { status: 200 });
  }

  #tokenOptions(): CreateCallbackUrlOptions {
    const { secret, param, ttl, now } = this.#options;
    if (secret === undefined) {
      const message = 'CallbackHub: give a `secret` to sign and verify callback URLs';
      throw new RequestValidationError(message, {
        issues: [{ code: 'invalid_type', path: ['secret'], message }],
        endpoint: 'CallbackHub',
      });
    }
    return { secret, param, ttl, now };
  }
}

export type { CallbackEvent };
