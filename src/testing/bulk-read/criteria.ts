/**
 * Bulk-read criteria (zoho-api.md 2.2.1): validation with Zoho's error codes, and compilation to
 * a predicate over a record's CSV values. Conditions use `field: {api_name}` or `api_name`;
 * groups nest with `group_operator` and/or. Text comparisons ignore case (an assumption: Zoho does
 * not document it). `${EMPTY}` matches an empty value.
 */
import { fieldIdOf } from '../data/field-meta.js';
import type { FieldType } from '../data/gen.js';
import type { ColumnGetter, RecordStore } from '../data/store.js';
import { isObject } from '../zoho-failure.js';

export type Predicate = (values: readonly string[], position: number) => boolean;

export interface CriteriaError {
  code: string;
  message: string;
  details: Record<string, unknown>;
}

export interface CompiledCriteria {
  predicate: Predicate;
  /** Number of conditions (leaves). */
  conditions: number;
  /** The criteria as Zoho echoes them in the job (`field: {api_name, id}`). */
  echo: unknown;
}

export const MAX_CONDITIONS = 25;
export const MAX_IN_VALUES = 20;
// biome-ignore lint/suspicious/noTemplateCurlyInString: Zoho's literal marker, not a template
const EMPTY = '${EMPTY}';

const numberOps = [
  'equal',
  'not_equal',
  'in',
  'not_in',
  'less_than',
  'less_equal',
  'greater_than',
  'greater_equal',
];
const textOps = [
  'equal',
  'not_equal',
  'in',
  'not_in',
  'contains',
  'not_contains',
  'starts_with',
  'ends_with',
];
const dateOps = [
  'equal',
  'not_equal',
  'in',
  'not_in',
  'between',
  'not_between',
  'less_than',
  'less_equal',
  'greater_than',
  'greater_equal',
];
const lookupOps = ['equal', 'not_equal', 'in', 'not_in'];
const allOps = new Set([...numberOps, ...textOps, ...dateOps]);

function comparatorsFor(type: FieldType): readonly string[] {
  switch (type) {
    case 'integer':
    case 'double':
    case 'currency':
    case 'bigint':
      return numberOps;
    case 'date':
    case 'datetime':
      return dateOps;
    case 'boolean':
      return ['equal'];
    case 'lookup':
    case 'ownerlookup':
      return lookupOps;
    case 'textarea':
      return [];
    default:
      return textOps;
  }
}

const fail = (code: string, message: string, details: Record<string, unknown> = {}): CriteriaError => ({
  code,
  message,
  details,
});

const isScalar = (v: unknown): v is string | number | boolean =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})$/;

/** The comparable form of a value for a field type, or undefined when the value does not fit. */
function normalize(type: FieldType, value: string | number | boolean): string | number | undefined {
  const text = String(value);
  if (text === EMPTY) return EMPTY;
  switch (type) {
    case 'integer':
    case 'double':
    case 'currency':
    case 'bigint': {
      const n = Number(text);
      return text.trim() !== '' && Number.isFinite(n) ? n : undefined;
    }
    case 'date':
      return DATE.test(text) ? text : undefined;
    case 'datetime':
      return DATE_TIME.test(text) ? Date.parse(text) : undefined;
    case 'boolean':
      return text === 'true' || text === 'false' ? text : undefined;
    case 'lookup':
    case 'ownerlookup':
      return text;
    default:
      return text.toLowerCase();
  }
}

function recordValue(type: FieldType, raw: string): string | number {
  if (raw === '') return EMPTY;
  switch (type) {
    case 'integer':
    case 'double':
    case 'currency':
    case 'bigint':
      return Number(raw);
    case 'datetime':
      return Date.parse(raw);
    case 'lookup':
    case 'ownerlookup':
    case 'date':
    case 'boolean':
      return raw;
    default:
      return raw.toLowerCase();
  }
}

type Cmp = (actual: string | number, expected: (string | number)[]) => boolean;

const ordered =
  (test: (a: number | string, b: number | string) => boolean): Cmp =>
  (a, [b]) =>
    a !== EMPTY && b !== undefined && b !== EMPTY && test(a, b);

const compare: Record<string, Cmp> = {
  equal: (a, [b]) => a === b,
  not_equal: (a, [b]) => a !== b,
  in: (a, list) => list.includes(a),
  not_in: (a, list) => !list.includes(a),
  contains: (a, [b]) => a !== EMPTY && String(a).includes(String(b)),
  not_contains: (a, [b]) => a === EMPTY || !String(a).includes(String(b)),
  starts_with: (a, [b]) => a !== EMPTY && String(a).startsWith(String(b)),
  ends_with: (a, [b]) => a !== EMPTY && String(a).endsWith(String(b)),
  less_than: ordered((a, b) => a < b),
  less_equal: ordered((a, b) => a <= b),
  greater_than: ordered((a, b) => a > b),
  greater_equal: ordered((a, b) => a >= b),
  between: (a, [lo, hi]) => a !== EMPTY && lo !== undefined && hi !== undefined && a >= lo && a <= hi,
  not_between: (a, [lo, hi]) => a === EMPTY || lo === undefined || hi === undefined || a < lo || a > hi,
};

export function compileCriteria(
  criteria: unknown,
  module: string,
  store: RecordStore,
): CompiledCriteria | CriteriaError {
  if (!isObject(criteria)) return fail('INVALID_CRITERIA', 'invalid criteria', {});
  if ('group' in criteria || 'group_operator' in criteria) return compileGroup(criteria, module, store);
  return compileCondition(criteria, module, store);
}

