/**
 * Step 2 of an import, once the first record is known: the CSV columns, the `field_mappings` sent
 * to Zoho (named columns resolved to indexes) and the date format of every date column.
 */
import type { BulkWriteFieldMapping } from '../schemas/bulk-write-body.js';
import type { DateFormat } from '../streaming/csv-writer.js';
import { type CheckedImport, importInputError } from './check-import.js';
import type { BulkWriteImportParams, ImportFieldMapping, InputRecord } from './import-params.js';

export interface ImportPlan {
  columns: readonly string[];
  /** Sent as `field_mappings`; undefined lets Zoho map the header row. */
  mappings: BulkWriteFieldMapping[] | undefined;
  /** Per column, for `Date` values (from `dateFormats` and the mappings' `format`). */
  dateFormats: Record<string, DateFormat>;
}

/** Mappings with every `column` resolved to an `index` against `columns`. */
function resolveMappings(
  mappings: readonly ImportFieldMapping[],
  columns: readonly string[],
): BulkWriteFieldMapping[] {
  return mappings.map((m, i) => {
    const { column, ...rest } = m;
    if (column === undefined) {
      if (m.index !== undefined && m.index >= columns.length) {
        throw importInputError(
          ['fieldMappings', i, 'index'],
          `index ${m.index} is past the last column (${columns.length - 1})`,
        );
      }
      return rest;
    }
    const index = columns.indexOf(column);
    if (index < 0) {
      throw importInputError(
        ['fieldMappings', i, 'column'],
        `column ${JSON.stringify(column)} is not among the input columns`,
      );
    }
    return { ...rest, index };
  });
}

/** The mapping Zoho would infer from a header (`Lookup.field` → find_by), with a format. */
export function headerMapping(
  column: string,
  index: number,
  format: string | undefined,
): BulkWriteFieldMapping {
  const dot = column.indexOf('.');
  const mapping: BulkWriteFieldMapping =
    column === 'Id'
      ? { api_name: 'id', index }
      : dot > 0
        ? { api_name: column.slice(0, dot), index, find_by: column.slice(dot + 1) }
        : column === 'Parent_Id'
          ? { api_name: column, index, find_by: 'id' } // a subform's parent record id (Zoho's sample)
          : { api_name: column, index };
  if (format !== undefined) mapping.format = format;
  return mapping;
}

/** Columns (given, or the first record's keys), mappings with columns resolved, date formats. */
export function planImport(
  params: Pick<BulkWriteImportParams, 'fieldMappings'>,
  checked: Pick<CheckedImport['params'], 'columns' | 'dateFormats'>,
  first: InputRecord,
): ImportPlan {
  const columns = checked.columns ?? Object.keys(first);
  let mappings =
    params.fieldMappings === undefined ? undefined : resolveMappings(params.fieldMappings, columns);
  const dated = Object.keys(checked.dateFormats ?? {}).length > 0;
  if (mappings === undefined && (dated || columns.includes('Parent_Id'))) {
    // Zoho must be told the date formats, and a subform's `Parent_Id` is mapped with
    // `find_by: 'id'`: map every column explicitly.
    mappings = columns.map((column, index) => headerMapping(column, index, checked.dateFormats?.[column]));
  }
  const dateFormats: Record<string, DateFormat> = {};
  for (const m of mappings ?? []) {
    const column = m.index === undefined ? undefined : columns[m.index];
    if (column !== undefined && m.format !== undefined) dateFormats[column] = m.format;
  }
  Object.assign(dateFormats, checked.dateFormats);
  return { columns, mappings, dateFormats };
}
