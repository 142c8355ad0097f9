/**
 * Token: the SDK's refresh-token grant on the fake's accounts URL, then (findUser, on by
 * default) `GET /crm/v8/users?type=CurrentUser` and `GET /crm/v8/org` to name the token's user.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { equal, ok } from '../lib/check.mjs';
import { objectOf, ZOHO } from '../lib/sdk.mjs';

export const name = 'token (refresh-token grant, CurrentUser, org)';

export async function run({ sdk, dir }) {
  const accessToken = await sdk.token.getToken();
  ok(typeof accessToken === 'string' && accessToken.length > 20, 'access token');
  // The store row is written after the user lookup: user_name is "<email>:<org id>".
  const [header, row] = readFileSync(join(dir, 'sdk_tokens.txt'), 'utf8').trim().split('\n');
  const stored = Object.fromEntries(header.split(',').map((key, i) => [key, row?.split(',')[i]]));
  ok(
    /^[^@\s]+@[^:\s]+:\d+$/.test(stored.user_name ?? ''),
    `user_name in the token store (${stored.user_name})`,
  );

  const ops = new ZOHO.Users.UsersOperations();
  const params = new ZOHO.ParameterMap();
  await params.add(ZOHO.Users.GetUsersParam.TYPE, 'CurrentUser');
  const users = await objectOf(
    await ops.getUsers(params),
    ZOHO.Users.ResponseWrapper,
    'users?type=CurrentUser',
  );
  equal(users.getUsers().length, 1, 'current users');
  const me = users.getUsers()[0];
  equal(stored.user_name.split(':')[0], me.getEmail(), 'stored user is the current user');
  ok(me.getTimeZone(), 'current user time_zone');
  return `user ${me.getEmail()}`;
}
