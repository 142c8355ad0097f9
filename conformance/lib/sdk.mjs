/**
 * Zoho's Node SDK, initialised against the fake: a custom Environment whose API, accounts and
 * upload URLs are all the fake's loopback URL (the SDK's data-centre constants are never used),
 * the refresh-token grant, and its token store, field cache and log inside `dir`.
 */
import { join } from 'node:path';
import * as ZOHO from '@zohocrm/nodejs-sdk-8.0';

export { ZOHO };

/**
 * @param {{ url: string, env: Record<string, string>, dir: string }} options
 */
export async function initSdk({ url, env, dir }) {
  const environment = new ZOHO.Environment(url, `${url}/oauth/v2/token`, url);
  const token = new ZOHO.OAuthBuilder()
    .clientId(env.ZOHO_CLIENT_ID)
    .clientSecret(env.ZOHO_CLIENT_SECRET)
    .refreshToken(env.ZOHO_REFRESH_TOKEN)
    .build();
  const store = new ZOHO.FileStore(join(dir, 'sdk_tokens.txt'));
  const logger = new ZOHO.LogBuilder().level(ZOHO.Levels.INFO).filePath(join(dir, 'sdk.log')).build();
  const config = new ZOHO.SDKConfigBuilder().pickListValidation(true).autoRefreshFields(false).build();
  await (await new ZOHO.InitializeBuilder())
    .environment(environment)
    .token(token)
    .store(store)
    .SDKConfig(config)
    .resourcePath(dir)
    .logger(logger)
    .initialize();
  return { token, store };
}

/** The parsed body of an SDK response, or a readable error naming what came back instead. */
export async function objectOf(response, Expected, what) {
  if (response == null) throw new Error(`${what}: no response`);
  // File downloads hand back a promise of the body object.
  const object = await response.getObject();
  if (object instanceof Expected) return object;
  const status = response.getStatusCode();
  const code = object?.getCode?.()?.getValue?.() ?? object?.getCode?.();
  const message = object?.getMessage?.()?.getValue?.() ?? object?.getMessage?.();
  throw new Error(
    `${what}: HTTP ${status}, got ${object?.constructor?.name ?? object} ${code ?? ''} ${message ?? ''}`,
  );
}
