/**
 * Signed callback URLs. Zoho does not sign its callbacks, so the URL itself carries an
 * unguessable token: HMAC-SHA256 (keyed with your secret) over a random nonce and an expiry,
 * base64url, in a query parameter. The token does not depend on the job, so one URL can be used
 * for every job; `verifyCallbackUrl` checks it in constant time and refuses it once expired.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { RequestValidationError } from '../core/errors.js';

/** Query parameter that carries the token. */
export const CALLBACK_TOKEN_PARAM = 'zb_token';
/** Default token lifetime: 24 h (a job and its page tokens live about a day). */
export const CALLBACK_TOKEN_TTL = 86_400_000;
const MIN_SECRET_BYTES = 16;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
/** What a token looks like (checked before any signature work). */
const TOKEN_SHAPE = /^v1\.\d{1,15}\.[\w-]{1,64}\.[\w-]{43}$/;
const NONCE_BYTES = 16;
const VERSION = 'v1';

export interface CallbackTokenOptions {
  /** HMAC key, at least 16 bytes (e.g. 32 random bytes kept in your secret store). */
  secret: string | Uint8Array;
  /** Query parameter name. @default 'zb_token' */
  param?: string | undefined;
  /** Current time, ms. @default Date.now */
  now?: (() => number) | undefined;
}

export interface CreateCallbackUrlOptions extends CallbackTokenOptions {
  /** How long the URL is accepted, ms. @default 86400000 (24 h) */
  ttl?: number | undefined;
}

/** Result of `verifyCallbackUrl`; `reason` never echoes the token or the secret. */
export type CallbackTokenCheck =
  | { ok: true; expiresAt: number }
  | { ok: false; reason: 'missing' | 'malformed' | 'invalid' | 'expired' };

function key(secret: string | Uint8Array): Buffer {
  const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
  if (bytes.length < MIN_SECRET_BYTES) {
    const message = `callback secret must be at least ${MIN_SECRET_BYTES} bytes`;
    throw new RequestValidationError(message, {
      issues: [{ code: 'too_small', path: ['secret'], message }],
      endpoint: 'callback token',
    });
  }
  return bytes;
}

function sign(secret: Buffer, expires: string, nonce: string): Buffer {
  return createHmac('sha256', secret).update(`zoho-bulk-callback.${VERSION}.${expires}.${nonce}`).digest();
}

/** A fresh token: `v1.<expiry s>.<nonce>.<signature>`. */
export function createCallbackToken(options: CreateCallbackUrlOptions): string {
  const secret = key(options.secret);
  const now = (options.now ?? Date.now)();
  const ttl = options.ttl ?? CALLBACK_TOKEN_TTL;
  const expires = String(Math.ceil((now + ttl) / 1000));
  const nonce = randomBytes(NONCE_BYTES).toString('base64url');
  return `${VERSION}.${expires}.${nonce}.${sign(secret, expires, nonce).toString('base64url')}`;
}

/**
 * `baseUrl` with a signed token added as a query parameter: give it to Zoho as `callback.url`.
 * ```ts
 * const url = createCallbackUrl('https://hooks.example.com/zoho', { secret: process.env.HOOK_SECRET! });
 * ```
 */
export function createCallbackUrl(baseUrl: string | URL, options: CreateCallbackUrlOptions): string {
  let url: URL;
  try {
    url = new URL(String(baseUrl));
  } catch {
    throw badBaseUrl('callback base URL must be an absolute URL');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    // The token opens your endpoint: it must not travel in clear text (loopback is for tests).
    throw badBaseUrl(
      `callback base URL must use https (http only for localhost), got ${url.protocol.slice(0, -1)}`,
    );
  }
  url.searchParams.set(options.param ?? CALLBACK_TOKEN_PARAM, createCallbackToken(options));
  return url.href;
}

function badBaseUrl(message: string): RequestValidationError {
  return new RequestValidationError(message, {
    issues: [{ code: 'invalid_format', path: ['url'], message }],
    endpoint: 'callback token',
  });
}

/** `localhost`, `127.0.0.1` or `[::1]`, as `URL.hostname` spells them. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.has(hostname);
}

/** True when a query parameter of `url` holds something shaped like a callback token (any name). */
export function hasCallbackToken(url: URL): boolean {
  for (const value of url.searchParams.values()) if (TOKEN_SHAPE.test(value)) return true;
  return false;
}

/** Checks a token made by `createCallbackToken` with the same secret. */
export function verifyCallbackToken(
  token: string | null | undefined,
  options: CallbackTokenOptions,
): CallbackTokenCheck {
  const secret = key(options.secret);
  if (token === null || token === undefined || token === '') return { ok: false, reason: 'missing' };
  const parts = token.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION) return { ok: false, reason: 'malformed' };
  const [, expires = '', nonce = '', signature = ''] = parts;
  if (!TOKEN_SHAPE.test(token)) return { ok: false, reason: 'malformed' };
  // Compare the encoded text, not decoded bytes: base64url's last character carries padding bits,
  // so several spellings decode alike — only the canonical one is accepted.
  const given = Buffer.from(signature, 'utf8');
  const expected = Buffer.from(sign(secret, expires, nonce).toString('base64url'), 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'invalid' };
  }
  const expiresAt = Number(expires) * 1000;
  if ((options.now ?? Date.now)() >= expiresAt) return { ok: false, reason: 'expired' };
  return { ok: true, expiresAt };
}

/**
 * Verifies the token of an incoming callback request. `request` is a URL, a path with query
 * (`req.url` of `node:http`), or anything with a `url` (a web `Request`, an `IncomingMessage`).
 */
export function verifyCallbackUrl(
  request: string | URL | { url?: string | undefined },
  options: CallbackTokenOptions,
): CallbackTokenCheck {
  const raw = typeof request === 'string' || request instanceof URL ? String(request) : (request.url ?? '');
  let url: URL;
  try {
    url = new URL(raw, 'http://callback.invalid');
  } catch {
    key(options.secret);
    return { ok: false, reason: 'malformed' };
  }
  const values = url.searchParams.getAll(options.param ?? CALLBACK_TOKEN_PARAM);
  if (values.length > 1) {
    key(options.secret);
    return { ok: false, reason: 'malformed' };
  }
  return verifyCallbackToken(values[0], options);
}
