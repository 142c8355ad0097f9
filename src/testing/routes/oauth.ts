/**
 * The accounts server (zoho-api.md 1.2–1.4): `POST /oauth/v2/token` with the refresh-token or
 * authorization-code grant, parameters in the query string or a form body (urlencoded or
 * multipart). Errors are HTTP 200 with an `error` key, as Zoho sends them.
 */
import type { FakeContext, RouteDef, RouteRequest } from '../context.js';
import { jsonResponse } from '../http/responses.js';

async function params(req: RouteRequest): Promise<URLSearchParams> {
  const out = new URLSearchParams(req.url.searchParams);
  const contentType = req.request.headers.get('content-type') ?? '';
  if (!req.body) return out;
  if (contentType.includes('application/x-www-form-urlencoded')) {
    for (const [key, value] of new URLSearchParams(req.text())) out.set(key, value);
  } else if (contentType.includes('multipart/form-data')) {
    const form = await new Response(Buffer.from(req.body), {
      headers: { 'content-type': contentType },
    }).formData();
    for (const [key, value] of form) if (typeof value === 'string') out.set(key, value);
  }
  return out;
}

const oauthError = (error: string): Response => jsonResponse(200, { error });

function tokenBody(ctx: FakeContext, accessToken: string, extra: Record<string, string> = {}): Response {
  const seconds = Math.round(ctx.options.tokenLifetime / 1000);
  const expiry =
    ctx.options.tokenResponse === 'legacy'
      ? { expires_in_sec: seconds, expires_in: ctx.options.tokenLifetime }
      : { expires_in: seconds };
  return jsonResponse(200, {
    access_token: accessToken,
    ...extra,
    api_domain: ctx.origins.api,
    token_type: 'Bearer',
    ...expiry,
  });
}

async function token(req: RouteRequest, ctx: FakeContext): Promise<Response> {
  const p = await params(req);
  const grant = p.get('grant_type');
  if (grant !== 'refresh_token' && grant !== 'authorization_code')
    return oauthError('unsupported_grant_type');
  if (!ctx.tokens.clientMatches(p.get('client_id'), p.get('client_secret')))
    return oauthError('invalid_client');
  if (grant === 'authorization_code') {
    const redeemed = ctx.tokens.redeem(p.get('code') ?? '');
    if (!redeemed) return oauthError('invalid_code');
    return tokenBody(ctx, redeemed.token, { refresh_token: redeemed.refreshToken });
  }
  const result = ctx.tokens.refresh(p.get('refresh_token') ?? '');
  if ('token' in result) return tokenBody(ctx, result.token);
  if (result.error === 'invalid_code') return oauthError('invalid_code');
  return jsonResponse(200, {
    error_description: 'You have made too many requests continuously. Please try again after some time.',
    error: 'Access Denied',
    status: 'failure',
  });
}

async function revoke(req: RouteRequest, ctx: FakeContext): Promise<Response> {
  const p = await params(req);
  ctx.tokens.revoke(p.get('token') ?? '');
  return jsonResponse(200, { status: 'success' });
}

export const oauthRoutes: RouteDef[] = [
  {
    name: 'oauth.token',
    method: 'POST',
    origin: 'accounts',
    pattern: /^\/oauth\/v2\/token$/,
    auth: false,
    handler: token,
  },
  {
    name: 'oauth.revoke',
    method: 'POST',
    origin: 'accounts',
    pattern: /^\/oauth\/v2\/token\/revoke$/,
    auth: false,
    handler: revoke,
  },
];
