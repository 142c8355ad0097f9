import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPath, parsePath } from '../../src/core/issue-path.js';
import { bulkReadCreateBodySchema } from '../../src/schemas/bulk-read-body.js';
import {
  COMPARATORS,
  type Comparator,
  type Criteria,
  type CriteriaValue,
  criteriaSchema,
  EMPTY,
  validateCriteria,
} from '../../src/schemas/criteria.js';

/** `path: message` of every issue, for exact comparisons. */
const report = (criteria: unknown, path?: string) =>
  validateCriteria(criteria, path).map((i) => `${formatPath(i.path)}: ${i.message}`);

const cond = (api_name: string, comparator: string, value: unknown) => ({
  field: { api_name },
  comparator,
  value,
});

const docSample = {
  group_operator: 'and',
  group: [
    { field: { api_name: 'Lead_Source' }, comparator: 'in', value: ['Advertisement', 'Web Download'] },
    {
      field: { api_name: 'Modified_Time' },
      comparator: 'between',
      value: ['2024-07-01T00:00:00+00:00', '2024-07-31T23:59:59+00:00'],
    },
    {
      group_operator: 'or',
      group: [
        { field: { api_name: 'Email' }, comparator: 'equal', value: EMPTY },
        { field: { api_name: 'Owner.last_name' }, comparator: 'starts_with', value: 'Boy' },
      ],
    },
  ],
};

describe('formatPath / parsePath', () => {
  it('renders bracket form and parses it back', () => {
    expect(formatPath(['criteria', 'group', 3, 'value'])).toBe('criteria.group[3].value');
    expect(formatPath([12, 'Account_Name.Account_Name'])).toBe('[12]["Account_Name.Account_Name"]');
    expect(formatPath(['$converted'])).toBe('$converted');
    expect(formatPath([])).toBe('(root)');
    expect(formatPath([Symbol.for('s')])).toBe('[Symbol(s)]');
    expect(parsePath('query.criteria.group[3].value')).toEqual(['query', 'criteria', 'group', 3, 'value']);
    expect(parsePath('[12]["Account_Name.Account_Name"]')).toEqual([12, 'Account_Name.Account_Name']);
  });
});

