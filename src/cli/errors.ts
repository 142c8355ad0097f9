/**
 * Turns any error into an exit code and one clear line: what failed, Zoho's code, and a hint on
 * what to do. The stack (and the cause chain) only with --debug. Every line passes through the
 * Redactor before it is printed (see redact.ts), so a secret that slipped into a message is never shown.
 */
import {
  ConnectionError,
  DownloadError,
  JobFailedError,
  OAuthError,
  PollTimeoutError,
  RateLimitError,
  RequestValidationError,
  ResponseValidationError,
  ZohoApiError,
  ZohoBulkError,
} from '../core/errors.js';
import { BulkWriteImportError } from '../import/import-error.js';
import { CliError, ExitCode } from './exit-codes.js';
import type { Redactor } from './redact.js';

/** Scopes a token needs for everything zoho-bulk does (zoho-api.md 1.6). */
export const REQUIRED_SCOPES =
  'ZohoCRM.bulk.ALL,ZohoCRM.modules.ALL,ZohoCRM.mass_update.ALL,ZohoFiles.files.ALL,ZohoCRM.org.READ,ZohoCRM.settings.fields.READ';

export interface DescribedError {
  exitCode: number;
  /** Zoho's or the CLI's code, when there is one. */
  code: string | undefined;
  message: string;
  hint: string | undefined;
}

const OAUTH_HINTS: Record<string, string> = {
  invalid_client:
    'wrong data centre? The client id is unknown at this accounts server; try --dc eu (or in, au, jp, ca, cn, sa), or check --client-id',
  invalid_code:
    'the refresh token was revoked or is wrong, or the grant code expired (grant codes are single-use and live 2-3 minutes): create a new grant code and run `zoho-bulk auth login`',
  invalid_client_secret:
    'the client secret does not match the client id: copy it again from the Zoho API console',
  invalid_redirect_uri: 'the redirect URI does not match the one registered for this client',
  'access denied':
    'Zoho throttled token creation (10 access tokens per 10 minutes per refresh token): wait up to 10 minutes; zoho-bulk caches tokens in its config file so repeated commands reuse them',
  access_denied: 'too many grant codes or tokens for this client in 10 minutes: wait and try again',
};

const API_HINTS: Record<string, string> = {
  OAUTH_SCOPE_MISMATCH: `the token lacks a scope: create the grant code with the scopes ${REQUIRED_SCOPES}`,
  INVALID_TOKEN:
    'the access token was refused: a ZOHO_ACCESS_TOKEN lives 1 hour; prefer refresh-token credentials',
  INVALID_OAUTHTOKEN:
    'the access token was refused: it may have been replaced by newer tokens (15 per refresh token)',
  AUTHENTICATION_FAILURE: 'authentication failed: check the credentials and the data centre (--dc)',
  NO_PERMISSION: "the Zoho user lacks permission for this module or operation (check the user's profile)",
  AUTHORIZATION_FAILED: "the Zoho user lacks the privilege for this operation (check the user's profile)",
  TOO_MANY_REQUESTS: "Zoho's rate, credit or concurrency limit was reached: wait a minute and retry",
  INVALID_URL_PATTERN: 'wrong --api-version or --api-domain?',
  MODULE_NOT_AVAILABLE: 'check the module API name (case-sensitive, e.g. Contacts, Leads, Deals)',
  MODULE_NOT_SUPPORTED: 'this module cannot be used with the bulk APIs (Notes, Attachments, Emails are not)',
  INVALID_MODULE: 'check the module API name (case-sensitive, e.g. Contacts, Leads, Deals)',
  RESOURCE_NOT_FOUND: 'unknown job id, or the job is older than Zoho keeps it (1 day for results)',
  NOT_FOUND: 'unknown job id',
  FILE_TOO_LARGE: 'the upload exceeds 25 MB zipped',
  API_NOT_SUPPORTED: 'this API version is not supported here: try --api-version v8',
  CVID_NOT_SUPPORTED: 'this custom view cannot be used (Co-owner and Shared views are not supported)',
  LIMIT_EXCEEDED: 'a Zoho limit was exceeded (mass update: 50,000 records per cvid job)',
  ALREADY_SCHEDULED: 'a mass update is already running for this custom view: wait for it',
  NO_RECORDS_FOUND: 'the custom view is empty',
};

function apiHint(code: string): string | undefined {
  const direct = API_HINTS[code];
  if (direct) return direct;
  if (/CRITERIA/.test(code))
    return 'check --where / --criteria (comparator, field type, at most 25 conditions)';
  if (/^FIELD_NOT/.test(code)) return 'check the field API names given to --fields (case-sensitive)';
  return undefined;
}

