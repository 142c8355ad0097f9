/**
 * `--where 'Field op value'` → a Zoho criteria condition (zoho-api.md 2.2.1).
 *
 *   Last_Name = Boyle            Annual_Revenue >= 100000        Lead_Source in Web,'Trade Show'
 *   Email is_empty               Created_Time between 2024-01-01T00:00:00+00:00,2024-02-01T00:00:00+00:00
 *
 * Values: `true`/`false` become booleans and plain numbers of up to 15 digits become numbers; quote a
 * value ('…' or "…") to keep it a string (phone numbers, 19-digit record ids stay strings anyway).
 * `in`, `not_in`, `between` and `not_between` take comma-separated lists; quote an item holding a comma.
 */

import type { Criteria, CriteriaValue } from '../schemas/criteria.js';
import { and, type FieldConditionBuilder, where } from '../schemas/criteria-builder.js';
import { usageError } from './exit-codes.js';

type Arity = 'one' | 'list' | 'pair' | 'none';
type Build = (b: FieldConditionBuilder, values: CriteriaValue[]) => Criteria;

const one = (fn: (b: FieldConditionBuilder, v: CriteriaValue) => Criteria) => ({
  arity: 'one' as const,
  build: ((b, v) => fn(b, v[0] as CriteriaValue)) as Build,
});
const text = (fn: (b: FieldConditionBuilder, v: string) => Criteria) => one((b, v) => fn(b, String(v)));
const list = (fn: (b: FieldConditionBuilder, v: CriteriaValue[]) => Criteria) => ({
  arity: 'list' as const,
  build: fn,
});
const pair = (fn: (b: FieldConditionBuilder, from: CriteriaValue, to: CriteriaValue) => Criteria) => ({
  arity: 'pair' as const,
  build: ((b, v) => fn(b, v[0] as CriteriaValue, v[1] as CriteriaValue)) as Build,
});
const none = (fn: (b: FieldConditionBuilder) => Criteria) => ({
  arity: 'none' as const,
  build: ((b) => fn(b)) as Build,
});

const equal = one((b, v) => b.equal(v));
const notEqual = one((b, v) => b.notEqual(v));
const lessThan = one((b, v) => b.lessThan(v));
const lessEqual = one((b, v) => b.lessEqual(v));
const greaterThan = one((b, v) => b.greaterThan(v));
const greaterEqual = one((b, v) => b.greaterEqual(v));

/** CLI operator → the criteria-builder call producing Zoho's comparator, and how many values it takes. */
const OPERATORS: Record<string, { arity: Arity; build: Build }> = {
  '=': equal,
  '==': equal,
  '!=': notEqual,
  '<>': notEqual,
  '<': lessThan,
  '<=': lessEqual,
  '>': greaterThan,
  '>=': greaterEqual,
  equal,
  not_equal: notEqual,
  less_than: lessThan,
  less_equal: lessEqual,
  greater_than: greaterThan,
  greater_equal: greaterEqual,
  in: list((b, v) => b.in(v)),
  not_in: list((b, v) => b.notIn(v)),
  contains: text((b, v) => b.contains(v)),
  not_contains: text((b, v) => b.notContains(v)),
  starts_with: text((b, v) => b.startsWith(v)),
  ends_with: text((b, v) => b.endsWith(v)),
  between: pair((b, from, to) => b.between(from, to)),
  not_between: pair((b, from, to) => b.notBetween(from, to)),
  is_empty: none((b) => b.isEmpty()),
  is_not_empty: none((b) => b.isNotEmpty()),
};

/** The operators `--where` accepts, for help texts. */
export const WHERE_OPERATORS = Object.keys(OPERATORS);

const FIELD = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)?$/;
const SYMBOL_OP = /^(==|!=|<>|<=|>=|=|<|>)/;
const NUMBER = /^-?(0|[1-9]\d{0,14})(\.\d+)?$/;

const HELP = "write 'Field op value', e.g. 'Lead_Source in Web,Ads'; operators: zoho-bulk export --help";

function bad(expression: string, why: string): Error {
  return usageError(`Invalid --where '${expression}': ${why}`, HELP);
}

/** Parses one `--where` expression into a Zoho condition. Throws a usage error (exit 2). */
export function parseWhere(expression: string): Criteria {
  const text = expression.trim();
  const fieldMatch = /^[^\s=!<>]+/.exec(text);
  if (!fieldMatch) throw bad(expression, 'missing field name');
  const field = fieldMatch[0];
  if (!FIELD.test(field)) throw bad(expression, `'${field}' is not a field API name`);
  let rest = text.slice(field.length).trimStart();

  let op: string;
  const symbol = SYMBOL_OP.exec(rest);
  if (symbol) {
    op = symbol[1] as string;
    rest = rest.slice(op.length);
  } else {
    const word = /^(\S+)(\s+|$)/.exec(rest);
    if (!word) throw bad(expression, 'missing operator');
    op = (word[1] as string).toLowerCase();
    rest = rest.slice(word[0].length);
  }
  const spec = OPERATORS[op];
  if (!spec) throw bad(expression, `unknown operator '${op}'`);
  const rawValue = rest.trim();
  const builder = where(field);

  if (spec.arity === 'none') {
    if (rawValue !== '') throw bad(expression, `'${op}' takes no value`);
    return spec.build(builder, []);
  }
  if (rawValue === '') throw bad(expression, `'${op}' needs a value`);
  const values = splitValues(rawValue, expression, spec.arity !== 'one');
  if (spec.arity === 'pair' && values.length !== 2) {
    throw bad(expression, `'${op}' takes exactly two comma-separated values (from,to)`);
  }
  return spec.build(builder, values);
}

/**
 * Splits `a, 'b,c', "d"` into typed values. Without `list`, the whole text is one value (commas
 * allowed) unless it is a single quoted string.
 */
function splitValues(text: string, expression: string, list: boolean): CriteriaValue[] {
  const items: CriteriaValue[] = [];
  let i = 0;
  while (i <= text.length) {
    while (text[i] === ' ' || text[i] === '\t') i++;
    const quote = text[i];
    let item: CriteriaValue;
    if (quote === "'" || quote === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw bad(expression, `unterminated ${quote} quote`);
        const ch = text[i] as string;
        if (ch === quote) {
          if (text[i + 1] === quote) {
            value += quote;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += ch;
        i++;
      }
      item = value;
      while (text[i] === ' ' || text[i] === '\t') i++;
      if (i < text.length && !(list && text[i] === ',')) {
        throw bad(expression, 'unexpected text after a quoted value');
      }
    } else {
      const end = list ? text.indexOf(',', i) : -1;
      const raw = (end === -1 ? text.slice(i) : text.slice(i, end)).trim();
      if (raw === '') throw bad(expression, 'empty value in list');
      item = typed(raw);
      i = end === -1 ? text.length : end;
    }
    items.push(item);
    if (i >= text.length) break;
    i++; // skip the comma
    if (i >= text.length) throw bad(expression, 'empty value in list');
  }
  return items;
}

function typed(raw: string): CriteriaValue {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (NUMBER.test(raw)) return Number(raw);
  return raw;
}

/**
 * Combines `--criteria` (raw JSON) and the `--where` conditions with `and`. Returns undefined when
 * there are none; a single item is returned as is.
 */
export function combineCriteria(
  criteria: Criteria | undefined,
  wheres: readonly Criteria[],
): Criteria | undefined {
  const all: Criteria[] = [...(criteria === undefined ? [] : [criteria]), ...wheres];
  const [first, ...rest] = all;
  return first === undefined ? undefined : and(first, ...rest);
}
