/**
 * The content of a bulk-read result file, generated record by record while it streams: CSV
 * (header `Id` + columns, Zoho's quoting, CRLF) or ICS for Events. Rows are batched into chunks
 * of about 64 KB; nothing else is kept.
 */
import type { RecordStore } from '../data/store.js';
import { csvRow } from '../format/csv.js';
import { icsEvent, icsFooter, icsHeader } from '../format/ics.js';
import type { BulkReadJob } from './job.js';
import type { PageSpan } from './pager.js';

const CHUNK = 64 * 1024;

export function* csvChunks(
  store: RecordStore,
  job: BulkReadJob,
  span: PageSpan,
  bom: boolean,
): Generator<string> {
  const { module, columns, predicate } = job.query;
  const getters = columns.map((column) => {
    const getter = store.column(module, column);
    if (!getter) throw new Error(`FakeZoho: no column ${column} in ${module}`);
    return getter;
  });
  let chunk = (bom ? '\uFEFF' : '') + csvRow(columns);
  const row = new Array<string>(getters.length);
  for (let position = span.start; position < span.end; position++) {
    const values = store.values(module, position);
    if (values === undefined || (predicate !== undefined && !predicate(values, position))) continue;
    for (let i = 0; i < getters.length; i++) row[i] = getters[i]!(values, position);
    chunk += csvRow(row);
    if (chunk.length >= CHUNK) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

export function* icsChunks(store: RecordStore, job: BulkReadJob, span: PageSpan): Generator<string> {
  const { module, predicate } = job.query;
  let chunk = icsHeader;
  for (let position = span.start; position < span.end; position++) {
    const values = store.values(module, position);
    if (values === undefined || (predicate !== undefined && !predicate(values, position))) continue;
    const record = store.record(module, position);
    if (record) chunk += icsEvent(record);
    if (chunk.length >= CHUNK) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}${icsFooter}`;
}