function isAbort(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    ((error as { name?: unknown }).name === 'AbortError' ||
      (error as { code?: unknown }).code === 'ABORT_ERR')
  );
}

/** Maps an error to its exit code, code, message and hint (not yet redacted). */
export function describeError(error: unknown): DescribedError {
  if (error instanceof CliError) {
    return { exitCode: error.exitCode, code: error.code, message: error.message, hint: error.hint };
  }
  if (isAbort(error)) {
    return { exitCode: ExitCode.INTERRUPTED, code: undefined, message: 'Interrupted', hint: undefined };
  }
  if (BulkWriteImportError.isInstance(error)) {
    // Exit code and hint of what went wrong; the message names the file and the job.
    return { ...describeError(error.cause), message: error.message };
  }
  if (!ZohoBulkError.isInstance(error)) {
    const message = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: unknown } | null)?.code;
    return {
      exitCode: ExitCode.UNEXPECTED,
      code: typeof code === 'string' ? code : undefined,
      message: message || 'Unexpected error',
      hint: 'rerun with --debug for the stack trace',
    };
  }
  if (error instanceof OAuthError) {
    const hint = OAUTH_HINTS[error.code] ?? OAUTH_HINTS[error.code.toLowerCase()];
    return { exitCode: ExitCode.AUTH, code: error.code, message: error.message, hint };
  }
  if (error instanceof ZohoApiError) {
    const auth = error.status === 401 || error.code === 'OAUTH_SCOPE_MISMATCH';
    const hint =
      apiHint(error.code) ??
      (error instanceof RateLimitError ? API_HINTS.TOO_MANY_REQUESTS : undefined) ??
      (error.status >= 500 ? 'Zoho had a server error: retry later' : undefined);
    return { exitCode: auth ? ExitCode.AUTH : ExitCode.API, code: error.code, message: error.message, hint };
  }
  if (error instanceof RequestValidationError) {
    const issues = error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return {
      exitCode: ExitCode.USAGE,
      code: 'INVALID_REQUEST',
      message: issues ? `${error.message} (${issues})` : error.message,
      hint: 'fix the arguments; nothing was sent to Zoho',
    };
  }
  if (error instanceof ResponseValidationError) {
    return {
      exitCode: ExitCode.API,
      code: 'UNEXPECTED_RESPONSE',
      message: error.message,
      hint: 'Zoho answered with a shape zoho-bulk does not know; rerun with --debug and report it',
    };
  }
  if (error instanceof JobFailedError) {
    return { exitCode: ExitCode.JOB_FAILED, code: 'JOB_FAILED', message: error.message, hint: undefined };
  }
  if (error instanceof PollTimeoutError) {
    return {
      exitCode: ExitCode.TIMEOUT,
      code: 'POLL_TIMEOUT',
      message: error.message,
      hint: `the job keeps running on Zoho: check it later with \`zoho-bulk job … ${error.jobId} --wait\``,
    };
  }
  if (error instanceof ConnectionError) {
    return {
      exitCode: ExitCode.NETWORK,
      code: error.isTimeout ? 'TIMEOUT' : 'CONNECTION',
      message: error.message,
      hint: 'check the network, a proxy (HTTPS_PROXY) and --api-domain / --dc',
    };
  }
  if (error instanceof DownloadError) {
    return {
      exitCode: ExitCode.API,
      code: 'DOWNLOAD',
      message: error.message,
      hint: error.isRetryable ? 'retry; an export can continue with --resume' : undefined,
    };
  }
  return { exitCode: ExitCode.UNEXPECTED, code: undefined, message: error.message, hint: undefined };
}

/** `Error [CODE]: message (hint: …)` — one line — plus, with `debug`, the stack and causes. */
export function formatError(
  error: unknown,
  options: { debug: boolean; redactor: Redactor },
): {
  exitCode: number;
  lines: string[];
} {
  const d = describeError(error);
  const head = d.code === undefined ? 'Error' : `Error [${d.code}]`;
  const message = d.message.replace(/\s*\n\s*/g, ' ').trim();
  const lines = [`${head}: ${message}${d.hint === undefined ? '' : ` (hint: ${d.hint})`}`];
  if (options.debug) lines.push(...debugLines(error));
  return { exitCode: d.exitCode, lines: lines.map((l) => options.redactor.redact(l)) };
}

function debugLines(error: unknown): string[] {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    if (current instanceof Error) {
      lines.push(...(current.stack ?? `${current.name}: ${current.message}`).split('\n'));
      current = current.cause;
      if (current !== undefined) lines.push('Caused by:');
    } else {
      lines.push(String(current));
      break;
    }
  }
  return lines;
}
