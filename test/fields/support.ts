/** A `GET /crm/{v}/settings/fields` route for msw that counts requests and answers per call. */
import { HttpResponse, http } from 'msw';
import { BulkClient } from '../../src/client.js';
import type { BulkClientOptions } from '../../src/core/options.js';
import { invalidModuleResponse } from './fixtures.js';

export const API = 'https://www.zohoapis.com';
export const TOKEN = 'access-token-for-fields-tests';

export interface SeenRequest {
  module: string | null;
  path: string;
  query: string;
  authorization: string | null;
  signal: AbortSignal;
}

export type FieldsReply = (
  module: string | null,
  n: number,
  request: Request,
) => Response | Promise<Response>;

/** The route and what it saw; `reply` answers call `n` (1-based, across modules). */
export function fieldsRoute(reply: FieldsReply, origin = API) {
  const seen: SeenRequest[] = [];
  const handler = http.get(`${origin}/crm/:version/settings/fields`, ({ request }) => {
    const url = new URL(request.url);
    const module = url.searchParams.get('module');
    seen.push({
      module,
      path: url.pathname,
      query: url.search,
      authorization: request.headers.get('authorization'),
      signal: request.signal,
    });
    return reply(module, seen.length, request);
  });
  return { handler, seen };
}

/** Answers with `bodies[module]` (JSON), or Zoho's INVALID_MODULE for any other module. */
export function byModule(bodies: Record<string, unknown>): FieldsReply {
  return (module) =>
    module !== null && module in bodies
      ? HttpResponse.json(bodies[module] as Record<string, unknown>)
      : HttpResponse.json(invalidModuleResponse, { status: 400 });
}

export function fieldsClient(options: Partial<BulkClientOptions> = {}): BulkClient {
  return new BulkClient({ auth: TOKEN, maxRetries: 0, ...options });
}
