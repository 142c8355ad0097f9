/**
 * zoho-bulk — Zoho CRM bulk APIs for Node. A curated list of named exports (no `export *`).
 */

export {
  type ExchangeGrantCodeOptions,
  exchangeGrantCode,
  type GrantCodeTokens,
} from './auth/exchange-grant-code.js';
export { RefreshTokenProvider, type RefreshTokenProviderOptions } from './auth/refresh-token-provider.js';
export { StaticTokenProvider } from './auth/static-token-provider.js';
export type {
  AccessToken,
  GetTokenOptions,
  StoredToken,
  TokenProvider,
  TokenStore,
} from './auth/token-provider.js';
export { BulkClient } from './client.js';
export type { DataCenter, DataCenterHosts } from './core/data-centers.js';
export { dataCenters } from './core/data-centers.js';
export {
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
} from './core/errors.js';
export type { LogEvent, Logger } from './core/logger.js';
export type {
  ApiVersion,
  BulkClientOptions,
  Clock,
  FetchLike,
  PollOptions,
  RefreshTokenCredentials,
} from './core/options.js';
export type { WaitOptions } from './core/poller.js';
export type { ZodIssue } from './core/zod-issue.js';

// RESOURCES / SCHEMAS / STREAMING: further exports (resource types, criteria builder, coercion
// helpers, BulkWriteRowResult …) are added below by the helpers who write those modules.
