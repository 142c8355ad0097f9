/**
 * Removes secrets from text before it lands on an error, in a log event or on a terminal:
 * the exact secret strings the caller knows (access token, refresh token, client secret) and
 * the shapes Zoho's credentials have wherever they come from.
 */

export const REDACTED = '[REDACTED]';

/** Secrets shorter than this are not replaced as plain strings (they would mangle the text). */
const MIN_SECRET_LENGTH = 4;

const patterns: readonly [RegExp, string][] = [
  [/(Zoho-oauthtoken|Bearer)\s+[^\s"',]+/gi, `$1 ${REDACTED}`],
  [/1000\.[0-9a-f]{32}\.[0-9a-f]{32}/gi, REDACTED],
  // `zb_token` is a CallbackHub signature in a callback URL: a key to the user's endpoint.
  [/\b(refresh_token|client_secret|access_token|token|zb_token)=[^&\s"']+/gi, `$1=${REDACTED}`],
  [/("(?:refresh_token|client_secret|access_token)"\s*:\s*)"[^"]*"/gi, `$1"${REDACTED}"`],
];

const secretKeys = new Set(['access_token', 'refresh_token', 'client_secret', 'authorization']);

/** Replaces every known secret and every credential-shaped substring with `[REDACTED]`. */
export function redact(text: string, secrets: Iterable<string | undefined> = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret !== undefined && secret.length >= MIN_SECRET_LENGTH) out = out.split(secret).join(REDACTED);
  }
  for (const [pattern, replacement] of patterns) out = out.replace(pattern, replacement);
  return out;
}

/** `redact` applied to every string inside a JSON-like value (a copy; the input is untouched). */
export function redactDeep(value: unknown, secrets: readonly string[] = [], depth = 0): unknown {
  if (typeof value === 'string') return redact(value, secrets);
  if (depth > 32 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = secretKeys.has(key.toLowerCase()) ? REDACTED : redactDeep(item, secrets, depth + 1);
  }
  return out;
}

/** A redacted excerpt of at most `max` characters (redacted first, so a cut never reveals a secret). */
export function excerpt(text: string, secrets: Iterable<string | undefined> = [], max = 200): string {
  const clean = redact(text, secrets);
  return clean.length <= max ? clean : `${clean.slice(0, max - 1)}…`;
}
