/**
 * zoho-bulk — Zoho CRM bulk APIs for Node. A curated list of named exports (no `export *`): every
 * value exported here is documented in README.md; types follow the values and options they
 * describe. Everything else — src/core above all, the internal toolbox — stays inside.
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
  type CallbackTokenCheck,
  type CallbackTokenOptions,
  type CreateCallbackUrlOptions,
  createCallbackUrl,
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
// Field metadata, typed records
export {
  buildRecordSchema,
  type RecordSchema,
  type RecordSchemaOptions,
  type TypedRecord,
  type TypedValue,
} from './fields/record-schema.js';
export { type GenerateTypesOptions, generateTypes, type ModuleFields } from './fields/type-generator.js';
// Bulk Write imports
export { BulkWriteImportError, type ImportChunkInfo, importChunkOf } from './import/import-error.js';
export type {
  BulkWriteImportEvent,
  BulkWriteImportOptions,
  BulkWriteImportParams,
  ImportCallback,
  ImportFieldMapping,
  PreflightMode,
} from './import/import-params.js';
export type { ColumnProblem, ColumnProblemCode } from './import/preflight/column-check.js';
export type { ValueRule } from './import/preflight/field-values.js';
export type { RowProblem } from './import/preflight/row-check.js';
export { type BulkWriteCheckReport, CREDITS_PER_JOB } from './import/preflight/run-check.js';
// Bulk Read
export type { BulkRead, BulkReadRecord } from './resources/bulk-read.js';
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
export type {
  BulkWrite,
  BulkWriteResultsOptions,
  BulkWriteWaitOptions,
} from './resources/bulk-write.js';
export type { UploadInput, UploadOptions } from './resources/bulk-write-upload.js';
export type { Fields, FieldsListOptions } from './resources/fields.js';
export type { MassUpdate } from './resources/mass-update.js';
export type {
  RequestOptions,
  RequestOptions as BulkWriteRequestOptions,
} from './resources/request-options.js';
export type {
  BulkReadErrorMessage,
  BulkReadJob,
  BulkReadJobQuery,
  BulkReadResult,
  BulkReadState,
  ExportCheckpoint,
} from './schemas/bulk-read.js';
export type { BulkReadCreateBody, BulkReadQuery } from './schemas/bulk-read-body.js';
export type {
  BulkWriteCreated,
  BulkWriteFileCounts,
  BulkWriteJob,
  BulkWriteJobResource,
  BulkWriteStatus,
  UploadedFile,
} from './schemas/bulk-write.js';
export type {
  BulkWriteCreateBody,
  BulkWriteFieldMapping,
  BulkWriteOperation,
  BulkWriteResource,
} from './schemas/bulk-write-body.js';
// Typed records
export { zohoCsv } from './schemas/coerce.js';
export type { Comparator, Condition, Criteria, CriteriaValue, FieldRef, Group } from './schemas/criteria.js';
// Criteria builder
export {
  and,
  type BuilderValue,
  type FieldConditionBuilder,
  or,
  where,
} from './schemas/criteria-builder.js';
// Incremental sync (bulkRead.changes)
export type { DeletedType } from './schemas/deleted-records.js';
export type { ZohoDataType, ZohoField, ZohoPicklistValue } from './schemas/fields.js';
export type {
  MassUpdateBody,
  MassUpdateCriterion,
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
export type { SyncCursor } from './sync/cursor.js';
export type {
  ChangeEvent,
  ChangesOptions,
  ChangesQuery,
  DeleteEvent,
  SyncCheckpoint,
  SyncDeletedPageEvent,
  SyncDeletionsIncompleteEvent,
  SyncProgressEvent,
  UpsertEvent,
} from './sync/options.js';
