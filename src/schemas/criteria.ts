/**
 * Zoho bulk-read criteria (zoho-api.md §2.2.1): types, a zod schema, and the limit checks Zoho
 * applies, run before any request so a bad query fails fast with a path to the offending element
 * (`criteria.group[3].value`) instead of a 400 after a round trip.
 */
import { z } from 'zod';
import { isObject } from '../core/envelope.js';
import { parsePath } from '../core/issue-path.js';
import type { ZodIssue } from '../core/zod-issue.js';

/** Every comparator Zoho's bulk-read criteria accept. */
export const COMPARATORS = [
  'equal',
  'not_equal',
  'in',
  'not_in',
  'contains',
  'not_contains',
  'starts_with',
  'ends_with',
  'less_than',
  'less_equal',
  'greater_than',
  'greater_equal',
  'between',
  'not_between',
] as const;

export type Comparator = (typeof COMPARATORS)[number];
/** Comparators whose value is a list: `in`, `not_in`. */
export type ListComparator = 'in' | 'not_in';
/** Comparators whose value is `[from, to]`: `between`, `not_between`. */
export type RangeComparator = 'between' | 'not_between';
/** Comparators whose value is a single scalar. */
export type ScalarComparator = Exclude<Comparator, ListComparator | RangeComparator>;

/** A scalar criteria value. Datetimes are ISO 8601 strings without milliseconds. */
export type CriteriaValue = string | number | boolean;

/** Matches an empty field: `{ comparator: 'equal', value: EMPTY }`. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: Zoho's literal placeholder
export const EMPTY = '${EMPTY}';

/** Zoho's documented criteria limits. */
export const CRITERIA_LIMITS = {
  /** Conditions in one criteria tree, nested ones included (Zoho also counts the view's). */
  maxConditions: 25,
  /** Values of one `in` / `not_in`. */
  maxListValues: 20,
  /** Characters of one text value. */
  maxTextLength: 255,
} as const;

type ValueFor<C extends Comparator> = C extends ListComparator
  ? readonly CriteriaValue[]
  : C extends RangeComparator
    ? readonly [CriteriaValue, CriteriaValue]
    : CriteriaValue;

/** A field reference; `api_name` may use dot notation (`Owner.last_name`) or be a pseudo-field (`$converted`). */
export interface FieldRef {
  api_name: string;
  id?: string;
}

/** v7+ condition shape: `{ field: { api_name }, comparator, value }`. */
export type FieldCondition<C extends Comparator = Comparator> = C extends Comparator
  ? { field: FieldRef; api_name?: never; comparator: C; value: ValueFor<C>; type?: string }
  : never;

/** v2 condition shape: `{ api_name, comparator, value }`. */
export type LegacyCondition<C extends Comparator = Comparator> = C extends Comparator
  ? { api_name: string; field?: never; comparator: C; value: ValueFor<C>; type?: string }
  : never;

export type Condition<C extends Comparator = Comparator> = FieldCondition<C> | LegacyCondition<C>;

export interface Group {
  group_operator: 'and' | 'or';
  group: readonly Criteria[];
}

/** One condition or a (nested) group. */
export type Criteria = Condition | Group;

const LIST = new Set<string>(['in', 'not_in']);
const RANGE = new Set<string>(['between', 'not_between']);
const COMPARATOR_SET = new Set<string>(COMPARATORS);
const MILLISECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[.,]\d/;

interface Walk {
  issues: ZodIssue[];
  conditions: number;
}

/** True when `node` is shaped like a group (has `group` or `group_operator`). */
export function isGroup(node: Criteria): node is Group {
  return 'group' in node || 'group_operator' in node;
}

/**
 * Checks criteria against Zoho's grammar and limits. Returns zod-like issues (empty when valid);
 * each path starts with `path` and names the offending element, e.g. `criteria.group[3].value`.
 * Unknown keys (such as OAS8's `type`) are tolerated.
 */
export function validateCriteria(
  criteria: unknown,
  path: string | readonly PropertyKey[] = 'criteria',
): ZodIssue[] {
  const root = typeof path === 'string' ? parsePath(path) : [...path];
  const state: Walk = { issues: [], conditions: 0 };
  walk(criteria, root, state);
  return state.issues;
}

function add(state: Walk, code: string, path: readonly PropertyKey[], message: string): void {
  state.issues.push({ code, path: [...path], message });
}

function walk(node: unknown, path: readonly PropertyKey[], state: Walk): void {
  if (!isObject(node)) {
    add(
      state,
      'invalid_type',
      path,
      'expected a condition { field: { api_name }, comparator, value } or a group { group_operator, group }',
    );
    return;
  }
  if ('group' in node || 'group_operator' in node) walkGroup(node, path, state);
  else walkCondition(node, path, state);
}

function walkGroup(node: Record<string, unknown>, path: readonly PropertyKey[], state: Walk): void {
  const op = node.group_operator;
  if (op !== 'and' && op !== 'or') {
    add(
      state,
      'invalid_value',
      [...path, 'group_operator'],
      `group_operator must be "and" or "or", got ${show(op)}`,
    );
  }
  const items = node.group;
  if (!Array.isArray(items)) {
    add(state, 'invalid_type', [...path, 'group'], 'group must be an array of conditions or groups');
    return;
  }
  if (items.length === 0)
    add(state, 'too_small', [...path, 'group'], 'group must hold at least one condition');
  items.forEach((item: unknown, i) => {
    walk(item, [...path, 'group', i], state);
  });
}

