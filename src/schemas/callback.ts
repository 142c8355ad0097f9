/**
 * The `callback` of a job-create body (zoho-api.md §2.5, §3.2.1): `{ url, method: 'post' }`, Zoho
 * POSTs the job there when it ends. Zoho takes an http or an https URL (its own bulk-write example
 * uses http), so `create()` does too. One exception: a URL carrying a `CallbackHub` token (a signed
 * URL) must be https outside loopback — the token is the key to your endpoint and must not travel
 * in clear text.
 */
import { z } from 'zod';
import { hasCallbackToken, isLoopbackHost } from '../callbacks/callback-token.js';

/** An absolute http(s) URL; a signed one (with a CallbackHub token) https only, outside loopback. */
export const callbackUrlSchema = z.string().superRefine((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'callback url must be an absolute http(s) URL' });
    return;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    ctx.addIssue({
      code: 'custom',
      message: `callback url must use http(s), got ${url.protocol.slice(0, -1)}`,
    });
    return;
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname) && hasCallbackToken(url)) {
    ctx.addIssue({
      code: 'custom',
      message: 'a signed callback url (it carries a CallbackHub token) must use https outside loopback',
    });
  }
});

/** `{ url, method: 'post' }`; Zoho knows no other method (`INVALID_CALLBACK_METHOD`). */
export const callbackSchema = z.looseObject({
  url: callbackUrlSchema,
  method: z.literal('post', { error: 'callback method must be "post" (the only value Zoho accepts)' }),
});
