/** Events a `logger` receives. URLs have no query secrets; headers and bodies are never included. */
export type LogEvent =
  | { type: 'request'; method: string; url: string; attempt: number }
  | { type: 'response'; method: string; url: string; status: number; durationMs: number }
  | { type: 'retry'; method: string; url: string; attempt: number; delayMs: number; reason: string }
  | { type: 'token-refresh'; accountsDomain: string; reason: 'expired' | 'forced' | 'initial' }
  /** A result download starts again after a failure (`attempt` 2 = first retry), skipping `resumeAfterRow` records. */
  | { type: 'download'; url: string; jobId?: string; attempt: number; resumeAfterRow?: number }
  /** `bulkRead.changes` started from a cursor older than Zoho keeps deletions: some may be missing. */
  | { type: 'sync-deletions-incomplete'; module: string; since: string; retentionDays: number }
  /**
   * `bulkWrite.import` / `check` with `preflight: 'auto'` went on without checking columns and
   * values: the module's fields could not be read (`code`: Zoho's error code, e.g.
   * `OAUTH_SCOPE_MISMATCH` for a token without `ZohoCRM.settings.fields.READ`).
   */
  | { type: 'import-preflight-skipped'; module: string; reason: string; code?: string };

/** Receives one object per event. `console.error` style loggers can use `(e) => console.error(e)`. */
export type Logger = (event: LogEvent) => void;
