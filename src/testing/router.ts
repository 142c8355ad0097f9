/**
 * The fake's single entry point: `handle(Request) → Response`, shared by the msw handlers and the
 * node:http server. It matches the route, logs the request (redacted), applies injected faults,
 * checks the access token, and runs the route's handler.
 *
 * HOW TO ADD A ROUTE GROUP (bulk write, mass update, …):
 *  1. Create `src/testing/routes/<group>.ts` exporting `export const <group>Routes: RouteDef[]`
 *     (context.ts): one entry per endpoint with a `name` ('bulkWrite.create'), `method`, `origin`
 *     ('api' | 'upload' | 'download' | 'accounts'), a `pattern` matched against the whole path
 *     (use `VERSION` for the `/v8/` segment: `new RegExp(`^/crm/bulk/${VERSION}/write$`)`), and
 *     `handler(req, ctx)`. `auth` defaults to true (a valid `Zoho-oauthtoken` is checked here).
 *  2. Append the array to `routeGroups` below. Nothing else changes: faults, logging, msw and
 *     listen() pick the routes up.
 *  3. In the handler use the shared pieces on `ctx`: `ctx.store` (records: values/record/column,
 *     insert/update/remove, locate by id), `ctx.jobs` (create/get/phase/failNext; honour
 *     `req.effects.failJob`), `ctx.newId()`, `ctx.state(key, init)` for the group's own maps
 *     (uploaded files, …), `ctx.origins.download` for absolute result URLs (serve them with a
 *     route whose origin is 'download'), `zipStream()`/`buildZip()` and `csvRow()` for result
 *     files (honour `req.effects.corruptCrc`), and `zohoError()`/`jsonResponse()` for answers.
 */
import type { FakeContext, HttpMethod, RouteDef, RouteRequest } from './context.js';
import { type FaultEffect, FaultSet } from './faults.js';
import { applyBodyEffects, type BodyEffects } from './http/body-effects.js';
import { htmlResponse, invalidToken, networkError, tooManyRequests, zohoError } from './http/responses.js';
import { type FakeRequestLogEntry, redactHeaders, redactUrl, summarizeBody } from './request-log.js';
import { bulkReadRoutes } from './routes/bulk-read.js';
import { bulkWriteRoutes } from './routes/bulk-write.js';
import { deletedRecordsRoutes } from './routes/deleted-records.js';
import { massUpdateRoutes } from './routes/mass-update.js';
import { oauthRoutes } from './routes/oauth.js';
import { orgRoutes } from './routes/org.js';
import { settingsRoutes } from './routes/settings.js';
import { usersRoutes } from './routes/users.js';

const routeGroups: readonly (readonly RouteDef[])[] = [
  oauthRoutes,
  orgRoutes,
  usersRoutes,
  settingsRoutes,
  bulkReadRoutes,
  bulkWriteRoutes,
  massUpdateRoutes,
  deletedRecordsRoutes,
];

const BODYLESS = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS']);

/** Every answer carries a `Date` header from the fake's clock (the client's view of Zoho's time). */
function stampDate(response: Response, now: number): void {
  if (response.type === 'error' || response.headers.has('date')) return;
  try {
    response.headers.set('date', new Date(now).toUTCString());
  } catch {
    // immutable headers (a fault's own Response): leave them as they are
  }
}

export class Router {
  readonly faults = new FaultSet();
  readonly log: FakeRequestLogEntry[] = [];
  private readonly routes: RouteDef[] = routeGroups.flat();

  constructor(private readonly ctx: FakeContext) {}

