/**
 * Parent-child imports (v7+, zoho-api-metadata-sync.md §4.2), the input side: each parent record
 * may hold arrays of child records under the keys of `children`. Families (a parent and all its
 * children) are grouped into jobs without ever being split: a job ends before its parent CSV
 * would pass `maxRows` or any child CSV `maxChildRows` (Zoho's limitations page: 200 rows per
 * subform or line-item CSV). Size is not a batching rule: within those row limits a zip stays far
 * under Zoho's upload size, and one that does not is refused before upload (`buildBatchZip`), not
 * split. Each job's zip holds one
 * CSV per module: the parent CSV (the parent columns, written and mapped by the parent's plan as a
 * plain import's file, then `FAMILY_COLUMN` holding the family's number) and per child key a CSV
 * whose first column `Parent_Id` holds the same number, linked with `parent_column_index`.
 */
import type { BulkWriteCreateBody, BulkWriteFieldMapping } from '../schemas/bulk-write-body.js';
import { UPLOAD_LIMITS } from '../schemas/bulk-write-body.js';
import { CsvWriter } from '../streaming/csv-writer.js';
import { ZipWriter } from '../streaming/zip-writer.js';
import { importInputError } from './check-import.js';
import type { InputRecord } from './import-params.js';
import type { ChildRowResult } from './join-children.js';
import { headerMapping, type ImportPlan } from './plan-columns.js';

/** The parent CSV column the children link to (not mapped to any field). */
export const FAMILY_COLUMN = 'Family_Ref';

/** Zoho's documented maximum of rows in a subform or line-item CSV. */
export const DEFAULT_MAX_CHILD_ROWS = 200;

export interface Family {
  /** Input position of the parent. */
  index: number;
  parent: InputRecord;
  /** Child records per child key (the rows sent). */
  children: Record<string, InputRecord[]>;
  /** Child rows `preflight: 'rows'` held back, per key, with their position in the input array. */
  held?: Record<string, { position: number; result: ChildRowResult }[]> | undefined;
}

/** One job's worth of families. */
export interface FamilyBatch {
  families: Family[];
  /** 1-based batch number. */
  number: number;
}

export interface FamilyShape {
  parentModule: string;
  /** child key → child module API name */
  children: Readonly<Record<string, string>>;
}

/** Splits a parent record into the parent's own cells and its children per key. */
export function toFamily(record: InputRecord, index: number, keys: readonly string[]): Family {
  const parent: Record<string, unknown> = {};
  const children: Record<string, InputRecord[]> = {};
  for (const [k, v] of Object.entries(record)) {
    if (!keys.includes(k)) parent[k] = v;
    else if (v === undefined || v === null) children[k] = [];
    else if (Array.isArray(v)) children[k] = v as InputRecord[];
    else throw importInputError(['records', index, k], 'a child key must hold an array of child records');
  }
  for (const k of keys) children[k] ??= [];
  return { index, parent, children };
}

/** Groups families into batches by the row limits; a family is never split. */
export async function* batchFamilies(
  families: AsyncIterable<Family>,
  limits: { maxRows: number; maxChildRows: number },
): AsyncGenerator<FamilyBatch, void, undefined> {
  let current: Family[] = [];
  let childRows: Record<string, number> = {};
  let number = 0;
  for await (const family of families) {
    for (const [key, rows] of Object.entries(family.children)) {
      if (rows.length > limits.maxChildRows) {
        throw importInputError(
          ['records', family.index, key],
          `${rows.length} child rows, more than the ${limits.maxChildRows} one job's CSV may hold (maxChildRowsPerFile)`,
        );
      }
    }
    const fits =
      current.length < limits.maxRows &&
      Object.entries(family.children).every(
        ([key, rows]) => (childRows[key] ?? 0) + rows.length <= limits.maxChildRows,
      );
    if (!fits && current.length > 0) {
      yield { families: current, number: ++number };
      current = [];
      childRows = {};
    }
    current.push(family);
    for (const [key, rows] of Object.entries(family.children))
      childRows[key] = (childRows[key] ?? 0) + rows.length;
  }
  if (current.length > 0) yield { families: current, number: ++number };
}

/** The CSV file name of a module in a batch's zip. */
export const csvName = (module: string): string => `${module}.csv`;

/**
 * How the parent CSV is written and mapped: the parent's plan (plan-columns.ts, the same as a plain
 * import's: `columns`, `fieldMappings` with columns resolved, `dateFormats` and the mappings'
 * formats, the pre-flight's declared date formats).
 */
export interface ParentLayout {
  plan: ImportPlan;
  /** The parent CSV holds exactly `plan.columns` (`columns` given); else later keys are added per job. */
  fixed: boolean;
  /** `plan.mappings` are the caller's `fieldMappings` (resolved); else each column maps by its header. */
  mapped: boolean;
}

