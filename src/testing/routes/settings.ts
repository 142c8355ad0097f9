/**
 * Field metadata (zoho-api-metadata-sync.md §1.1): `GET /crm/{v}/settings/fields?module=X` lists
 * every field of a configured module (data/field-meta.ts), `…/settings/fields/{id}?module=X` one
 * of them, both as `{ fields: [...] }`. An unknown module is INVALID_MODULE at the top level;
 * `type=unused` has nothing to list (204, no body). The fault `{ type: 'no-content' }` makes any
 * of them answer 204 too.
 */
import { type FakeContext, type RouteDef, type RouteRequest, VERSION, versionNumber } from '../context.js';
import { fieldsJson } from '../data/field-meta.js';
import { jsonResponse, zohoError } from '../http/responses.js';
import { unsupportedVersion } from './request-checks.js';

function fields(req: RouteRequest, ctx: FakeContext): Response {
  if (versionNumber(req.params.v) === undefined) return unsupportedVersion();
  const module = req.url.searchParams.get('module');
  if (module === null || module === '') {
    return zohoError(400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', {
      param_name: 'module',
    });
  }
  const list = fieldsJson(ctx, module);
  if (!list) return zohoError(400, 'INVALID_MODULE', 'the module name given seems to be invalid', {});
  if (req.url.searchParams.get('type') === 'unused') return new Response(null, { status: 204 });
  if (req.params.id === undefined) return jsonResponse(200, { fields: list });
  const one = list.find((field) => field.id === req.params.id);
  if (!one) {
    return zohoError(400, 'INVALID_DATA', 'the id given seems to be invalid', { resource_path_index: 0 });
  }
  return jsonResponse(200, { fields: [one] });
}

export const settingsRoutes: RouteDef[] = [
  {
    name: 'settings.fields',
    method: 'GET',
    origin: 'api',
    pattern: new RegExp(`^/crm/${VERSION}/settings/fields$`),
    handler: fields,
  },
  {
    name: 'settings.field',
    method: 'GET',
    origin: 'api',
    pattern: new RegExp(`^/crm/${VERSION}/settings/fields/(?<id>\\d+)$`),
    handler: fields,
  },
];