  async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const bytes = BODYLESS.has(method) ? undefined : new Uint8Array(await request.arrayBuffer());
    const body = bytes && bytes.length > 0 ? bytes : undefined;
    const found = this.match(url, method);
    const route = typeof found === 'object' ? found.route : undefined;
    const { summary, json } = summarizeBody(request.headers.get('content-type') ?? '', body);
    const entry: FakeRequestLogEntry = {
      method,
      url: redactUrl(url),
      path: url.pathname,
      route: route?.name,
      headers: redactHeaders(request.headers),
      bodySummary: summary,
      json,
      status: 0,
      time: this.ctx.now(),
    };
    this.log.push(entry);
    const response = await this.dispatch(request, url, method, body, found);
    entry.status = response.type === 'error' ? 0 : response.status;
    stampDate(response, this.ctx.now());
    return response;
  }

  private async dispatch(
    request: Request,
    url: URL,
    method: string,
    body: Uint8Array | undefined,
    found: { route: RouteDef; params: Record<string, string> } | 'method' | undefined,
  ): Promise<Response> {
    const route = typeof found === 'object' ? found.route : undefined;
    const effects = this.faults.take(method, url.pathname, route?.name);
    const bodyEffects: BodyEffects = {};
    const req: RouteRequest = {
      request,
      url,
      params: typeof found === 'object' ? found.params : {},
      body,
      token: undefined,
      effects: { corruptCrc: false, failJob: undefined },
      text: () => (body ? Buffer.from(body).toString('utf8') : ''),
      json: () => {
        try {
          return { ok: true, value: JSON.parse(req.text()) };
        } catch {
          return { ok: false };
        }
      },
    };
    for (const effect of effects) {
      const early = await this.applyEffect(effect, request, req, bodyEffects);
      if (early) return early;
    }
    if (found === undefined) {
      return zohoError(
        404,
        'INVALID_URL_PATTERN',
        'Please check if the URL trying to access is a correct one',
      );
    }
    if (found === 'method') {
      return zohoError(400, 'INVALID_REQUEST_METHOD', 'The http request method type is not a valid one');
    }
    if (found.route.auth !== false) {
      const denied = this.authenticate(request, req);
      if (denied) return denied;
    }
    const response = await found.route.handler(req, this.ctx);
    return applyBodyEffects(response, bodyEffects, this.ctx.options.sleep);
  }

  /** Applies one fault; returns a response when the fault answers in place of the route. */
  private async applyEffect(
    effect: FaultEffect,
    request: Request,
    req: RouteRequest,
    body: BodyEffects,
  ): Promise<Response | undefined> {
    switch (effect.type) {
      case 'error': {
        const code = effect.code ?? (effect.status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'INVALID_REQUEST');
        const headers = {
          ...effect.headers,
          ...(effect.retryAfter === undefined ? {} : { 'retry-after': String(effect.retryAfter) }),
        };
        return zohoError(effect.status, code, effect.message ?? 'injected error', effect.details, {
          wrap: effect.wrap ?? false,
          headers,
        });
      }
      case 'rate-limit':
        return tooManyRequests(effect.retryAfter);
      case 'server-error':
        return zohoError(effect.status ?? 500, 'INTERNAL_SERVER_ERROR', 'Internal server error occurred.');
      case 'html':
        return htmlResponse(effect.status ?? 502);
      case 'malformed-json':
        return new Response('{"data":[{"status":"success","details":{"id":48768760', {
          status: effect.status ?? 200,
          headers: { 'content-type': 'application/json;charset=UTF-8' },
        });
      case 'reset':
        if (effect.afterBytes === undefined || effect.afterBytes <= 0) return networkError();
        body.resetAfter = effect.afterBytes;
        return undefined;
      case 'truncate':
        body.truncateAfter = effect.afterBytes;
        return undefined;
      case 'delay':
        if (effect.afterBytes === undefined) await this.ctx.options.sleep(effect.ms, request.signal);
        else body.delay = { afterBytes: effect.afterBytes, ms: effect.ms };
        return undefined;
      case 'corrupt-crc':
        req.effects.corruptCrc = true;
        return undefined;
      case 'fail-job':
        req.effects.failJob = {
          code: effect.code ?? 'INTERNAL_SERVER_ERROR',
          message: effect.message ?? 'Internal server error occurred.',
        };
        return undefined;
      case 'expire-token':
        this.ctx.tokens.expireAll();
        return undefined;
      case 'no-content':
        return new Response(null, { status: 204 });
      case 'respond':
        return effect.respond(request);
    }
  }

  private authenticate(request: Request, req: RouteRequest): Response | undefined {
    const header = request.headers.get('authorization') ?? '';
    const match = /^Zoho-oauthtoken (\S+)$/.exec(header);
    if (!match?.[1]) return invalidToken();
    const check = this.ctx.tokens.check(match[1]);
    if (check === 'invalidated') return invalidToken('INVALID_OAUTHTOKEN');
    if (check !== 'ok') return invalidToken();
    req.token = match[1];
    return undefined;
  }

  private match(
    url: URL,
    method: string,
  ): { route: RouteDef; params: Record<string, string> } | 'method' | undefined {
    let methodMismatch = false;
    for (const route of this.routes) {
      if (this.ctx.origins[route.origin] !== url.origin) continue;
      const m = route.pattern.exec(url.pathname);
      if (!m) continue;
      if (route.method !== (method as HttpMethod)) {
        methodMismatch = true;
        continue;
      }
      return { route, params: { ...m.groups } };
    }
    return methodMismatch ? 'method' : undefined;
  }
}