const familyColumnTaken = (path: (string | number)[]) =>
  importInputError(
    path,
    `${FAMILY_COLUMN} is the parent CSV column the children link to: rename that input column`,
  );

/** The parent layout of an import's parameters and its parent plan. */
export function parentLayout(
  params: { columns?: unknown; fieldMappings?: unknown },
  plan: ImportPlan,
): ParentLayout {
  if (plan.columns.includes(FAMILY_COLUMN))
    throw familyColumnTaken(['columns', plan.columns.indexOf(FAMILY_COLUMN)]);
  return { plan, fixed: params.columns !== undefined, mapped: params.fieldMappings !== undefined };
}

export interface BuiltBatch {
  zip: Uint8Array;
  /** Parent columns (without FAMILY_COLUMN, which follows them). */
  parentColumns: string[];
  /** Child columns per key (with `Parent_Id` first). */
  childColumns: Record<string, string[]>;
}

function columnsOf(records: readonly InputRecord[], first: readonly string[]): string[] {
  const seen = new Set<string>(first);
  for (const r of records) for (const k of Object.keys(r)) seen.add(k);
  return [...seen];
}

/** The zip of a batch: the parent CSV then one CSV per child key (every key, even if empty). */
export function buildBatchZip(batch: FamilyBatch, shape: FamilyShape, layout: ParentLayout): BuiltBatch {
  const parents = batch.families.map((f) => f.parent);
  const { plan } = layout;
  const parentColumns = layout.fixed ? [...plan.columns] : columnsOf(parents, plan.columns);
  const taken = batch.families.find((f) => FAMILY_COLUMN in f.parent);
  if (taken !== undefined) throw familyColumnTaken(['records', taken.index, FAMILY_COLUMN]);
  const zip = new ZipWriter();
  const parentCsv = new CsvWriter({
    columns: [...parentColumns, FAMILY_COLUMN],
    dateFormats: plan.dateFormats,
  });
  let text = parentCsv.header();
  for (const f of batch.families) {
    text += parentCsv.row({ ...f.parent, [FAMILY_COLUMN]: f.index + 1 }, f.index);
  }
  zip.entry(csvName(shape.parentModule)).write(text);
  const childColumns: Record<string, string[]> = {};
  for (const [key, module] of Object.entries(shape.children)) {
    const rows = batch.families.flatMap((f) => f.children[key] ?? []);
    const columns = columnsOf(rows, ['Parent_Id']);
    childColumns[key] = columns;
    const csv = new CsvWriter({ columns });
    let childText = csv.header();
    for (const f of batch.families) {
      for (const row of f.children[key] ?? [])
        childText += csv.row({ ...row, Parent_Id: f.index + 1 }, f.index);
    }
    zip.entry(csvName(module)).write(childText);
  }
  zip.end();
  const bytes = zip.toBytes();
  if (bytes.length > UPLOAD_LIMITS.maxZipBytes) {
    throw importInputError(['records'], `a job's zip is ${bytes.length} bytes, over Zoho's upload limit`);
  }
  return { zip: bytes, parentColumns, childColumns };
}

/**
 * A batch's job resources: the parent first (the caller's mappings, else every column by its
 * header; never `FAMILY_COLUMN`), `file_names` on every resource, each child linked by
 * `parent_column_index` to `FAMILY_COLUMN`, which follows the parent's columns.
 */
export function familyResources(
  shape: FamilyShape,
  built: BuiltBatch,
  fileId: string,
  job: {
    layout: ParentLayout;
    findBy?: string | undefined;
    /** The date format declared for a child column (`key`: the child key). */
    childFormat?: ((key: string, column: string) => string | undefined) | undefined;
  },
): BulkWriteCreateBody['resource'] {
  const { plan, mapped } = job.layout;
  const formatOf = job.childFormat ?? (() => undefined);
  const parentMappings = mapped
    ? plan.mappings!
    : built.parentColumns.map((c, i) => headerMapping(c, i, plan.dateFormats[c]));
  const link = built.parentColumns.length; // FAMILY_COLUMN
  const parent: BulkWriteCreateBody['resource'][number] = {
    type: 'data',
    module: { api_name: shape.parentModule },
    file_id: fileId,
    file_names: [csvName(shape.parentModule)],
    field_mappings: parentMappings,
  };
  if (job.findBy !== undefined) parent.find_by = job.findBy;
  const children = Object.entries(shape.children).map(([key, module]) => ({
    type: 'data' as const,
    module: { api_name: module },
    file_id: fileId,
    file_names: [csvName(module)],
    field_mappings: (built.childColumns[key] ?? []).map(
      (c, i): BulkWriteFieldMapping =>
        c === 'Parent_Id'
          ? { api_name: 'Parent_Id', index: i, parent_column_index: link }
          : headerMapping(c, i, formatOf(key, c)),
    ),
  }));
  return [parent, ...children];
}
