/**
 * The part of BulkClient the CLI uses. Commands depend on `CliClient`, not on the class, so tests
 * can drive them with an in-memory client; it is picked from the real types, so it cannot drift
 * from the library (a changed signature fails to compile here or in the commands).
 */
import type { BulkClient } from '../client.js';
import type { WaitOptions } from '../core/poller.js';
import type { BulkWriteImportEvent, BulkWriteImportParams, PreflightMode } from '../import/import-params.js';
import type { FamilyRowResult } from '../import/join-children.js';
import type { BulkWriteCheckReport } from '../import/preflight/run-check.js';
import type {
  BulkReadExportOptions,
  BulkReadExportQuery,
  ExportProgressEvent,
} from '../resources/bulk-read-options.js';
import type { BulkReadJob, ExportCheckpoint } from '../schemas/bulk-read.js';
import type { BulkWriteJob } from '../schemas/bulk-write.js';
import type { Criteria } from '../schemas/criteria.js';
import type { MassUpdateBody, MassUpdateRowResult, MassUpdateStatus } from '../schemas/mass-update.js';
import type { BulkWriteRowResult } from '../schemas/row-errors.js';

export type {
  BulkReadExportOptions,
  BulkReadJob,
  BulkWriteCheckReport,
  BulkWriteImportEvent,
  BulkWriteImportParams,
  BulkWriteJob,
  BulkWriteRowResult,
  Criteria,
  ExportCheckpoint,
  ExportProgressEvent,
  FamilyRowResult,
  MassUpdateBody,
  MassUpdateRowResult,
  MassUpdateStatus,
  PreflightMode,
};

/** Records are keyed by the CSV header; values are the CSV text. */
export type CliRecord = Record<string, string>;

/** The query of an export (module, fields, criteria, cvid). */
export type ExportQuery = BulkReadExportQuery;

/** What every `waitFor` takes (signal, timeout, interval, onProgress per job read). */
export type WaitCallOptions<Job> = WaitOptions<Job>;

/** The methods of BulkClient the CLI calls, with the library's own signatures. */
export interface CliClient extends Pick<BulkClient, 'close'> {
  readonly bulkRead: Pick<BulkClient['bulkRead'], 'export' | 'changes' | 'get' | 'waitFor'>;
  readonly bulkWrite: Pick<BulkClient['bulkWrite'], 'import' | 'check' | 'get' | 'waitFor'>;
  readonly massUpdate: Pick<BulkClient['massUpdate'], 'create' | 'get' | 'waitFor'>;
  /** Field metadata (`types`, `export --typed`). */
  readonly fields: Pick<BulkClient['fields'], 'list' | 'recordSchema'>;
}
