/**
 * Mass update in the fake (zoho-api.md §4): the body checked with Zoho's codes, the `data[0]`
 * values turned into stored CSV text, and a scheduled (cvid) job with its counts.
 */

import { compileCriteria } from '../bulk-read/criteria.js';
import { massUpdateRefusal } from '../bulk-write/rules.js';
import type { FakeContext } from '../context.js';
import type { FakeJob, JobPhase } from '../jobs.js';
import { bad, isObject, type ZohoFailure } from '../zoho-failure.js';

export const MAX_IDS = 500;
export const MAX_VIEW_RECORDS = 50_000;

export interface MassUpdateJob extends FakeJob {
  module: string;
  cvid: string;
  values: Record<string, unknown>;
  overWrite: boolean;
  /** Record ids in the view when the job was scheduled. */
  ids: string[];
  applied: boolean;
}

export interface ParsedMassUpdate {
  values: Record<string, unknown>;
  ids: string[] | undefined;
  cvid: string | undefined;
  overWrite: boolean;
}

/** Checks the body; the error is what Zoho answers. */
export function parseMassUpdate(
  body: unknown,
  module: string,
  ctx: FakeContext,
): ParsedMassUpdate | ZohoFailure {
  const def = ctx.store.module(module);
  if (!def) return bad('INVALID_MODULE', 'the module name given seems to be invalid', {});
  if (!isObject(body)) return bad('INVALID_DATA', 'invalid data', {});
  const data = body.data;
  if (data === undefined) return bad('MANDATORY_NOT_FOUND', 'required field not found', { api_name: 'data' });
  if (!Array.isArray(data) || data.length !== 1 || !isObject(data[0])) {
    return bad('INVALID_DATA', 'invalid data', { api_name: 'data', json_path: '$.data' });
  }
  const values = data[0];
  const names = Object.keys(values);
  const max = module === 'Deals' ? 3 : 1;
  if (names.length === 0) return bad('INVALID_DATA', 'No field found', { json_path: '$.data[0]' });
  if (names.length > max) return bad('INVALID_DATA', 'Max field limit exceeded', { json_path: '$.data[0]' });
  for (const name of names) {
    const refusal = massUpdateRefusal(def.fields.find((f) => f.api_name === name));
    if (refusal) return bad('INVALID_DATA', refusal, { api_name: name, json_path: `$.data[0].${name}` });
  }
  const hasIds = body.ids !== undefined && body.ids !== null;
  const hasCvid = body.cvid !== undefined && body.cvid !== null;
  if (!hasIds && !hasCvid) return bad('MANDATORY_NOT_FOUND', 'required field not found', { api_name: 'ids' });
  if (hasIds && hasCvid) return bad('INVALID_DATA', 'give either ids or cvid', { api_name: 'ids' });
  if (hasIds) {
    if (
      !Array.isArray(body.ids) ||
      body.ids.length === 0 ||
      !body.ids.every((id) => typeof id === 'string')
    ) {
      return bad('INVALID_DATA', 'invalid data', { api_name: 'ids' });
    }
    if (body.ids.length > MAX_IDS)
      return bad('LIMIT_EXCEEDED', 'Record count exceeded', { api_name: 'ids', max_limit: MAX_IDS });
  }
  if (hasCvid && typeof body.cvid !== 'string')
    return bad('INVALID_DATA', 'invalid data', { api_name: 'cvid' });
  if (body.territory !== undefined) {
    if (!hasCvid) return bad('MANDATORY_NOT_FOUND', 'required field not found', { api_name: 'cvid' });
    if (!isObject(body.territory) || typeof body.territory.id !== 'string') {
      return bad('INVALID_DATA', 'the id given seems to be invalid', { api_name: 'territory' });
    }
  }
  return {
    values,
    ids: hasIds ? (body.ids as string[]) : undefined,
    cvid: hasCvid ? (body.cvid as string) : undefined,
    overWrite: body.over_write === true,
  };
}

/** The record ids of a view (`views[cvid]`), or an error. */
export function viewIds(cvid: string, module: string, ctx: FakeContext): string[] | ZohoFailure {
  const view = ctx.options.views[cvid];
  if (!view || view.module !== module) {
    return bad('INVALID_DATA', 'the id given seems to be invalid', { api_name: 'cvid' });
  }
  let predicate: ((values: readonly string[], position: number) => boolean) | undefined;
  if (view.criteria !== undefined && view.criteria !== null) {
    const compiled = compileCriteria(view.criteria, module, ctx.store);
    if ('code' in compiled) return bad('INVALID_DATA', 'the view criteria are invalid', { api_name: 'cvid' });
    predicate = compiled.predicate;
  }
  const ids: string[] = [];
  const size = ctx.store.size(module);
  for (let position = 0; position < size; position++) {
    const values = ctx.store.values(module, position);
    if (values && (!predicate || predicate(values, position))) ids.push(ctx.store.idOf(module, position));
  }
  if (ids.length === 0) return bad('NO_RECORDS_FOUND', 'no records found in the view', { api_name: 'cvid' });
  if (ids.length > MAX_VIEW_RECORDS)
    return bad('LIMIT_EXCEEDED', 'Record count exceeded', { max_limit: MAX_VIEW_RECORDS });
  return ids;
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(text).join(';');
  if (isObject(value) && 'id' in value) return text(value.id);
  return String(value);
}

/** Sets the values on one record (multi-selects append unless `overWrite`). False when not found. */
export function applyTo(
  ctx: FakeContext,
  module: string,
  id: string,
  values: Record<string, unknown>,
  overWrite: boolean,
): boolean {
  const position = ctx.store.positionOf(module, id);
  if (position === undefined) return false;
  const current = ctx.store.record(module, position) ?? {};
  const fields = ctx.store.module(module)?.fields ?? [];
  const patch: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    const multi = fields.find((f) => f.api_name === name)?.data_type === 'multiselectpicklist';
    if (multi && !overWrite && Array.isArray(value)) {
      const old = (current[name] ?? '').split(';').filter((v) => v !== '');
      patch[name] = [...new Set([...old, ...value.map(text)])].join(';');
    } else {
      patch[name] = text(value);
    }
  }
  return ctx.store.update(module, id, patch);
}

/** `Status` and counts of a scheduled job; applies it when it completes. */
export function statusJson(job: MassUpdateJob, phase: JobPhase, ctx: FakeContext): Record<string, unknown> {
  const total = job.ids.length;
  if (phase === 'done') {
    if (job.failure) {
      return {
        Status: 'FAILED',
        Failed_Count: total,
        Updated_Count: 0,
        Not_Updated_Count: 0,
        Total_Count: total,
      };
    }
    if (!job.applied) {
      job.applied = true;
      for (const id of job.ids) applyTo(ctx, job.module, id, job.values, job.overWrite);
    }
    return {
      Status: 'COMPLETED',
      Failed_Count: 0,
      Updated_Count: total,
      Not_Updated_Count: 0,
      Total_Count: total,
    };
  }
  if (phase === 'running') {
    const half = Math.floor(total / 2);
    return {
      Status: 'RUNNING',
      Failed_Count: 0,
      Updated_Count: half,
      Not_Updated_Count: total - half,
      Total_Count: total,
    };
  }
  return {
    Status: 'SCHEDULED',
    Failed_Count: 0,
    Updated_Count: 0,
    Not_Updated_Count: total,
    Total_Count: total,
  };
}
