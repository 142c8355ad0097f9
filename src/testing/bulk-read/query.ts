/**
 * Validation of a bulk-read create body (zoho-api.md 2.2, 2.7) into what a job needs: module,
 * export columns, compiled criteria (the view's and-ed with the query's), page or page token,
 * file type. Errors come back as Zoho codes.
 */
import type { FakeContext } from '../context.js';
import type { FakeView } from '../options.js';
import { bad, isObject, type ZohoFailure } from '../zoho-failure.js';
import {
  type CompiledCriteria,
  type CriteriaError,
  compileCriteria,
  MAX_CONDITIONS,
  type Predicate,
} from './criteria.js';

export interface BulkReadQuery {
  module: string;
  /** CSV header: `Id` then the requested fields (all fields when none or more than 200). */
  columns: string[];
  /** Fields as requested (echoed in the job). */
  fields: string[] | undefined;
  predicate: Predicate | undefined;
  /** Identifies the filter for page caching. */
  criteriaKey: string;
  criteriaEcho: unknown;
  cvid: string | undefined;
  fileType: 'csv' | 'ics';
}

export const MAX_FIELDS = 200;
export const MAX_PAGE = 500;

export function parseCallback(callback: unknown): ZohoFailure | undefined {
  if (callback === undefined) return undefined;
  if (!isObject(callback) || typeof callback.url !== 'string' || !/^https?:\/\/[^\s]+$/.test(callback.url)) {
    return bad('INVALID_CALLBACK_URL', 'invalid callback url', { api_name: 'url' });
  }
  if (callback.method !== 'post') {
    return bad('INVALID_CALLBACK_METHOD', 'invalid callback method', {
      supported_callback_methods: ['post'],
    });
  }
  return undefined;
}

export function parseFileType(
  body: Record<string, unknown>,
  query: Record<string, unknown>,
): 'csv' | 'ics' | ZohoFailure {
  const fileType = body.file_type ?? query.file_type ?? 'csv';
  if (fileType === 'csv' || fileType === 'ics') return fileType;
  return bad('INVALID_DATA', 'invalid data', { api_name: 'file_type', expected_data_type: 'csv|ics' });
}

function moduleName(raw: unknown, version: number): string | ZohoFailure {
  if (raw === undefined)
    return bad('MANDATORY_NOT_FOUND', 'required field not found', { api_name: 'module' });
  if (typeof raw === 'string' && version < 2.1) return raw;
  if (isObject(raw) && typeof raw.api_name === 'string') return raw.api_name;
  return bad('INVALID_DATA', 'invalid data', {
    api_name: 'module',
    expected_data_type: version < 2.1 ? 'string' : 'jsonobject',
  });
}

function criteriaError(error: CriteriaError): ZohoFailure {
  return bad(error.code, error.message, error.details);
}

/** Validates `query` (not a page-token query) for module, fields, view and criteria. */
export function parseQuery(
  query: Record<string, unknown>,
  fileType: 'csv' | 'ics',
  version: number,
  ctx: FakeContext,
): BulkReadQuery | ZohoFailure {
  const module = moduleName(query.module, version);
  if (typeof module !== 'string') return module;
  const def = ctx.store.module(module);
  if (!def) return bad('MODULE_NOT_AVAILABLE', 'the module is not available', { api_name: module, module });
  if (fileType === 'ics' && !def.ics) {
    return bad('INVALID_DATA', 'ics files are supported for Events only', { api_name: 'file_type', module });
  }
  let fields: string[] | undefined;
  if (query.fields !== undefined) {
    if (!Array.isArray(query.fields) || !query.fields.every((f) => typeof f === 'string')) {
      return bad('INVALID_DATA', 'invalid data', { api_name: 'fields', expected_data_type: 'jsonarray' });
    }
    fields = query.fields as string[];
    if (fileType === 'ics' && fields.length > 0) {
      return bad('FIELD_NOT_SUPPORTED', 'fields are not supported for ics', { api_name: 'fields' });
    }
    for (const field of fields) {
      if (!ctx.store.column(module, field))
        return bad('FIELD_NOT_AVAILABLE', 'the field is not available', { api_name: field });
    }
  }
  const chosen =
    fields === undefined || fields.length === 0 || fields.length > MAX_FIELDS
      ? ctx.store.fieldNames(module)
      : fields;
  const columns = ['Id', ...new Set(chosen.filter((f) => f !== 'Id' && f !== 'id'))];

  let cvid: string | undefined;
  let view: FakeView | undefined;
  if (query.cvid !== undefined && query.cvid !== null) {
    cvid = String(query.cvid);
    view = ctx.options.views[cvid];
    if (!view) return bad('INVALID_DATA', 'invalid data', { api_name: 'cvid' });
    if (view.module !== module)
      return bad('CVID_NOT_SUPPORTED', 'the view does not belong to the module', { api_name: 'cvid' });
  }
  const parts: CompiledCriteria[] = [];
  for (const criteria of [view?.criteria, query.criteria]) {
    if (criteria === undefined || criteria === null) continue;
    const compiled = compileCriteria(criteria, module, ctx.store);
    if ('code' in compiled) return criteriaError(compiled);
    parts.push(compiled);
  }
  const conditions = parts.reduce((sum, p) => sum + p.conditions, 0);
  if (conditions > MAX_CONDITIONS) {
    return bad('CRITERIA_LIMIT_EXCEEDED', 'too many conditions in criteria', {
      max_limit: MAX_CONDITIONS,
      count: conditions,
    });
  }
  const predicates = parts.map((p) => p.predicate);
  const predicate: Predicate | undefined =
    predicates.length === 0
      ? undefined
      : predicates.length === 1
        ? predicates[0]
        : (values, position) => predicates.every((p) => p(values, position));
  const criteriaEcho = query.criteria === undefined ? undefined : parts[parts.length - 1]?.echo;
  return {
    module,
    columns,
    fields,
    predicate,
    criteriaKey: JSON.stringify([cvid ?? null, query.criteria ?? null]),
    criteriaEcho,
    cvid,
    fileType,
  };
}

/** `page`: an integer from 1 to 500. */
export function parsePage(raw: unknown): number | ZohoFailure {
  if (raw === undefined || raw === null) return 1;
  const page = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
  if (typeof page !== 'number' || !Number.isInteger(page) || page < 1) {
    return bad('INVALID_DATA', 'invalid data', { api_name: 'page', expected_data_type: 'integer' });
  }
  if (page > MAX_PAGE)
    return bad('PAGE_RANGE_EXCEEDED', 'page range exceeded', { api_name: 'page', max_limit: MAX_PAGE });
  return page;
}
