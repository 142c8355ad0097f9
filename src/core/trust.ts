/**
 * Which URLs may receive the access token (API.md, Security): the configured API, upload and
 * accounts origins and the token's `api_domain` (scheme, host and port all equal); Zoho's own
 * hosts over https (exact host-name suffix match on `zohoDomains`, never a substring); and the
 * user's `trustedHosts` (exact host name, or host:port) over https — plain http only for loopback
 * hosts, so the token never crosses a network in clear text to a host merely listed.
 */
import { zohoDomains } from './data-centers.js';
import { invalidRequest } from './validate.js';

export interface TrustPolicy {
  /** Origins such as `https://www.zohoapis.eu` or `http://127.0.0.1:4010`. */
  origins: readonly (string | undefined)[];
  /** Extra host names (exact match, case-insensitive). */
  trustedHosts: readonly string[];
}

const originOf = (value: string): string | undefined => {
  try {
    return new URL(value).origin;
  } catch {
    return undefined;
  }
};

/** `true` when `host` is one of Zoho's registrable domains or a subdomain of one. */
export function isZohoHost(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return zohoDomains.some((domain) => name === domain || name.endsWith(`.${domain}`));
}

const isLoopback = (hostname: string): boolean =>
  hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);

export function isTrustedUrl(url: URL, policy: TrustPolicy): boolean {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  for (const origin of policy.origins) {
    if (origin !== undefined && originOf(origin) === url.origin) return true;
  }
  if (url.protocol === 'https:' && isZohoHost(url.hostname)) return true;
  const hostname = url.hostname.toLowerCase();
  const host = url.host.toLowerCase();
  if (url.protocol === 'http:' && !isLoopback(hostname)) return false;
  return policy.trustedHosts.some((entry) => {
    const wanted = entry.toLowerCase();
    return wanted === hostname || wanted === host;
  });
}

/** Throws `RequestValidationError` (before anything is sent) when `url` may not get the token. */
export function assertTrusted(url: URL, policy: TrustPolicy, endpoint: string): void {
  if (isTrustedUrl(url, policy)) return;
  const message =
    `Refusing to send the Zoho access token to ${url.protocol}//${url.host} (${endpoint}): it is not a ` +
    'configured Zoho origin, a Zoho host over https, or listed in `trustedHosts` (https, or http on loopback).';
  throw invalidRequest({
    endpoint,
    path: ['url'],
    code: 'untrusted_host',
    message,
    headline: message,
    value: `${url.protocol}//${url.host}`,
  });
}
