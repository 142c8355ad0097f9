/**
 * A small typed builder for bulk-read criteria. It produces the raw v7+ form
 * (`{ field: { api_name }, comparator, value }`); `toLegacyCriteria` turns it into the v2 form.
 *
 * ```ts
 * and(where('Lead_Source').in(['Web', 'Referral']), where('Modified_Time').between(from, to))
 * ```
 */
import { RequestValidationError } from '../core/errors.js';
import {
  type Comparator,
  type Condition,
  type Criteria,
  type CriteriaValue,
  EMPTY,
  type FieldCondition,
  isGroup,
  type LegacyCondition,
  type ListComparator,
  type RangeComparator,
  type ScalarComparator,
} from './criteria.js';

/** A value the builder accepts: Dates become ISO 8601 UTC strings without milliseconds. */
export type BuilderValue = CriteriaValue | Date;

/** `Date` → `2024-07-01T00:00:00+00:00` (UTC, no milliseconds, as Zoho wants). */
export function toCriteriaDate(date: Date): string {
  if (Number.isNaN(date.getTime())) {
    throw new RequestValidationError('Invalid Date given as a criteria value', {
      issues: [{ code: 'invalid_type', path: ['value'], message: 'Invalid Date' }],
    });
  }
  return `${date.toISOString().slice(0, 19)}+00:00`;
}

const norm = (v: BuilderValue): CriteriaValue => (v instanceof Date ? toCriteriaDate(v) : v);

/** Conditions on one field; every method returns a plain condition object. */
export class FieldConditionBuilder {
  constructor(readonly apiName: string) {}

  private make<C extends Comparator>(comparator: C, value: unknown): FieldCondition<C> {
    return { field: { api_name: this.apiName }, comparator, value } as FieldCondition<C>;
  }
  private scalar<C extends ScalarComparator>(comparator: C, value: BuilderValue): FieldCondition<C> {
    return this.make(comparator, norm(value));
  }
  private list<C extends ListComparator>(comparator: C, values: readonly BuilderValue[]): FieldCondition<C> {
    return this.make(comparator, values.map(norm));
  }
  private range<C extends RangeComparator>(
    comparator: C,
    from: BuilderValue,
    to: BuilderValue,
  ): FieldCondition<C> {
    return this.make(comparator, [norm(from), norm(to)]);
  }

  equal(value: BuilderValue): FieldCondition<'equal'> {
    return this.scalar('equal', value);
  }
  notEqual(value: BuilderValue): FieldCondition<'not_equal'> {
    return this.scalar('not_equal', value);
  }
  /** At most 20 values (checked at request time). */
  in(values: readonly BuilderValue[]): FieldCondition<'in'> {
    return this.list('in', values);
  }
  /** At most 20 values (checked at request time). */
  notIn(values: readonly BuilderValue[]): FieldCondition<'not_in'> {
    return this.list('not_in', values);
  }
  contains(value: string): FieldCondition<'contains'> {
    return this.scalar('contains', value);
  }
  notContains(value: string): FieldCondition<'not_contains'> {
    return this.scalar('not_contains', value);
  }
  startsWith(value: string): FieldCondition<'starts_with'> {
    return this.scalar('starts_with', value);
  }
  endsWith(value: string): FieldCondition<'ends_with'> {
    return this.scalar('ends_with', value);
  }
  lessThan(value: BuilderValue): FieldCondition<'less_than'> {
    return this.scalar('less_than', value);
  }
  lessEqual(value: BuilderValue): FieldCondition<'less_equal'> {
    return this.scalar('less_equal', value);
  }
  greaterThan(value: BuilderValue): FieldCondition<'greater_than'> {
    return this.scalar('greater_than', value);
  }
  greaterEqual(value: BuilderValue): FieldCondition<'greater_equal'> {
    return this.scalar('greater_equal', value);
  }
  between(from: BuilderValue, to: BuilderValue): FieldCondition<'between'> {
    return this.range('between', from, to);
  }
  notBetween(from: BuilderValue, to: BuilderValue): FieldCondition<'not_between'> {
    return this.range('not_between', from, to);
  }
  /** `equal ${EMPTY}`: the field has no value. */
  isEmpty(): FieldCondition<'equal'> {
    return this.make('equal', EMPTY);
  }
  /** `not_equal ${EMPTY}`: the field has a value. */
  isNotEmpty(): FieldCondition<'not_equal'> {
    return this.make('not_equal', EMPTY);
  }
}

/** Starts a condition on a field API name (`'Email'`, `'Owner.last_name'`, `'$converted'`). */
export function where(apiName: string): FieldConditionBuilder {
  return new FieldConditionBuilder(apiName);
}

function combine(op: 'and' | 'or', items: readonly Criteria[]): Criteria {
  const flat: Criteria[] = [];
  for (const item of items) {
    if (isGroup(item) && item.group_operator === op) flat.push(...item.group);
    else flat.push(item);
  }
  if (flat.length === 1) return flat[0]!;
  return { group_operator: op, group: flat };
}

/** All of the items. Nested `and` groups are flattened; a single item is returned as is. */
export function and(first: Criteria, ...rest: Criteria[]): Criteria {
  return combine('and', [first, ...rest]);
}

/** Any of the items. Nested `or` groups are flattened; a single item is returned as is. */
export function or(first: Criteria, ...rest: Criteria[]): Criteria {
  return combine('or', [first, ...rest]);
}

function mapConditions(criteria: Criteria, fn: (c: Condition) => Condition): Criteria {
  if (isGroup(criteria)) {
    return { ...criteria, group: criteria.group.map((item) => mapConditions(item, fn)) };
  }
  return fn(criteria);
}

/** Converts to the v2 shape (`api_name` on each condition), for `apiVersion: 'v2'`. */
export function toLegacyCriteria(criteria: Criteria): Criteria {
  return mapConditions(criteria, (c) => {
    if (c.field === undefined) return c;
    const { field, ...rest } = c;
    return { ...rest, api_name: field.api_name } as LegacyCondition;
  });
}

/** Converts to the v7+ shape (`field: { api_name }` on each condition). */
export function toFieldCriteria(criteria: Criteria): Criteria {
  return mapConditions(criteria, (c) => {
    if (c.api_name === undefined) return c;
    const { api_name, ...rest } = c;
    return { ...rest, field: { api_name } } as FieldCondition;
  });
}