function compileGroup(
  node: Record<string, unknown>,
  module: string,
  store: RecordStore,
): CompiledCriteria | CriteriaError {
  const operator = typeof node.group_operator === 'string' ? node.group_operator.toLowerCase() : undefined;
  if (operator !== 'and' && operator !== 'or') {
    return fail('GROUP_OPERATOR_NOT_SUPPORTED', 'the given group operator is not supported', {
      group_operator: node.group_operator ?? null,
      supported: ['and', 'or'],
    });
  }
  if (!Array.isArray(node.group) || node.group.length === 0) {
    return fail('INVALID_CRITERIA', 'a group needs a non-empty group array', { api_name: 'group' });
  }
  const parts: CompiledCriteria[] = [];
  for (const child of node.group) {
    const compiled = compileCriteria(child, module, store);
    if ('code' in compiled) return compiled;
    parts.push(compiled);
  }
  const predicates = parts.map((p) => p.predicate);
  const predicate: Predicate =
    operator === 'and'
      ? (values, position) => predicates.every((p) => p(values, position))
      : (values, position) => predicates.some((p) => p(values, position));
  return {
    predicate,
    conditions: parts.reduce((sum, p) => sum + p.conditions, 0),
    echo: { group_operator: operator, group: parts.map((p) => p.echo) },
  };
}

interface ConditionField {
  apiName: string;
  comparator: string;
  type: FieldType;
  getter: ColumnGetter;
}

/** The condition's field and comparator: present, known, and compatible with each other. */
function resolveField(
  node: Record<string, unknown>,
  module: string,
  store: RecordStore,
): ConditionField | CriteriaError {
  const apiName = isObject(node.field) ? node.field.api_name : node.api_name;
  const comparator = node.comparator;
  if (typeof apiName !== 'string' || apiName === '') {
    return fail('INVALID_CRITERIA', 'the field of a condition is missing', { api_name: 'field' });
  }
  if (typeof comparator !== 'string' || !allOps.has(comparator)) {
    return fail('INVALID_CRITERIA', 'invalid comparator', {
      api_name: apiName,
      comparator: comparator ?? null,
    });
  }
  const type = store.columnType(module, apiName);
  const getter = store.column(module, apiName);
  if (type === undefined || getter === undefined) {
    return fail('FIELD_IN_CRITERIA_NOT_AVAILABLE', 'the given field is not available', { api_name: apiName });
  }
  const supported = comparatorsFor(type);
  if (supported.length === 0) {
    return fail('FIELD_IN_CRITERIA_NOT_SUPPORTED', 'the given field is not supported in criteria', {
      api_name: apiName,
    });
  }
  if (!supported.includes(comparator)) {
    return fail(
      'FIELD_AND_COMPARATOR_IN_CRITERIA_NOT_COMPATIBLE',
      'the comparator is not supported for this field',
      {
        comparator,
        api_name: apiName,
        supported: [...supported],
      },
    );
  }
  return { apiName, comparator, type, getter };
}

/** The raw value as a list: an array for in/not_in and the between family, else one scalar. */
function valuesFor(raw: unknown, comparator: string, apiName: string): unknown[] | CriteriaError {
  const listOp = comparator === 'in' || comparator === 'not_in';
  const rangeOp = comparator === 'between' || comparator === 'not_between';
  if (listOp || rangeOp) {
    if (!Array.isArray(raw) || raw.length === 0 || (rangeOp && raw.length !== 2)) {
      return fail(
        'COMPARATOR_AND_VALUE_IN_CRITERIA_NOT_COMPATIBLE',
        'the value does not fit the comparator',
        {
          comparator,
          api_name: apiName,
        },
      );
    }
    if (listOp && raw.length > MAX_IN_VALUES) {
      return fail('VALUE_LIMIT_EXCEEDED_IN_CRITERIA', 'too many values for the comparator', {
        api_name: apiName,
        comparator,
        max_limit: MAX_IN_VALUES,
      });
    }
    return raw;
  }
  if (!isScalar(raw)) {
    return fail('COMPARATOR_AND_VALUE_IN_CRITERIA_NOT_COMPATIBLE', 'the value does not fit the comparator', {
      comparator,
      api_name: apiName,
    });
  }
  return [raw];
}

/** Each value normalized for the field's type (a range takes no ${EMPTY}). */
function expectedValues(values: unknown[], field: ConditionField): (string | number)[] | CriteriaError {
  const { apiName, comparator, type } = field;
  const rangeOp = comparator === 'between' || comparator === 'not_between';
  const expected: (string | number)[] = [];
  for (const value of values) {
    const normalized = isScalar(value) ? normalize(type, value) : undefined;
    if (normalized === undefined || (rangeOp && normalized === EMPTY)) {
      return fail('FIELD_AND_VALUE_IN_CRITERIA_NOT_COMPATIBLE', 'the value does not fit the field type', {
        api_name: apiName,
        expected_data_type: type,
      });
    }
    expected.push(normalized);
  }
  return expected;
}

function compileCondition(
  node: Record<string, unknown>,
  module: string,
  store: RecordStore,
): CompiledCriteria | CriteriaError {
  const field = resolveField(node, module, store);
  if ('code' in field) return field;
  const raw = node.value;
  const values = valuesFor(raw, field.comparator, field.apiName);
  if (!Array.isArray(values)) return values;
  const expected = expectedValues(values, field);
  if (!Array.isArray(expected)) return expected;
  const { apiName, comparator, type, getter } = field;
  const test = compare[comparator] as Cmp;
  return {
    predicate: (record, position) => test(recordValue(type, getter(record, position)), expected),
    conditions: 1,
    echo: { field: { api_name: apiName, id: fieldIdOf(store, module, apiName) }, comparator, value: raw },
  };
}
