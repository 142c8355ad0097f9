/**
 * The child resources of a parent-child bulk-write job (v7+, zoho-api-metadata-sync.md §4.2):
 * every resource after the first is a subform or line-item module of the parent, reads its own
 * CSV of the same zip (`file_names`, one CSV per module, same `file_id`), and links each row to a
 * parent row through the mapping that carries `parent_column_index` (the column of the parent CSV
 * holding the shared key). A child CSV holds at most `maxChildRowsPerFile` rows (Zoho: 200). Rows
 * are written after the parent's; a child of a skipped or missing parent row gets no `Parent_Id`
 * and is skipped (MANDATORY_NOT_FOUND). Children are always inserted.
 */
import type { FakeContext } from '../context.js';
import { bad, isObject, type ZohoFailure } from '../zoho-failure.js';
import type { BulkWriteJob, ColumnMapping } from './job.js';
import { resolveMappings } from './job.js';
import { processJob } from './process.js';
import { mandatoryFields } from './rules.js';
import { settingsOf } from './settings.js';
import { subformParent } from './subform-modules.js';
import { csvOf, type StoredUpload, type UploadedCsv } from './upload-file.js';

export interface ChildResource {
  module: string;
  fileNames: string[];
  fileName: string;
  csv: UploadedCsv;
  mappings: ColumnMapping[];
  /** The child CSV column holding the shared key. */
  linkIndex: number;
  /** The link field (`Parent_Id`). */
  linkField: string;
  /** The parent CSV column holding the shared key. */
  parentColumnIndex: number;
  outcome: BulkWriteJob['outcome'];
}

interface ParentSide {
  module: string;
  csv: UploadedCsv;
  upload: StoredUpload;
  fileNames: unknown;
}

/** Checks the resources after the parent; returns them or the error Zoho would answer. */
export function parseChildren(
  raw: readonly unknown[],
  parent: ParentSide,
  ctx: FakeContext,
): ChildResource[] | ZohoFailure {
  if (raw.length === 0) return [];
  if (!Array.isArray(parent.fileNames)) {
    return bad('MANDATORY_NOT_FOUND', 'required key file_names is not found', { api_name: 'file_names' });
  }
  const used = new Set<string>([String(parent.fileNames[0])]);
  const out: ChildResource[] = [];
  for (const [i, resource] of raw.entries()) {
    const child = parseChild(resource, i + 1, parent, used, ctx);
    if ('code' in child) return child;
    out.push(child);
  }
  return out;
}

function parseChild(
  resource: unknown,
  position: number,
  parent: ParentSide,
  used: Set<string>,
  ctx: FakeContext,
): ChildResource | ZohoFailure {
  if (!isObject(resource)) return bad('INVALID_DATA', 'invalid data', { api_name: 'resource' });
  const module = isObject(resource.module) ? resource.module.api_name : undefined;
  if (typeof module !== 'string') return bad('INVALID_DATA', 'invalid data', { api_name: 'module' });
  const def = ctx.store.module(module);
  if (!def) {
    return bad('MODULE_NOT_AVAILABLE', `Requested module '${module}' is not available.`, {
      resource_path_index: position,
    });
  }
  if (subformParent(module) !== parent.module) {
    return bad('NOT_SUPPORTED', `FakeZoho links only subforms and line items of ${parent.module}`, {
      resource_path_index: position,
    });
  }
  if (resource.file_id !== parent.upload.id) {
    return bad('INVALID_FILE_ID', 'the file_id must be the same for the parent and child modules', {
      api_name: 'file_id',
    });
  }
  const names = resource.file_names;
  if (!Array.isArray(names) || typeof names[0] !== 'string') {
    return bad('MANDATORY_NOT_FOUND', 'required key file_names is not found', { api_name: 'file_names' });
  }
  const name = names[0];
  const csv = used.has(name) ? undefined : csvOf(parent.upload, name);
  if (!csv) return bad('INVALID_DATA', 'invalid data', { api_name: 'file_names' });
  used.add(name);
  const limit = settingsOf(ctx).maxChildRowsPerFile;
  if (csv.rows.length > limit) {
    return bad('LIMIT_EXCEEDED', `a subform or line-item CSV can hold at most ${limit} rows`, {
      api_name: 'file_names',
      max_limit: limit,
    });
  }
  const rawMappings = Array.isArray(resource.field_mappings) ? resource.field_mappings : [];
  const link = rawMappings.find((m) => isObject(m) && m.parent_column_index !== undefined);
  if (!isObject(link)) {
    return bad('MANDATORY_NOT_FOUND', 'Required key parent_column_index is not available', {
      api_name: 'parent_column_index',
    });
  }
  const pci = link.parent_column_index;
  if (typeof pci !== 'number' || !Number.isInteger(pci) || pci < 0 || pci >= parent.csv.header.length) {
    return bad('INVALID_DATA', 'invalid data', { api_name: 'parent_column_index' });
  }
  const mappings = resolveMappings(resource.field_mappings, csv, ctx, module);
  if (!Array.isArray(mappings)) return mappings;
  const linkMapping = mappings.find((m) => m.field === link.api_name);
  if (linkMapping?.index === undefined || linkMapping.field !== 'Parent_Id') {
    return bad('INVALID_DATA', 'the link field must be Parent_Id with an index', { api_name: 'Parent_Id' });
  }
  linkMapping.echo = { ...linkMapping.echo, parent_column_index: pci };
  const mapped = new Set(mappings.map((m) => m.field));
  const missing = mandatoryFields(def.fields).filter((f) => !mapped.has(f));
  if (missing.length > 0) {
    return bad('MANDATORY_FIELDS_NOT_MAPPED', 'All mandatory fields are not mapped for the layout', {
      api_names: missing,
    });
  }
  return {
    module,
    fileNames: names as string[],
    fileName: name,
    csv,
    mappings,
    linkIndex: linkMapping.index,
    linkField: linkMapping.field,
    parentColumnIndex: pci,
    outcome: undefined,
  };
}

/** Applies the parent rows, then every child's rows linked to the parents' record ids (once). */
export function processFamilies(job: BulkWriteJob, ctx: FakeContext): void {
  const parent = processJob(job, ctx);
  for (const child of job.children) {
    if (child.outcome) continue;
    const byKey = new Map<string, string>();
    for (const [i, row] of job.csv.rows.entries()) {
      const key = row[child.parentColumnIndex] ?? '';
      const o = parent.rows[i]!;
      if (key !== '' && !byKey.has(key)) byKey.set(key, o.status === 'SKIPPED' ? '' : o.recordId);
    }
    const rows = child.csv.rows.map((row) => {
      const copy = [...row];
      copy[child.linkIndex] = byKey.get(row[child.linkIndex] ?? '') ?? '';
      return copy;
    });
    const mappings = child.mappings.map((m) => (m.field === child.linkField ? { ...m, findBy: 'id' } : m));
    const resource = {
      ...job,
      module: child.module,
      operation: 'insert' as const,
      findBy: undefined,
      csv: { ...child.csv, rows },
      mappings,
      outcome: undefined,
      children: [],
    };
    child.outcome = processJob(resource, ctx);
  }
}
