/**
 * `GET /crm/{v}/users?type=CurrentUser|AllUsers|ActiveUsers`: the fake org's users. Zoho's SDKs
 * call it with `CurrentUser` right after a token grant to name the token's user. The current user
 * is the one every job is created by, and whose time zone exports use.
 */
import { type FakeContext, type RouteDef, type RouteRequest, VERSION, versionNumber } from '../context.js';
import { ADMIN_PROFILE } from '../data/field-meta.js';
import { currentUser, type FakeUser } from '../data/samples.js';
import { jsonResponse } from '../http/responses.js';
import { unsupportedVersion } from './request-checks.js';

const zones: Readonly<Record<FakeUser['zone'], { time_zone: string; locale: string; country: string }>> = {
  us: { time_zone: 'America/Los_Angeles', locale: 'en_US', country: 'US' },
  in: { time_zone: 'Asia/Kolkata', locale: 'en_IN', country: 'IN' },
};

function userJson(user: FakeUser, ctx: FakeContext): Record<string, unknown> {
  const { time_zone, locale, country } = zones[user.zone];
  const admin = user === currentUser(ctx.store.users);
  return {
    id: user.id,
    first_name: user.first_name,
    last_name: user.last_name,
    full_name: user.full_name,
    email: user.email,
    status: 'active',
    confirm: true,
    role: { name: admin ? 'CEO' : 'Manager', id: ctx.store.makeId(0, admin ? 26_005 : 26_008) },
    profile: {
      name: admin ? ADMIN_PROFILE.name : 'Standard',
      id: ctx.store.makeId(0, admin ? ADMIN_PROFILE.n : 26_014),
    },
    time_zone,
    locale,
    country_locale: locale,
    language: 'en_US',
    country,
    time_format: 'hh:mm a',
    date_format: 'MM-dd-yyyy',
    zuid: String(70_000_000 + ctx.store.users.indexOf(user)),
    Isonline: false,
  };
}

function users(req: RouteRequest, ctx: FakeContext): Response {
  if (versionNumber(req.params.v) === undefined) return unsupportedVersion();
  const type = req.url.searchParams.get('type') ?? 'AllUsers';
  const list = type === 'CurrentUser' ? [currentUser(ctx.store.users)] : ctx.store.users;
  return jsonResponse(200, {
    users: list.map((user) => userJson(user, ctx)),
    info: { per_page: 200, count: list.length, page: 1, more_records: false },
  });
}

export const usersRoutes: RouteDef[] = [
  {
    name: 'users.list',
    method: 'GET',
    origin: 'api',
    pattern: new RegExp(`^/crm/${VERSION}/users$`),
    handler: users,
  },
];
