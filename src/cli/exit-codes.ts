/**
 * Exit codes of the `zoho-bulk` CLI, and the CLI-only error that carries one. Library errors keep
 * their own classes (src/core/errors.ts); `errors.ts` maps them to these codes.
 */
export const ExitCode = {
  /** Everything worked (for imports: every row ADDED or UPDATED). */
  OK: 0,
  /** A bug or an error nobody classified. */
  UNEXPECTED: 1,
  /** Bad flags or arguments, bad criteria, unreadable input or config file. */
  USAGE: 2,
  /** The job ran, but some rows were SKIPPED/UNPROCESSED (import) or not updated (mass update). */
  PARTIAL: 3,
  /** No credentials, or Zoho refused them (OAuth error, 401, scope mismatch). */
  AUTH: 4,
  /** Zoho answered with an error (4xx/5xx, rate limit, unreadable result file). */
  API: 5,
  /** A job reached FAILED/FAILURE. */
  JOB_FAILED: 6,
  /** Waiting for a job timed out; the job keeps running on Zoho. */
  TIMEOUT: 7,
  /** Zoho could not be reached (DNS, refused, reset, TLS, request timeout). */
  NETWORK: 8,
  /** Interrupted by SIGINT/SIGTERM (128 + 2). */
  INTERRUPTED: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** An error the CLI raises itself: its message is printed as is, with an optional hint. */
export class CliError extends Error {
  readonly exitCode: number;
  readonly hint: string | undefined;
  readonly code: string | undefined;

  constructor(
    message: string,
    options: { exitCode?: number; hint?: string; code?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CliError';
    this.exitCode = options.exitCode ?? ExitCode.UNEXPECTED;
    this.hint = options.hint;
    this.code = options.code;
  }
}

/** Bad flags, arguments or input: exit code 2. */
export function usageError(message: string, hint?: string): CliError {
  return new CliError(
    message,
    hint === undefined ? { exitCode: ExitCode.USAGE } : { exitCode: ExitCode.USAGE, hint },
  );
}
