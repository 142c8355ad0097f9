/**
 * Last line of defence for CLI output: every line the CLI prints to stderr (and every message it
 * prints to stdout) passes through a Redactor, which knows the secret values of this run (client
 * secret, refresh token, access tokens, grant code) and applies the library's `redact()` (which also
 * replaces anything shaped like a Zoho token or an Authorization header).
 */
import { redact } from '../core/redact.js';

export class Redactor {
  private readonly secrets = new Set<string>();

  constructor(secrets: Iterable<string | undefined> = []) {
    for (const s of secrets) this.add(s);
  }

  /** Remember a secret value (and its URL-encoded form); `undefined` is ignored. */
  add(secret: string | undefined): void {
    if (secret === undefined || secret === '') return;
    this.secrets.add(secret);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) this.secrets.add(encoded);
  }

  redact(text: string): string {
    // Longest first, so a secret that contains another is replaced whole.
    return redact(
      text,
      [...this.secrets].sort((a, b) => b.length - a.length),
    );
  }
}

/** Enough of an id to recognise it (`1000.A…WXYZ`), never the whole value. */
export function maskId(value: string): string {
  if (value.length <= 8) return `${value.slice(0, 2)}…`;
  return `${value.slice(0, 6)}…${value.slice(-4)}`;
}