describe('validateCriteria: examples', () => {
  it("EMPTY is Zoho's placeholder", () => {
    expect(EMPTY).toBe(['$', '{EMPTY}'].join(''));
  });

  it('accepts the documented sample, v2 api_name conditions and pseudo-fields', () => {
    expect(report(docSample)).toEqual([]);
    expect(report({ api_name: '$converted', comparator: 'equal', value: false })).toEqual([]);
    expect(
      report({ api_name: 'X', field: { api_name: 'X' }, comparator: 'equal', value: 1, type: 'value' }),
    ).toEqual([]);
    expect(report({ group_operator: 'or', group: [cond('A', 'equal', 'x')] })).toEqual([]);
  });

  it('names the element of each broken rule', () => {
    const group = (broken: unknown) => ({
      group_operator: 'and',
      group: [cond('A', 'equal', 1), cond('B', 'equal', 2), cond('C', 'equal', 3), broken],
    });
    const ms = 'Zoho refuses milliseconds in datetimes: write "2024-07-01T00:00:00+00:00"';
    expect(
      report(
        group(
          cond(
            'D',
            'in',
            Array.from({ length: 21 }, (_, i) => `v${i}`),
          ),
        ),
      ),
    ).toEqual(['criteria.group[3].value: in takes at most 20 values, got 21']);
    expect(report(group(cond('D', 'between', [1, 2, 3])))).toEqual([
      'criteria.group[3].value: between takes exactly 2 values [from, to], got 3',
    ]);
    expect(report(group(cond('D', 'not_between', [1])))).toEqual([
      'criteria.group[3].value: not_between takes exactly 2 values [from, to], got 1',
    ]);
    expect(report(group(cond('D', 'equal', 'é'.repeat(256))))).toEqual([
      'criteria.group[3].value: text values hold at most 255 characters, got 256',
    ]);
    expect(report(group(cond('D', 'equal', '😀'.repeat(255))))).toEqual([]);
    expect(report(group(cond('D', 'like', 'x')))[0]).toMatch(
      /^criteria\.group\[3\]\.comparator: unknown comparator "like"/,
    );
    expect(report(group(cond('D', 'equal', '2024-07-01T00:00:00.123+00:00')))).toEqual([
      `criteria.group[3].value: ${ms}`,
    ]);
    expect(
      report(group(cond('D', 'between', ['2024-07-01T00:00:00+00:00', '2024-07-01T00:00:00.5Z']))),
    ).toEqual([
      'criteria.group[3].value[1]: Zoho refuses milliseconds in datetimes: write "2024-07-01T00:00:00Z"',
    ]);
    expect(report(group(cond('D', 'in', ['a', 'x'.repeat(300)])))).toEqual([
      'criteria.group[3].value[1]: text values hold at most 255 characters, got 300',
    ]);
  });

  it('counts conditions across nesting and flags the 26th', () => {
    const conditions = Array.from({ length: 26 }, (_, i) => cond(`F${i}`, 'equal', i));
    expect(report({ group_operator: 'and', group: conditions })).toEqual([
      "criteria.group[25]: more than 25 conditions (this is condition 26); Zoho counts a view's conditions too",
    ]);
    expect(report({ group_operator: 'and', group: conditions.slice(0, 25) })).toEqual([]);
    const nested = {
      group_operator: 'or',
      group: [
        { group_operator: 'and', group: conditions.slice(0, 20) },
        { group_operator: 'and', group: conditions.slice(20, 26) },
      ],
    };
    expect(report(nested, 'query.criteria')[0]).toMatch(
      /^query\.criteria\.group\[1\]\.group\[5\]: more than 25/,
    );
  });

  it('checks shapes: groups, fields, values', () => {
    expect(report(null)).toEqual([
      'criteria: expected a condition { field: { api_name }, comparator, value } or a group { group_operator, group }',
    ]);
    expect(report({ group_operator: 'AND', group: [] })).toEqual([
      'criteria.group_operator: group_operator must be "and" or "or", got "AND"',
      'criteria.group: group must hold at least one condition',
    ]);
    expect(report({ group_operator: 'and', group: 'x' })).toEqual([
      'criteria.group: group must be an array of conditions or groups',
    ]);
    expect(report({ comparator: 'equal', value: 1 })).toEqual([
      'criteria.field: missing field: give field: { api_name } (or api_name for v2)',
    ]);
    expect(report({ field: 'Email', comparator: 'equal', value: 1 })).toEqual([
      'criteria.field: field must be an object { api_name }',
    ]);
    expect(report({ field: { api_name: ' ' }, comparator: 'equal', value: 1 })).toEqual([
      'criteria.field.api_name: field.api_name must be a non-empty string',
    ]);
    expect(report({ api_name: 3, comparator: 'equal', value: 1 })).toEqual([
      'criteria.api_name: api_name must be a non-empty string',
    ]);
    expect(report({ api_name: 'A', field: { api_name: 'B' }, comparator: 'equal', value: 1 })).toEqual([
      'criteria.api_name: api_name "A" disagrees with field.api_name "B"; give one of them',
    ]);
    expect(report(cond('A', 'equal', undefined))).toEqual([
      `criteria.value: missing value (use "${EMPTY}" to match an empty field)`,
    ]);
    expect(report(cond('A', 'in', 'x'))).toEqual(['criteria.value: in takes an array of values, got "x"']);
    expect(report(cond('A', 'in', []))).toEqual(['criteria.value: in takes at least 1 value']);
    expect(report(cond('A', 'equal', ['x']))).toEqual([
      'criteria.value: equal takes a single value; use in/not_in for a list',
    ]);
    expect(report(cond('A', 'equal', null))).toEqual([
      `criteria.value: null is not a criteria value; use "${EMPTY}" to match an empty field`,
    ]);
    expect(report(cond('A', 'equal', new Date(0)))[0]).toMatch(/^criteria\.value: a Date object/);
    expect(report(cond('A', 'equal', Number('4876876000000087501')))).toEqual([
      'criteria.value: integer beyond 2^53 has lost precision; give big integers (ids) as strings',
    ]);
    expect(report(cond('A', 'equal', Number.NaN))).toEqual([
      'criteria.value: NaN is not a valid criteria value',
    ]);
    expect(report(cond('A', 'equal', 1n))).toEqual(['criteria.value: give big integers as strings']);
    expect(report(cond('A', 'in', [{ a: 1 }]))).toEqual([
      'criteria.value[0]: expected a string, number or boolean, got {"a":1}',
    ]);
    expect(report(cond('A', 'equal', 'x'.repeat(300)))[0]).toBe(
      'criteria.value: text values hold at most 255 characters, got 300',
    );
  });

  it('criteriaSchema reports the same issues with paths relative to where it sits', () => {
    const r = criteriaSchema.safeParse({ group_operator: 'and', group: [cond('A', 'in', [])] });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [formatPath(i.path), i.message])).toEqual([
      ['group[0].value', 'in takes at least 1 value'],
    ]);
  });
});

