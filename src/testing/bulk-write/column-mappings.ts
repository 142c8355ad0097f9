/**
 * The column → field mappings of a bulk-write resource, resolved against its uploaded CSV: the
 * `field_mappings` sent, or else the header row read as API names (zoho-api.md §3.7).
 */
import type { FakeContext } from '../context.js';
import { importableFields } from '../data/field-meta.js';
import { bad, isObject, type ZohoFailure } from '../zoho-failure.js';
import type { UploadedCsv } from './upload-file.js';

/** One column → field mapping, resolved. `field` 'id' is the record id column (find_by id). */
export interface ColumnMapping {
  field: string;
  /** CSV column, when mapped by index. */
  index: number | undefined;
  /** Header of that column (or the api name): how ERRORS names the field. */
  label: string;
  findBy: string | undefined;
  format: string | undefined;
  defaultValue: string | undefined;
  /** Echo for the job JSON. */
  echo: Record<string, unknown>;
}

const MAX_MAPPINGS = 200;

export function resolveMappings(
  raw: unknown,
  csv: UploadedCsv,
  ctx: FakeContext,
  module: string,
): ColumnMapping[] | ZohoFailure {
  const importable = importableFields(ctx, module);
  const known = (name: string) => importable.has(name);
  if (raw === undefined || raw === null) return headerMappings(csv, known);
  if (!Array.isArray(raw)) return bad('INVALID_DATA', 'invalid data', { api_name: 'field_mappings' });
  if (raw.length > MAX_MAPPINGS) {
    return bad('HEADER_LIMIT_EXCEEDED', 'the number of mapped fields exceeds the limit', {
      max_limit: MAX_MAPPINGS,
    });
  }
  const out: ColumnMapping[] = [];
  for (const m of raw) {
    const mapping = fieldMapping(m, csv, known);
    if ('code' in mapping) return mapping;
    out.push(mapping);
  }
  return out;
}

/** Without field_mappings the header row is read as API names (`Lookup.field` for lookups). */
function headerMappings(csv: UploadedCsv, known: (name: string) => boolean): ColumnMapping[] | ZohoFailure {
  const out: ColumnMapping[] = [];
  for (const [index, header] of csv.header.entries()) {
    const dot = header.indexOf('.');
    const field = header === 'Id' ? 'id' : dot > 0 ? header.slice(0, dot) : header;
    if (!known(field))
      return bad('INVALID_FIELD', `invalid mapping. invalid api_name ${header}`, { api_name: header });
    const findBy = dot > 0 ? header.slice(dot + 1) : undefined;
    out.push({
      field,
      index,
      label: header,
      findBy,
      format: undefined,
      defaultValue: undefined,
      echo: { api_name: field, index },
    });
  }
  return out;
}

/** One entry of field_mappings: a known api_name, and a column index in the CSV or a default value. */
function fieldMapping(
  m: unknown,
  csv: UploadedCsv,
  known: (name: string) => boolean,
): ColumnMapping | ZohoFailure {
  if (!isObject(m) || typeof m.api_name !== 'string' || m.api_name === '') {
    return bad('MANDATORY_NOT_FOUND', 'required key api_name is not found', { api_name: 'api_name' });
  }
  const field = m.api_name === 'Id' ? 'id' : m.api_name;
  if (!known(field))
    return bad('INVALID_FIELD', `invalid mapping. invalid api_name ${m.api_name}`, {
      api_name: m.api_name,
    });
  const defaultValue =
    isObject(m.default_value) && m.default_value.value !== undefined
      ? String(m.default_value.value)
      : undefined;
  const index = m.index;
  if (index === undefined || index === null) {
    if (defaultValue === undefined) {
      return bad('COLUMN_INDEX_NOT_FOUND', `required key index for field ${m.api_name} is not found`, {
        api_name: m.api_name,
      });
    }
  } else if (
    typeof index !== 'number' ||
    !Number.isInteger(index) ||
    index < 0 ||
    index >= csv.header.length
  ) {
    return bad(
      'COLUMN_INDEX_NOT_FOUND',
      `column index ${String(index)} for field ${m.api_name} is not found`,
      {
        api_name: m.api_name,
      },
    );
  }
  const i = typeof index === 'number' ? index : undefined;
  return {
    field,
    index: i,
    label: i === undefined ? m.api_name : (csv.header[i] ?? m.api_name),
    findBy: typeof m.find_by === 'string' ? m.find_by : undefined,
    format: typeof m.format === 'string' ? m.format : undefined,
    defaultValue,
    echo: {
      api_name: m.api_name,
      index: i ?? null,
      format: m.format ?? null,
      find_by: m.find_by ?? null,
      module: m.module ?? null,
      default_value: m.default_value ?? null,
    },
  };
}
