/**
 * The bulk-write result file (zoho-api.md §3.4): every uploaded row comes back with `STATUS`,
 * `RECORD_ID` and `ERRORS`, the last written as `CODE-field,field:CODE-field`, e.g.
 * `MANDATORY_NOT_FOUND-Company,Last_Name:DUPLICATE_DATA-Email`.
 */

/** One per-row error: a Zoho code and the column headers it concerns (possibly none). */
export interface RowError {
  code: string;
  fields: string[];
}

/** The outcome of one uploaded row. */
export interface BulkWriteRowResult {
  /** 0-based position of the record in the input (set by `bulkWrite.import`). */
  index?: number;
  status: 'ADDED' | 'UPDATED' | 'SKIPPED' | 'UNPROCESSED' | (string & {});
  /** The id Zoho wrote, `null` when it wrote none. */
  recordId: string | null;
  errors: RowError[];
  /** The result-file row as Zoho wrote it, `STATUS`, `RECORD_ID` and `ERRORS` included. */
  row: Record<string, string>;
  /**
   * Set on a row `import(params, { preflight: 'rows' })` found unwritable and did not send: its
   * `status` is `SKIPPED`, `errors` say why (Zoho's codes), `row` holds the cells it would have sent.
   */
  local?: true;
}

/**
 * `'MANDATORY_NOT_FOUND-Company,Last_Name:DUPLICATE_DATA-Email'` →
 * `[{ code: 'MANDATORY_NOT_FOUND', fields: ['Company', 'Last_Name'] }, { code: 'DUPLICATE_DATA', fields: ['Email'] }]`.
 * `''` → `[]`; a bare code (`LIMIT_EXCEEDED`) has no fields. Whitespace around parts is ignored.
 */
export function parseRowErrors(cell: string): RowError[] {
  const out: RowError[] = [];
  for (const part of cell.split(':')) {
    const text = part.trim();
    if (text === '') continue;
    const dash = text.indexOf('-');
    if (dash === -1) {
      out.push({ code: text, fields: [] });
      continue;
    }
    const fields = text
      .slice(dash + 1)
      .split(',')
      .map((f) => f.trim())
      .filter((f) => f !== '');
    out.push({ code: text.slice(0, dash).trim(), fields });
  }
  return out;
}

/** The inverse of `parseRowErrors`: `CODE-field,field` joined by `:`. */
export function formatRowErrors(errors: readonly { code: string; fields: readonly string[] }[]): string {
  return errors.map((e) => (e.fields.length === 0 ? e.code : `${e.code}-${e.fields.join(',')}`)).join(':');
}

/** Reads a column whatever its case (`STATUS`, `Status`). */
function pick(row: Readonly<Record<string, string>>, name: string): string | undefined {
  const exact = row[name];
  if (exact !== undefined) return exact;
  for (const key of Object.keys(row)) if (key.toUpperCase() === name) return row[key];
  return undefined;
}

/** Turns one result-file record into a `BulkWriteRowResult`; `index` is the input position, when known. */
export function toBulkWriteRowResult(
  row: Readonly<Record<string, string>>,
  index?: number,
): BulkWriteRowResult {
  const recordId = pick(row, 'RECORD_ID')?.trim() ?? '';
  const result: BulkWriteRowResult = {
    status: pick(row, 'STATUS')?.trim() ?? '',
    recordId: recordId === '' ? null : recordId,
    errors: parseRowErrors(pick(row, 'ERRORS') ?? ''),
    row: { ...row },
  };
  if (index !== undefined) result.index = index;
  return result;
}