function walkCondition(node: Record<string, unknown>, path: readonly PropertyKey[], state: Walk): void {
  state.conditions += 1;
  if (state.conditions === CRITERIA_LIMITS.maxConditions + 1) {
    add(
      state,
      'too_big',
      path,
      `more than ${CRITERIA_LIMITS.maxConditions} conditions (this is condition ${state.conditions}); Zoho counts a view's conditions too`,
    );
  }
  checkField(node, path, state);
  const comparator = node.comparator;
  if (typeof comparator !== 'string' || !COMPARATOR_SET.has(comparator)) {
    add(
      state,
      'invalid_value',
      [...path, 'comparator'],
      `unknown comparator ${show(comparator)}; expected one of ${COMPARATORS.join(', ')}`,
    );
    return;
  }
  const valuePath = [...path, 'value'];
  if (!('value' in node) || node.value === undefined) {
    add(state, 'invalid_type', valuePath, `missing value (use "${EMPTY}" to match an empty field)`);
    return;
  }
  const value = node.value;
  if (LIST.has(comparator) || RANGE.has(comparator)) {
    if (!Array.isArray(value)) {
      add(state, 'invalid_type', valuePath, `${comparator} takes an array of values, got ${show(value)}`);
      return;
    }
    if (RANGE.has(comparator) && value.length !== 2) {
      add(
        state,
        value.length < 2 ? 'too_small' : 'too_big',
        valuePath,
        `${comparator} takes exactly 2 values [from, to], got ${value.length}`,
      );
    } else if (value.length === 0) {
      add(state, 'too_small', valuePath, `${comparator} takes at least 1 value`);
    } else if (value.length > CRITERIA_LIMITS.maxListValues) {
      add(
        state,
        'too_big',
        valuePath,
        `${comparator} takes at most ${CRITERIA_LIMITS.maxListValues} values, got ${value.length}`,
      );
    }
    value.forEach((v: unknown, i) => {
      checkScalar(v, [...valuePath, i], state);
    });
    return;
  }
  if (Array.isArray(value)) {
    add(state, 'invalid_type', valuePath, `${comparator} takes a single value; use in/not_in for a list`);
    return;
  }
  checkScalar(value, valuePath, state);
}

function checkField(node: Record<string, unknown>, path: readonly PropertyKey[], state: Walk): void {
  const hasField = 'field' in node && node.field !== undefined;
  const hasApiName = 'api_name' in node && node.api_name !== undefined;
  if (!hasField && !hasApiName) {
    add(
      state,
      'invalid_type',
      [...path, 'field'],
      'missing field: give field: { api_name } (or api_name for v2)',
    );
    return;
  }
  let fromField: string | undefined;
  if (hasField) {
    const field = node.field;
    if (!isObject(field)) {
      add(state, 'invalid_type', [...path, 'field'], 'field must be an object { api_name }');
    } else if (typeof field.api_name !== 'string' || field.api_name.trim() === '') {
      add(state, 'invalid_type', [...path, 'field', 'api_name'], 'field.api_name must be a non-empty string');
    } else fromField = field.api_name;
  }
  if (hasApiName) {
    if (typeof node.api_name !== 'string' || node.api_name.trim() === '') {
      add(state, 'invalid_type', [...path, 'api_name'], 'api_name must be a non-empty string');
    } else if (fromField !== undefined && fromField !== node.api_name) {
      add(
        state,
        'invalid_value',
        [...path, 'api_name'],
        `api_name ${show(node.api_name)} disagrees with field.api_name ${show(fromField)}; give one of them`,
      );
    }
  }
}

function checkScalar(value: unknown, path: readonly PropertyKey[], state: Walk): void {
  if (typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) add(state, 'invalid_type', path, `${value} is not a valid criteria value`);
    else if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
      add(
        state,
        'invalid_type',
        path,
        'integer beyond 2^53 has lost precision; give big integers (ids) as strings',
      );
    }
    return;
  }
  if (typeof value === 'string') {
    let chars = 0;
    for (const _ of value) chars += 1;
    if (chars > CRITERIA_LIMITS.maxTextLength) {
      add(
        state,
        'too_big',
        path,
        `text values hold at most ${CRITERIA_LIMITS.maxTextLength} characters, got ${chars}`,
      );
    }
    if (MILLISECONDS.test(value)) {
      add(
        state,
        'invalid_format',
        path,
        `Zoho refuses milliseconds in datetimes: write ${show(value.replace(/[.,]\d+/, ''))}`,
      );
    }
    return;
  }
  if (value instanceof Date) {
    add(
      state,
      'invalid_type',
      path,
      'a Date object: give an ISO 8601 string without milliseconds (2024-07-01T00:00:00+00:00) or use where()',
    );
    return;
  }
  if (value === null) {
    add(state, 'invalid_type', path, `null is not a criteria value; use "${EMPTY}" to match an empty field`);
    return;
  }
  if (typeof value === 'bigint') {
    add(state, 'invalid_type', path, 'give big integers as strings');
    return;
  }
  add(state, 'invalid_type', path, `expected a string, number or boolean, got ${show(value)}`);
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'bigint') return `${value}n`;
  const s = JSON.stringify(value) ?? String(value);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

/**
 * zod schema of one criteria tree (condition or group) running every check of `validateCriteria`;
 * issue paths are relative to where the schema sits (`query.criteria.group[3].value`).
 */
export const criteriaSchema: z.ZodType<Criteria, Criteria> = z
  .custom<Criteria>()
  .superRefine((value, ctx) => {
    for (const issue of validateCriteria(value, [])) {
      ctx.addIssue({
        code: 'custom',
        path: [...issue.path],
        message: issue.message,
        params: { reason: issue.code },
      });
    }
  });
