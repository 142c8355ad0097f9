/** `zoho-bulk/testing`: an in-memory Zoho CRM to test against, with helpers for fixtures. */

export type { FakeCredentials } from './auth/token-registry.js';
export type { FakeWriteControls, FakeWriteSettings } from './bulk-write/settings.js';
export type { FieldType } from './data/gen.js';
export type { FakeRecord } from './data/store.js';
export type { FakeDeletion, FakeDeletionType } from './deleted/deletion-log.js';
export { FakeZoho } from './fake-zoho.js';
export type { Fault, FaultEffect, FaultHandle, FaultMatch } from './faults.js';
export { csvCell, csvRow, type ToZohoCsvOptions, toZohoCsv } from './format/csv.js';
export {
  type BuildZipEntry,
  type BuildZipOptions,
  buildZip,
  type ZipStreamOptions,
  zipStream,
} from './format/zip-stream.js';
export type { FakeServer, ListenOptions } from './http/node-server.js';
export type { FakeJob, JobFailure } from './jobs.js';
export type { FakeModuleOptions, FakeOrg, FakeOrigins, FakeView, FakeZohoOptions } from './options.js';
export type { FakeRequestLogEntry } from './request-log.js';
