/** Response builders in Zoho's shapes (zoho-api.md 5.1). */

export interface ZohoErrorBody {
  code: string;
  details: Record<string, unknown>;
  message: string;
  status: 'error';
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json;charset=UTF-8', ...headers },
  });
}

export function zohoErrorBody(
  code: string,
  message: string,
  details: Record<string, unknown> = {},
): ZohoErrorBody {
  return { code, details, message, status: 'error' };
}

/** `{code, details, message, status: 'error'}`, or wrapped as `{data: [ … ]}`. */
export function zohoError(
  status: number,
  code: string,
  message: string,
  details: Record<string, unknown> = {},
  options: { wrap?: boolean; headers?: Record<string, string> } = {},
): Response {
  const body = zohoErrorBody(code, message, details);
  return jsonResponse(status, options.wrap ? { data: [body] } : body, options.headers);
}

/** The answer to an expired, unknown or missing access token (zoho-api.md 1.7). */
export function invalidToken(code = 'INVALID_TOKEN'): Response {
  return zohoError(401, code, 'invalid oauth token');
}

export function tooManyRequests(retryAfterSeconds?: number): Response {
  return zohoError(
    429,
    'TOO_MANY_REQUESTS',
    'too many requests, try again later',
    {},
    retryAfterSeconds === undefined ? {} : { headers: { 'retry-after': String(retryAfterSeconds) } },
  );
}

/** What a reverse proxy in front of Zoho sends when the backend is down. */
export function htmlResponse(status: number): Response {
  const text = `<html>\r\n<head><title>${status} Bad Gateway</title></head>\r\n<body>\r\n<center><h1>${status} Bad Gateway</h1></center>\r\n<hr><center>ZGS</center>\r\n</body>\r\n</html>\r\n`;
  return new Response(text, { status, headers: { 'content-type': 'text/html' } });
}

/** A fetch network error (msw and the node adapter turn it into a dropped connection). */
export function networkError(): Response {
  return Response.error();
}

/** A result file as Zoho serves it: `application/zip`, named `<job id>.zip`. */
export function zipResponse(body: ReadableStream<Uint8Array>, jobId: string): Response {
  return new Response(body, {
    status: 200,
    headers: {
      'content-type': 'application/zip',
      'content-disposition': `attachment; filename="${jobId}.zip"`,
    },
  });
}

/** An unknown job id, or a result that is not there: `RESOURCE_NOT_FOUND` with `details.resource`. */
export function resourceNotFound(id: string | undefined, status: number): Response {
  return zohoError(status, 'RESOURCE_NOT_FOUND', 'the requested resource does not exist', {
    resource: id ?? null,
  });
}
