import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { RequestValidationError } from '../../src/core/errors.js';
import { type Criteria, EMPTY, type FieldCondition, validateCriteria } from '../../src/schemas/criteria.js';
import {
  and,
  or,
  toCriteriaDate,
  toFieldCriteria,
  toLegacyCriteria,
  where,
} from '../../src/schemas/criteria-builder.js';

describe('where()', () => {
  it('builds every comparator in the v7+ shape', () => {
    const f = { api_name: 'F' };
    expect(where('Lead_Source').in(['A', 'B'])).toEqual({
      field: { api_name: 'Lead_Source' },
      comparator: 'in',
      value: ['A', 'B'],
    });
    expect(where('F').equal(1)).toEqual({ field: f, comparator: 'equal', value: 1 });
    expect(where('F').notEqual(true)).toEqual({ field: f, comparator: 'not_equal', value: true });
    expect(where('F').notIn(['x'])).toEqual({ field: f, comparator: 'not_in', value: ['x'] });
    expect(where('F').contains('a')).toEqual({ field: f, comparator: 'contains', value: 'a' });
    expect(where('F').notContains('a')).toEqual({ field: f, comparator: 'not_contains', value: 'a' });
    expect(where('F').startsWith('a')).toEqual({ field: f, comparator: 'starts_with', value: 'a' });
    expect(where('F').endsWith('a')).toEqual({ field: f, comparator: 'ends_with', value: 'a' });
    expect(where('F').lessThan(1)).toEqual({ field: f, comparator: 'less_than', value: 1 });
    expect(where('F').lessEqual(1)).toEqual({ field: f, comparator: 'less_equal', value: 1 });
    expect(where('F').greaterThan(1)).toEqual({ field: f, comparator: 'greater_than', value: 1 });
    expect(where('F').greaterEqual(1)).toEqual({ field: f, comparator: 'greater_equal', value: 1 });
    expect(where('F').between(1, 2)).toEqual({ field: f, comparator: 'between', value: [1, 2] });
    expect(where('F').notBetween(1, 2)).toEqual({ field: f, comparator: 'not_between', value: [1, 2] });
    expect(where('F').isEmpty()).toEqual({ field: f, comparator: 'equal', value: EMPTY });
    expect(where('F').isNotEmpty()).toEqual({ field: f, comparator: 'not_equal', value: EMPTY });
    expectTypeOf(where('F').in(['a'])).toEqualTypeOf<FieldCondition<'in'>>();
  });

  it('writes Dates as UTC ISO without milliseconds', () => {
    const from = new Date(Date.UTC(2024, 6, 1, 0, 0, 0, 999));
    const to = new Date(Date.UTC(2024, 6, 31, 23, 59, 59, 1));
    expect(where('Modified_Time').between(from, to).value).toEqual([
      '2024-07-01T00:00:00+00:00',
      '2024-07-31T23:59:59+00:00',
    ]);
    expect(where('Created_Time').in([from]).value).toEqual(['2024-07-01T00:00:00+00:00']);
    expect(toCriteriaDate(new Date(0))).toBe('1970-01-01T00:00:00+00:00');
    expect(() => where('X').equal(new Date('nope'))).toThrow(RequestValidationError);
  });
});

describe('and() / or()', () => {
  const a = where('A').equal(1);
  const b = where('B').equal(2);
  const c = where('C').equal(3);

  it('returns a single item as is', () => {
    expect(and(a)).toBe(a);
    expect(or(a)).toBe(a);
  });

  it('flattens nested groups of the same operator only', () => {
    expect(and(and(a, b), c)).toEqual({ group_operator: 'and', group: [a, b, c] });
    expect(and(or(a, b), c)).toEqual({
      group_operator: 'and',
      group: [{ group_operator: 'or', group: [a, b] }, c],
    });
    expect(or(a, or(b, c))).toEqual({ group_operator: 'or', group: [a, b, c] });
  });
});

describe('legacy / field shapes', () => {
  it('converts recursively both ways and keeps other keys', () => {
    const tree = and(where('A').in(['x']), or(where('B').isEmpty(), where('C').between(1, 2)));
    const legacy = toLegacyCriteria(tree);
    expect(legacy).toEqual({
      group_operator: 'and',
      group: [
        { api_name: 'A', comparator: 'in', value: ['x'] },
        {
          group_operator: 'or',
          group: [
            { api_name: 'B', comparator: 'equal', value: EMPTY },
            { api_name: 'C', comparator: 'between', value: [1, 2] },
          ],
        },
      ],
    });
    expect(toFieldCriteria(legacy)).toEqual(tree);
    expect(toLegacyCriteria(legacy)).toEqual(legacy);
    expect(toFieldCriteria(tree)).toEqual(tree);
    const typed: Criteria = { api_name: 'X', comparator: 'equal', value: 1, type: 'value' };
    expect(toFieldCriteria(typed)).toEqual({
      field: { api_name: 'X' },
      comparator: 'equal',
      value: 1,
      type: 'value',
    });
  });
});

describe('builder output passes validation (property)', () => {
  const value = fc.oneof(
    fc.string({ maxLength: 255 }).filter((s) => !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[.,]\d/.test(s)),
    fc.integer(),
    fc.boolean(),
    fc.date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
  );
  const text = fc
    .string({ maxLength: 255 })
    .filter((s) => !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[.,]\d/.test(s));
  const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,15}$/);
  const condition: fc.Arbitrary<Criteria> = fc.oneof(
    fc.tuple(name, value).map(([n, v]) => where(n).equal(v)),
    fc.tuple(name, value).map(([n, v]) => where(n).greaterEqual(v)),
    fc.tuple(name, text).map(([n, v]) => where(n).startsWith(v)),
    fc.tuple(name, fc.array(value, { minLength: 1, maxLength: 20 })).map(([n, v]) => where(n).notIn(v)),
    fc.tuple(name, value, value).map(([n, x, y]) => where(n).between(x, y)),
    name.map((n) => where(n).isNotEmpty()),
  );
  const { tree } = fc.letrec<{ tree: Criteria }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small' },
      condition,
      fc
        .tuple(fc.boolean(), fc.array(tie('tree'), { minLength: 1, maxLength: 4 }))
        .map(([isAnd, items]) =>
          isAnd ? and(items[0]!, ...items.slice(1)) : or(items[0]!, ...items.slice(1)),
        ),
    ),
  }));
  const count = (c: Criteria): number => ('group' in c ? c.group.reduce((n, g) => n + count(g), 0) : 1);

  it('any tree of ≤ 25 built conditions validates, in both shapes', () => {
    fc.assert(
      fc.property(
        tree.filter((c) => count(c) <= 25),
        (c) => {
          expect(validateCriteria(c)).toEqual([]);
          expect(validateCriteria(toLegacyCriteria(c))).toEqual([]);
        },
      ),
      { numRuns: 400 },
    );
  });
});
