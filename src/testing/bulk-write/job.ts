/**
 * A bulk-write job of the fake: the create body checked with Zoho's job-level error codes
 * (zoho-api.md §3.7), its column mappings resolved by column-mappings.ts (JSON: job-json.ts).
 */
import type { FakeContext } from '../context.js';
import type { ModuleDef } from '../data/modules.js';
import type { FakeJob } from '../jobs.js';
import { bad, isObject, type ZohoFailure } from '../zoho-failure.js';
import { type ChildResource, parseChildren } from './child-resources.js';
import { type ColumnMapping, resolveMappings } from './column-mappings.js';
import type { RowOutcome } from './process.js';
import { mandatoryFields, uniqueFields } from './rules.js';
import { csvOf, type StoredUpload, type UploadedCsv } from './upload-file.js';

export { type ColumnMapping, resolveMappings } from './column-mappings.js';

export interface BulkWriteJob extends FakeJob {
  version: string;
  versionNumber: number;
  module: string;
  operation: 'insert' | 'update' | 'upsert';
  findBy: string | undefined;
  /** In force for the resource: its own `ignore_empty`, else the top-level one. */
  ignoreEmpty: boolean;
  /** The top-level `ignore_empty` as sent (echoed at the top level). */
  topIgnoreEmpty: boolean;
  characterEncoding: string;
  callback: unknown;
  fileId: string;
  fileNames: string[] | undefined;
  fileName: string;
  csv: UploadedCsv;
  mappings: ColumnMapping[];
  /** Set once processed (the first time the job is seen completed). */
  outcome: { rows: RowOutcome[]; added: number; updated: number; skipped: number } | undefined;
  /** The child resources of a parent-child job (v7+), after the parent; empty otherwise. */
  children: ChildResource[];
}

export type ParsedJob = Omit<BulkWriteJob, keyof FakeJob | 'outcome' | 'version' | 'versionNumber'>;

/** Checks a create body; returns the job's data or the error Zoho would answer. */
export function parseCreateBody(
  body: Record<string, unknown>,
  version: number,
  uploads: ReadonlyMap<string, StoredUpload>,
  ctx: FakeContext,
): ParsedJob | ZohoFailure {
  const shape = checkBodyShape(body, version);
  if ('code' in shape) return shape;
  const { operation, callback, resources, resource } = shape;
  const source = checkParentSource(resource, version, uploads, ctx);
  if ('code' in source) return source;
  const { moduleName, def, upload, fileNames, csv } = source;

  const mappings = resolveMappings(resource.field_mappings, csv, ctx, moduleName);
  if (!Array.isArray(mappings)) return mappings;

  const findBy = resource.find_by;
  const keyFailure =
    checkFindBy(operation, findBy, def, mappings) ?? checkMandatoryMapped(operation, def, mappings);
  if (keyFailure) return keyFailure;
  const children = parseChildren(resources.slice(1), { module: moduleName, csv, upload, fileNames }, ctx);
  if (!Array.isArray(children)) return children;
  return {
    children,
    module: moduleName,
    operation,
    findBy: typeof findBy === 'string' ? findBy : undefined,
    ignoreEmpty: (resource.ignore_empty ?? body.ignore_empty) === true,
    topIgnoreEmpty: body.ignore_empty === true,
    characterEncoding: typeof body.character_encoding === 'string' ? body.character_encoding : 'UTF-8',
    callback,
    fileId: upload.id,
    fileNames: Array.isArray(fileNames) ? (fileNames as string[]) : undefined,
    fileName: csv.name,
    csv,
    mappings,
  };
}

interface BodyShape {
  operation: BulkWriteJob['operation'];
  callback: unknown;
  resources: unknown[];
  /** The parent resource (the first). */
  resource: Record<string, unknown>;
}

/** The body's own keys: operation, callback, ignore_empty, and the resource list. */
function checkBodyShape(body: Record<string, unknown>, version: number): BodyShape | ZohoFailure {
  const operation = body.operation;
  if (operation === undefined) {
    return bad('MANDATORY_NOT_FOUND', 'required key operation is not found in request body.', {
      api_name: 'operation',
    });
  }
  if (operation !== 'insert' && operation !== 'update' && operation !== 'upsert') {
    return bad('INVALID_DATA', 'invalid data', { api_name: 'operation' });
  }
  const callback = body.callback ?? body.callBack;
  const badCallback = checkCallback(callback);
  if (badCallback) return badCallback;
  if (body.ignore_empty !== undefined && typeof body.ignore_empty !== 'boolean') {
    return bad('INVALID_DATA', 'invalid data', { api_name: 'ignore_empty' });
  }
  const resources = body.resource;
  if (!Array.isArray(resources) || resources.length === 0) {
    return bad('MANDATORY_NOT_FOUND', 'required key resource is not found in request body.', {
      api_name: 'resource',
    });
  }
  if (resources.length > 1 && version < 7) {
    return bad('INVALID_DATA', 'only one resource is supported before v7', { api_name: 'resource' });
  }
  const resource = resources[0];
  if (!isObject(resource)) return bad('INVALID_DATA', 'invalid data', { api_name: 'resource' });
  return { operation, callback, resources, resource };
}

