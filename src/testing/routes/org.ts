/** `GET /crm/{v}/org`: the org, whose `zgid` bulk-write uploads send as `X-CRM-ORG`. */
import { type FakeContext, type RouteDef, type RouteRequest, VERSION, versionNumber } from '../context.js';
import { jsonResponse, zohoError } from '../http/responses.js';

function org(req: RouteRequest, ctx: FakeContext): Response {
  if (versionNumber(req.params.v) === undefined) {
    return zohoError(400, 'API_NOT_SUPPORTED', 'the api version is not supported', { supported_version: 8 });
  }
  const o = ctx.options.org;
  return jsonResponse(200, {
    org: [
      {
        id: o.id,
        zgid: o.zgid,
        company_name: o.company_name,
        domain_name: o.domain_name,
        primary_email: o.primary_email,
        currency: o.currency,
        currency_symbol: '$',
        iso_code: o.iso_code,
        time_zone: o.time_zone,
        country_code: o.country_code,
        type: 'production',
        mc_status: false,
        hipaa_compliance_enabled: false,
        primary_zuid: o.zgid,
      },
    ],
  });
}

export const orgRoutes: RouteDef[] = [
  {
    name: 'org.get',
    method: 'GET',
    origin: 'api',
    pattern: new RegExp(`^/crm/${VERSION}/org$`),
    handler: org,
  },
];
