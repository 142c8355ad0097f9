/** One line per library log event, for --verbose (the library never puts a secret in an event). */
import type { LogEvent } from '../core/logger.js';

export function formatLogEvent(event: LogEvent): string {
  switch (event.type) {
    case 'request':
      return `→ ${event.method} ${event.url}${event.attempt > 1 ? ` (attempt ${event.attempt})` : ''}`;
    case 'response':
      return `← ${event.status} ${event.method} ${event.url} ${Math.round(event.durationMs)} ms`;
    case 'retry':
      return `↻ ${event.method} ${event.url}: ${event.reason}; attempt ${event.attempt + 1} in ${Math.round(event.delayMs)} ms`;
    case 'token-refresh':
      return `token refresh (${event.reason}) at ${event.accountsDomain}`;
    case 'download':
      return `⇣ download ${event.url}${event.jobId ? ` job ${event.jobId}` : ''}${
        event.attempt > 1 ? ` (attempt ${event.attempt})` : ''
      }${event.resumeAfterRow === undefined ? '' : ` resuming after row ${event.resumeAfterRow}`}`;
    default:
      return JSON.stringify(event);
  }
}