function checkCallback(callback: unknown): ZohoFailure | undefined {
  if (callback === undefined) return undefined;
  if (!isObject(callback) || typeof callback.url !== 'string' || !/^https?:\/\//.test(callback.url)) {
    return bad('INVALID_DATA', 'invalid data', { api_name: 'callback' });
  }
  if (String(callback.method ?? '').toLowerCase() !== 'post') {
    return bad('INVALID_CALLBACK_METHOD', 'the callback method is not supported', {
      supported_callback_methods: ['post'],
    });
  }
  return undefined;
}

interface ParentSource {
  moduleName: string;
  def: ModuleDef;
  upload: StoredUpload;
  fileNames: unknown;
  csv: UploadedCsv;
}

/** The parent resource's ignore_empty, module, and the uploaded CSV it reads. */
function checkParentSource(
  resource: Record<string, unknown>,
  version: number,
  uploads: ReadonlyMap<string, StoredUpload>,
  ctx: FakeContext,
): ParentSource | ZohoFailure {
  // Zoho's docs put ignore_empty at the top level, its OpenAPI file and SDK models also per resource.
  if (resource.ignore_empty !== undefined && typeof resource.ignore_empty !== 'boolean') {
    return bad('INVALID_DATA', 'invalid data', { api_name: 'ignore_empty' });
  }
  const rawModule = resource.module;
  const moduleName = version < 2.1 ? rawModule : isObject(rawModule) ? rawModule.api_name : undefined;
  if (rawModule === undefined)
    return bad('MANDATORY_NOT_FOUND', 'required key module is not found', { api_name: 'module' });
  if (typeof moduleName !== 'string') return bad('INVALID_DATA', 'invalid data', { api_name: 'module' });
  const def = ctx.store.module(moduleName);
  if (!def) {
    return bad('MODULE_NOT_AVAILABLE', `Requested module '${moduleName}' is not available.`, {
      resource_path_index: 0,
    });
  }
  if (resource.file_id === undefined)
    return bad('MANDATORY_NOT_FOUND', 'required key file_id is not found', { api_name: 'file_id' });
  const upload = typeof resource.file_id === 'string' ? uploads.get(resource.file_id) : undefined;
  if (!upload) return bad('INVALID_FILE_ID', 'improper file id', { api_name: 'file_id' });
  const fileNames = resource.file_names;
  if (
    fileNames !== undefined &&
    (version < 7 || !Array.isArray(fileNames) || typeof fileNames[0] !== 'string')
  ) {
    return bad('INVALID_DATA', 'invalid data', { api_name: 'file_names' });
  }
  let csv: UploadedCsv | undefined;
  try {
    csv = csvOf(upload, Array.isArray(fileNames) ? (fileNames[0] as string) : undefined);
  } catch {
    return bad('FILE_NOT_SUPPORTED', 'File not supported for bulk write', { api_name: 'file_id' });
  }
  if (!csv) return bad('INVALID_DATA', 'invalid data', { api_name: 'file_names' });
  return { moduleName, def, upload, fileNames, csv };
}

/** find_by: needed unless inserting; 'id' or a unique field, mapped unless inserting. */
function checkFindBy(
  operation: BulkWriteJob['operation'],
  findBy: unknown,
  def: ModuleDef,
  mappings: readonly ColumnMapping[],
): ZohoFailure | undefined {
  if (operation !== 'insert' && (findBy === undefined || findBy === null || findBy === '')) {
    return bad('MANDATORY_NOT_FOUND', 'Required key find_by is not available', { api_name: 'find_by' });
  }
  if (findBy !== undefined && findBy !== null) {
    const ok = typeof findBy === 'string' && (findBy === 'id' || uniqueFields(def.fields).includes(findBy));
    if (!ok || (operation !== 'insert' && !mappings.some((m) => m.field === findBy))) {
      return bad('INVALID_DATA', 'the find_by field is not unique or not mapped', { api_name: 'find_by' });
    }
  }
  return undefined;
}

/** Inserts and upserts must map every mandatory field of the module. */
function checkMandatoryMapped(
  operation: BulkWriteJob['operation'],
  def: ModuleDef,
  mappings: readonly ColumnMapping[],
): ZohoFailure | undefined {
  if (operation === 'update') return undefined;
  const mapped = new Set(mappings.map((m) => m.field));
  const missing = mandatoryFields(def.fields).filter((f) => !mapped.has(f));
  if (missing.length === 0) return undefined;
  return bad('MANDATORY_FIELDS_NOT_MAPPED', 'All mandatory fields are not mapped for the layout', {
    api_names: missing,
  });
}
