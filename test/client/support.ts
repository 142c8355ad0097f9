/** Shared pieces for the core/auth/client tests: msw server, Zoho Accounts handler, secrets. */
import { inspect } from 'node:util';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

export const CLIENT_ID = '1000.TESTCLIENTID0001';
export const CLIENT_SECRET = 'client-secret-9f2c7e1a5b';

let sequence = 0;
/** A refresh token no other test uses (the refresh budget is process-wide, keyed by the token). */
export const uniqueRefreshToken = (): string =>
  `refresh-secret-${++sequence}-${Math.random().toString(36).slice(2)}`;

/** An msw server for the file: unhandled requests are errors. */
export function useMswServer() {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return server;
}

export type TokenReply = Record<string, unknown> | Response;

/**
 * A Zoho Accounts token endpoint. `reply(n, form)` answers call n (1-based); by default it mints
 * `access-secret-<n>` for an hour with `api_domain` www.zohoapis.com.
 */
export function accountsHandler(
  options: { origin?: string; reply?: (n: number, form: URLSearchParams) => TokenReply } = {},
) {
  const calls: URLSearchParams[] = [];
  const origin = options.origin ?? 'https://accounts.zoho.com';
  const reply =
    options.reply ??
    ((n: number) => ({
      access_token: `access-secret-${n}`,
      api_domain: 'https://www.zohoapis.com',
      token_type: 'Bearer',
      expires_in: 3600,
    }));
  const handler = http.post(`${origin}/oauth/v2/token`, async ({ request }) => {
    expect(request.headers.get('content-type')).toContain('application/x-www-form-urlencoded');
    const form = new URLSearchParams(await request.text());
    calls.push(form);
    const answer = reply(calls.length, form);
    return answer instanceof Response ? answer : HttpResponse.json(answer);
  });
  return { handler, calls };
}

/** Asserts that none of `secrets` appears in the error's message, JSON or inspection. */
export function expectNoSecrets(value: unknown, secrets: readonly string[]): void {
  const views = [
    inspect(value, { depth: 20, showHidden: true }),
    JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? '',
    value instanceof Error ? `${value.message}\n${value.stack ?? ''}` : String(value),
  ];
  for (const view of views) {
    for (const secret of secrets) expect(view).not.toContain(secret);
  }
}

export { rejectionOf } from '../helpers/rejection.js';

export interface SeenRequest {
  url: URL;
  method: string;
  headers: Headers;
  body: string;
}

/**
 * An msw route that records every request and answers call n (1-based) with `reply(n, request)`.
 * A plain object becomes a JSON 200.
 */
export function route(
  method: 'get' | 'post' | 'put' | 'patch' | 'delete' | 'all',
  url: string,
  reply: (n: number, request: SeenRequest) => unknown,
) {
  const seen: SeenRequest[] = [];
  const handler = http[method](url, async ({ request }) => {
    const entry: SeenRequest = {
      url: new URL(request.url),
      method: request.method,
      headers: request.headers,
      body: await request.text(),
    };
    seen.push(entry);
    const answer = await reply(seen.length, entry);
    return answer instanceof Response ? answer : HttpResponse.json(answer as Record<string, unknown>);
  });
  return { handler, seen };
}

/** A raw text response (HTML error pages, bodies with bare big integers). */
export const raw = (body: string, status = 200, headers: Record<string, string> = {}) =>
  new HttpResponse(body, { status, headers });
