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
export { CallbackHub, type CallbackHubOptions } from './callbacks/callback-hub.js';
export { type CallbackEvent, parseCallbackPayload } from './callbacks/callback-payload.js';
export {
  CALLBACK_TOKEN_PARAM,
  type CallbackTokenCheck,
  type CallbackTokenOptions,
  type CreateCallbackUrlOptions,
  createCallbackToken,
  createCallbackUrl,
  verifyCallbackToken,
  verifyCallbackUrl,
} from './callbacks/callback-token.js';
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
export { formatPath } from './core/issue-path.js';
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
// Bulk Write imports
export { BulkWriteImportError, type ImportChunkInfo, importChunkOf } from './import/import-error.js';
export type {
  BulkWriteImportEvent,
  BulkWriteImportOptions,
  BulkWriteImportParams,
  ImportCallback,
  ImportFieldMapping,
} from './import/import-params.js';
// Building blocks for custom pipelines: records → upload zips
export { chunkRecords, type UploadChunk } from './import/split-into-files.js';
// Bulk Read
export { BulkRead, type BulkReadRecord } from './resources/bulk-read.js';
export type {
  BulkReadExportOptions,
  BulkReadExportQuery,
  BulkReadRecordsOptions,
  BulkReadRequestOptions,
  BulkReadWaitOptions,
  ExportJobEvent,
  ExportPageCompleteEvent,
  ExportPageStartEvent,
  ExportPollOptions,
  ExportProgressEvent,
  ExportRecordsEvent,
} from './resources/bulk-read-options.js';
// Bulk Write and Mass Update
export {
  BulkWrite,
  type BulkWriteResultsOptions,
  type BulkWriteWaitOptions,
  type RequestOptions as BulkWriteRequestOptions,
} from './resources/bulk-write.js';
export type { UploadInput, UploadOptions } from './resources/bulk-write-upload.js';
export { MassUpdate } from './resources/mass-update.js';
export type {
  BulkReadErrorMessage,
  BulkReadJob,
  BulkReadJobQuery,
  BulkReadResult,
  BulkReadState,
  ExportCheckpoint,
} from './schemas/bulk-read.js';
export type { BulkReadCreateBody, BulkReadQuery } from './schemas/bulk-read-body.js';
export {
  type BulkWriteCreated,
  type BulkWriteFileCounts,
  type BulkWriteJob,
  type BulkWriteJobResource,
  type BulkWriteStatus,
  bulkWriteCounts,
  type UploadedFile,
} from './schemas/bulk-write.js';
export type {
  BulkWriteCreateBody,
  BulkWriteFieldMapping,
  BulkWriteOperation,
  BulkWriteResource,
} from './schemas/bulk-write-body.js';
export { parseRecord, zohoCsv } from './schemas/coerce.js';
export {
  COMPARATORS,
  type Comparator,
  type Condition,
  CRITERIA_LIMITS,
  type Criteria,
  type CriteriaValue,
  EMPTY,
  type FieldRef,
  type Group,
  validateCriteria,
} from './schemas/criteria.js';
// Criteria, typed records
export {
  and,
  type BuilderValue,
  FieldConditionBuilder,
  or,
  toCriteriaDate,
  toFieldCriteria,
  toLegacyCriteria,
  where,
} from './schemas/criteria-builder.js';
export type {
  MassUpdateBody,
  MassUpdateCvidBody,
  MassUpdateIdsBody,
  MassUpdateJobStatus,
  MassUpdateResults,
  MassUpdateRowResult,
  MassUpdateScheduled,
  MassUpdateStatus,
} from './schemas/mass-update.js';
export {
  type BulkWriteRowResult,
  formatRowErrors,
  parseRowErrors,
  type RowError,
} from './schemas/row-errors.js';
export { CsvWriter, formatCsvValue } from './streaming/csv-writer.js';
// Building blocks for custom pipelines: zips
export { isZip, ZipWriter, zipCsvText } from './streaming/zip-writer.js';
