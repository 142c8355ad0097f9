import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/exit-codes.js';
import { combineCriteria, parseWhere } from '../../src/cli/where-parser.js';
import { type Criteria, EMPTY } from '../../src/schemas/criteria.js';

const cond = (api_name: string, comparator: string, value: unknown): Criteria =>
  ({ field: { api_name }, comparator, value }) as Criteria;
const whereValue = (expression: string): unknown => (parseWhere(expression) as { value: unknown }).value;

describe('parseWhere', () => {
  it.each([
    ['Last_Name = Boyle', cond('Last_Name', 'equal', 'Boyle')],
    ['Last_Name == Boyle', cond('Last_Name', 'equal', 'Boyle')],
    ['Last_Name != Boyle', cond('Last_Name', 'not_equal', 'Boyle')],
    ['Last_Name <> Boyle', cond('Last_Name', 'not_equal', 'Boyle')],
    ['Annual_Revenue < 100', cond('Annual_Revenue', 'less_than', 100)],
    ['Annual_Revenue <= 100.5', cond('Annual_Revenue', 'less_equal', 100.5)],
    ['Annual_Revenue > -3', cond('Annual_Revenue', 'greater_than', -3)],
    ['Annual_Revenue >= 0', cond('Annual_Revenue', 'greater_equal', 0)],
    ['Lead_Source in Web,Referral', cond('Lead_Source', 'in', ['Web', 'Referral'])],
    ['Lead_Source not_in Web, Ads', cond('Lead_Source', 'not_in', ['Web', 'Ads'])],
    ['Email contains @zylker', cond('Email', 'contains', '@zylker')],
    ['Email not_contains test', cond('Email', 'not_contains', 'test')],
    ['Last_Name starts_with Bo', cond('Last_Name', 'starts_with', 'Bo')],
    ['Email ends_with .com', cond('Email', 'ends_with', '.com')],
    [
      'Created_Time between 2024-01-01T00:00:00+00:00,2024-02-01T00:00:00+00:00',
      cond('Created_Time', 'between', ['2024-01-01T00:00:00+00:00', '2024-02-01T00:00:00+00:00']),
    ],
    ['Amount not_between 1,10', cond('Amount', 'not_between', [1, 10])],
    ['Email is_empty', cond('Email', 'equal', EMPTY)],
    ['Email is_not_empty', cond('Email', 'not_equal', EMPTY)],
    ['Email EQUAL x', cond('Email', 'equal', 'x')],
    ['Owner.last_name = Boyle', cond('Owner.last_name', 'equal', 'Boyle')],
    ['$converted = false', cond('$converted', 'equal', false)],
  ])('%s', (expression, expected) => {
    expect(parseWhere(expression)).toEqual(expected);
  });

  it('accepts symbol operators without spaces', () => {
    expect(parseWhere('Age>=30')).toEqual(cond('Age', 'greater_equal', 30));
    expect(parseWhere('Name=Bo Ann')).toEqual(cond('Name', 'equal', 'Bo Ann'));
  });

  it('types values: booleans, numbers up to 15 digits; long ids and quoted values stay strings', () => {
    expect(whereValue('Flag = true')).toBe(true);
    expect(whereValue('Owner = 4876876000000327001')).toBe('4876876000000327001');
    expect(whereValue("Phone = '5550199'")).toBe('5550199');
    expect(whereValue('Phone = "007"')).toBe('007');
    expect(whereValue('Code = 007')).toBe('007');
  });

  it('keeps spaces and commas in a single value, and inside quoted list items', () => {
    expect(whereValue('Company = Zylker, Inc.')).toBe('Zylker, Inc.');
    expect(whereValue(`Lead_Source in 'Trade Show', "Web, Form", Ads`)).toEqual([
      'Trade Show',
      'Web, Form',
      'Ads',
    ]);
    expect(whereValue(`Last_Name = 'O''Neil'`)).toBe("O'Neil");
    expect(whereValue("Last_Name = O'Neil")).toBe("O'Neil");
  });

  it.each([
    ['', 'missing field name'],
    ['Last_Name', 'missing operator'],
    ['Last_Name ~ x', "unknown operator '~'"],
    ['Last_Name like x', "unknown operator 'like'"],
    ['Last_Name =', "'=' needs a value"],
    ['Email is_empty now', "'is_empty' takes no value"],
    ['Amount between 1', 'exactly two'],
    ['Amount between 1,2,3', 'exactly two'],
    ['Lead_Source in a,,b', 'empty value in list'],
    ['Lead_Source in a,', 'empty value in list'],
    ["Name = 'open", 'unterminated'],
    ["Name = 'a' b", 'unexpected text after a quoted value'],
    ['1Field = x', 'is not a field API name'],
    ['Bad-Field = x', 'is not a field API name'],
  ])('refuses %j with a usage error', (expression, why) => {
    let error: unknown;
    try {
      parseWhere(expression);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    expect((error as CliError).message).toContain(why);
  });
});

describe('combineCriteria', () => {
  const a = cond('A', 'equal', 1);
  const b = cond('B', 'equal', 2);
  it('returns undefined, a single item, or an and-group', () => {
    expect(combineCriteria(undefined, [])).toBeUndefined();
    expect(combineCriteria(a, [])).toEqual(a);
    expect(combineCriteria(undefined, [b])).toEqual(b);
    expect(combineCriteria(a, [b])).toEqual({ group_operator: 'and', group: [a, b] });
  });

  it('flattens an and-group given as --criteria', () => {
    const group: Criteria = { group_operator: 'and', group: [a, b] };
    const c = cond('C', 'equal', 3);
    expect(combineCriteria(group, [c])).toEqual({ group_operator: 'and', group: [a, b, c] });
  });
});
