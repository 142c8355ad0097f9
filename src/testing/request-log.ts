/**
 * The request log tests assert on. Secrets never enter it: the Authorization header becomes
 * `Zoho-oauthtoken [REDACTED]`, and OAuth parameters (client_secret, refresh_token, code, …) are
 * replaced in URLs and bodies.
 */

export interface FakeRequestLogEntry {
  method: string;
  /** Full URL, secrets in the query redacted. */
  url: string;
  /** Path without the query. */
  path: string;
  /** Route name (`bulkRead.create`), or undefined when nothing matched. */
  route: string | undefined;
  /** Request headers, lower-case names; Authorization redacted. */
  headers: Record<string, string>;
  /** A short, redacted description of the body (JSON text, form fields, multipart parts). */
  bodySummary: string | undefined;
  /** Parsed JSON body, when it was JSON. */
  json: unknown;
  /** Response status; 0 for a dropped connection. */
  status: number;
  /** Fake-clock time the request arrived. */
  time: number;
}

const SECRET_PARAMS = ['client_secret', 'refresh_token', 'code', 'token', 'access_token'];
const SUMMARY_LIMIT = 2000;

export function redactParams(params: URLSearchParams): URLSearchParams {
  const copy = new URLSearchParams(params);
  for (const key of SECRET_PARAMS) if (copy.has(key)) copy.set(key, '[REDACTED]');
  return copy;
}

export function redactUrl(url: URL): string {
  if (url.search === '') return url.href;
  const copy = new URL(url.href);
  copy.search = redactParams(url.searchParams).toString();
  return copy.href;
}

export function redactHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, key) => {
    if (key === 'authorization') {
      const scheme = value.split(' ')[0] ?? '';
      out[key] = `${scheme} [REDACTED]`;
    } else {
      out[key] = value;
    }
  });
  return out;
}

/** Describes a request body for the log without secrets or megabytes. */
export function summarizeBody(
  contentType: string,
  body: Uint8Array | undefined,
): { summary: string | undefined; json: unknown } {
  if (body === undefined || body.length === 0) return { summary: undefined, json: undefined };
  if (contentType.includes('multipart/form-data')) {
    const names = [
      ...Buffer.from(body.subarray(0, 64 * 1024))
        .toString('latin1')
        .matchAll(/name="([^"]*)"(?:; filename="([^"]*)")?/g),
    ];
    const parts = names.map((m) => (m[2] === undefined ? m[1] : `${m[1]}=${m[2]}`));
    return { summary: `multipart (${body.length} bytes): ${parts.join(', ')}`, json: undefined };
  }
  const text = Buffer.from(body).toString('utf8');
  if (contentType.includes('application/x-www-form-urlencoded')) {
    return { summary: redactParams(new URLSearchParams(text)).toString(), json: undefined };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const summary =
    text.length > SUMMARY_LIMIT ? `${text.slice(0, SUMMARY_LIMIT)}… (${body.length} bytes)` : text;
  return { summary, json };
}
