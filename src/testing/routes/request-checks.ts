/** Checks every versioned JSON route of the fake makes first, answered the way Zoho does. */
import { type RouteRequest, versionNumber } from '../context.js';
import { zohoError } from '../http/responses.js';
import { isObject } from '../zoho-failure.js';

/** A version segment the fake does not know (`/crm/bulk/v99/...`). */
export function unsupportedVersion(): Response {
  return zohoError(400, 'API_NOT_SUPPORTED', 'the api version is not supported', { supported_version: 8 });
}

/** The API version and the JSON object body of a job-creating POST, or Zoho's answer to a bad one. */
export function readJsonRequest(
  req: RouteRequest,
): { version: number; body: Record<string, unknown> } | Response {
  const version = versionNumber(req.params.v);
  if (version === undefined) return unsupportedVersion();
  const contentType = req.request.headers.get('content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('application/json')) {
    return zohoError(415, 'MEDIA_TYPE_NOT_SUPPORTED', 'the media type is not supported', {});
  }
  if (!req.body) return zohoError(400, 'REQUEST_BODY_IS_EMPTY', 'the request body is empty');
  const parsed = req.json();
  if (!parsed.ok || !isObject(parsed.value)) {
    return zohoError(400, 'REQUEST_BODY_NOT_READABLE', 'the request body could not be read');
  }
  return { version, body: parsed.value };
}
