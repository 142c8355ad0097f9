/**
 * The errors of a result file that cannot be read (not a zip, truncated, corrupt, malformed CSV or
 * ICS): `DownloadError`s whose message names the job and, in a zip of several files, the entry;
 * and a short, redacted excerpt of a body that is not what was expected.
 */
import { DownloadError } from '../core/errors.js';

/**
 * Builds `DownloadError`s that name the job (and `entry`, when given). `retryable` marks a file that arrived whole at the
 * HTTP level but is truncated or corrupt: a new download may fix it (the download's retry rule
 * tries once more). A body that is not a zip at all, or one we cannot read, is not retryable.
 */
export type FailFn = (detail: string, extra?: { cause?: unknown; retryable?: boolean }) => DownloadError;

export function downloadFailure(jobId: string | undefined, entry?: string): FailFn {
  const file = jobId === undefined ? 'Result file' : `Result file of job ${jobId}`;
  const subject = entry === undefined ? file : `${file}, entry ${entry},`;
  return (detail, extra = {}) =>
    new DownloadError(`${subject} ${detail}`, {
      ...(jobId === undefined ? {} : { jobId }),
      isRetryable: extra.retryable ?? false,
      ...(extra.cause === undefined ? {} : { cause: extra.cause }),
    });
}

/** A short, redacted, printable excerpt of a body that is not what was expected. */
export function bodyExcerpt(bytes: Uint8Array, max = 60): string {
  const head = bytes.subarray(0, 256);
  const text = new TextDecoder('utf-8').decode(head);
  let unprintable = text.split('\ufffd').length - 1;
  for (const b of head) if (b < 9 || (b > 13 && b < 32) || b === 127) unprintable++;
  if (unprintable > text.length / 10) {
    const hex = Array.from(head.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
    return `bytes ${hex}${head.length > 8 ? ' ...' : ''}`;
  }
  const clean = text
    .replace(/\s+/g, ' ')
    .replace(/(Zoho-oauthtoken|Bearer)\s+\S+/gi, '$1 [redacted]')
    .replace(/\b1000\.[0-9a-f]+\.[0-9a-f]+\b/gi, '[redacted]')
    .replace(/[A-Za-z0-9+/=_.-]{32,}/g, '[redacted]')
    .trim();
  return clean.length > max ? `'${clean.slice(0, max)}...'` : `'${clean}'`;
}