// ---- property tests ----

const scalar: fc.Arbitrary<CriteriaValue> = fc.oneof(
  fc.string({ maxLength: 255 }).filter((s) => !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[.,]\d/.test(s)),
  fc.integer(),
  fc
    .double({ noNaN: true, noDefaultInfinity: true })
    .filter((n) => !Number.isInteger(n) || Number.isSafeInteger(n)),
  fc.boolean(),
  fc.constant(EMPTY),
  fc
    .date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
    .map((d) => `${d.toISOString().slice(0, 19)}+05:30`),
);

const fieldName = fc.oneof(
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,20}(\.[A-Za-z][A-Za-z0-9_]{0,10})?$/),
  fc.constant('$converted'),
);

const condition: fc.Arbitrary<Criteria> = fc
  .tuple(
    fieldName,
    fc.constantFrom(...COMPARATORS),
    fc.boolean(),
    fc.array(scalar, { minLength: 1, maxLength: 20 }),
  )
  .map(([name, comparator, legacy, values]) => {
    const c = comparator as Comparator;
    const value =
      c === 'in' || c === 'not_in'
        ? values
        : c === 'between' || c === 'not_between'
          ? [values[0]!, values[1] ?? values[0]!]
          : values[0]!;
    return (
      legacy ? { api_name: name, comparator: c, value } : { field: { api_name: name }, comparator: c, value }
    ) as Criteria;
  });

const { tree } = fc.letrec<{ tree: Criteria }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    condition,
    fc
      .record({
        group_operator: fc.constantFrom('and' as const, 'or' as const),
        group: fc.array(tie('tree'), { minLength: 1, maxLength: 4 }),
      })
      .map((g) => g as Criteria),
  ),
}));

function countConditions(c: Criteria): number {
  return 'group' in c ? c.group.reduce((n, g) => n + countConditions(g), 0) : 1;
}

const validTree = tree.filter((c) => countConditions(c) <= 25);

describe('validateCriteria: properties', () => {
  it('valid criteria pass', () => {
    fc.assert(
      fc.property(validTree, (c) => {
        expect(validateCriteria(c)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  const mutations: [string, unknown, string][] = [
    [
      '21 in-values',
      cond(
        'X',
        'in',
        Array.from({ length: 21 }, (_, i) => i),
      ),
      'value',
    ],
    ['3 between values', cond('X', 'between', [1, 2, 3]), 'value'],
    ['256-char text', cond('X', 'contains', 'a'.repeat(256)), 'value'],
    ['unknown comparator', cond('X', 'matches', 'a'), 'comparator'],
    ['milliseconds', cond('X', 'greater_than', '2024-01-01T10:00:00.001+00:00'), 'value'],
  ];

  for (const [name, broken, leaf] of mutations) {
    it(`a ${name} anywhere is reported at its exact path`, () => {
      fc.assert(
        fc.property(
          fc
            .array(validTree, { minLength: 1, maxLength: 5 })
            .filter((items) => items.reduce((n, c) => n + countConditions(c), 0) <= 24),
          fc.nat(),
          (items, at) => {
            const pos = at % (items.length + 1);
            const group = [...items.slice(0, pos), broken, ...items.slice(pos)];
            const issues = report({ group_operator: 'and', group });
            expect(issues).toHaveLength(1);
            expect(issues[0]!.startsWith(`criteria.group[${pos}].${leaf}: `)).toBe(true);
          },
        ),
        { numRuns: 100 },
      );
    });
  }

  it('26 conditions are reported at the 26th, in depth-first order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 26, max: 40 }), (n) => {
        const items = Array.from({ length: n }, (_, i) => cond(`F${i}`, 'equal', i));
        const issues = report({ group_operator: 'or', group: items });
        expect(issues).toHaveLength(1);
        expect(issues[0]!.startsWith('criteria.group[25]: more than 25 conditions')).toBe(true);
      }),
      { numRuns: 15 },
    );
  });
});

describe('bulkReadCreateBodySchema', () => {
  const issuesOf = (body: unknown) => {
    const r = bulkReadCreateBodySchema.safeParse(body);
    return r.success ? [] : r.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
  };

  it('accepts the documented body, a string module, and a page_token-only body', () => {
    const body = {
      callback: { url: 'https://hooks.example.com/zoho/bulk-read', method: 'post' },
      query: {
        module: { api_name: 'Contacts' },
        cvid: '4876876000000087501',
        fields: ['Last_Name', 'Email', 'Owner.last_name'],
        criteria: docSample,
        page: 1,
      },
      file_type: 'csv',
      future_option: true,
    };
    const r = bulkReadCreateBodySchema.safeParse(body);
    expect(r.success).toBe(true);
    expect(r.data).toEqual(body);
    expect(issuesOf({ query: { module: 'Leads', page: 500 } })).toEqual([]);
    expect(issuesOf({ query: { page_token: 'abc' } })).toEqual([]);
    expect(issuesOf({ query: { module: 'Events' }, file_type: 'ics' })).toEqual([]);
    expect(
      issuesOf({ query: { module: 'X' }, callback: { url: 'http://127.0.0.1:8080/cb', method: 'post' } }),
    ).toEqual([]);
  });

  it('names the offending element', () => {
    const fields = Array.from({ length: 201 }, (_, i) => `F${i}`);
    expect(issuesOf({ query: { module: 'Leads', fields } })).toEqual([
      'query.fields: at most 200 fields, got 201: with more, Zoho silently exports every field',
    ]);
    expect(issuesOf({ query: { module: 'Events', fields: ['Subject'] }, file_type: 'ics' })).toEqual([
      'query.fields: fields cannot be chosen with file_type "ics" (Zoho answers FIELD_NOT_SUPPORTED)',
    ]);
    expect(issuesOf({ query: {} })).toEqual([
      'query.module: module is required (only a page_token request may omit it)',
    ]);
    // Zoho takes a plain http callback (its own example uses one); a signed one must be https.
    expect(
      issuesOf({
        query: { module: 'Leads' },
        callback: { url: 'http://hooks.example.com/x', method: 'post' },
      }),
    ).toEqual([]);
    expect(
      issuesOf({
        query: { module: 'Leads' },
        callback: {
          url: `http://hooks.example.com/x?zb_token=v1.1700000000.job.${'a'.repeat(43)}`,
          method: 'post',
        },
      }),
    ).toEqual([
      'callback.url: a signed callback url (it carries a CallbackHub token) must use https outside loopback',
    ]);
    expect(issuesOf({ query: { module: 'Leads' }, callback: { url: 'nope', method: 'get' } })).toEqual([
      'callback.url: callback url must be an absolute http(s) URL',
      'callback.method: callback method must be "post" (the only value Zoho accepts)',
    ]);
    expect(issuesOf({ query: { module: 'Leads', cvid: Number('4876876000000087501') } })).toEqual([
      'query.cvid: cvid must be a string (ids exceed 2^53)',
    ]);
    expect(issuesOf({ query: { module: 'Leads', page: 0 } })).toHaveLength(1);
    expect(issuesOf({ query: { module: 'Leads', page: 501 } })[0]).toMatch(/^query\.page: /);
    expect(issuesOf({ query: { module: { api_name: '' } } })[0]).toMatch(/^query\.module/);
    const criteria = { group_operator: 'and', group: [cond('A', 'equal', 1), cond('B', 'in', [])] };
    expect(issuesOf({ query: { module: 'Leads', criteria } })).toEqual([
      'query.criteria.group[1].value: in takes at least 1 value',
    ]);
  });
});
