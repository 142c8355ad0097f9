/**
 * The per-data-type rules of the import pre-flight (src/import/preflight/field-values.ts), one
 * column writer at a time: the text each value is written as and the rule that refuses it.
 */
import { describe, expect, it } from 'vitest';
import { CellWriter } from '../../src/import/preflight/field-values.js';
import type { ZohoField } from '../../src/schemas/fields.js';

const field = (data_type: string, extra: Record<string, unknown> = {}) =>
  ({ api_name: 'F', data_type, ...extra }) as unknown as ZohoField;

/** [text written, rule of the problem or undefined] for each value. */
function written(writer: CellWriter, values: unknown[]): [string, string | undefined][] {
  return values.map((v) => {
    const problem = writer.write(v);
    return [writer.text, problem?.rule];
  });
}

describe('CellWriter', () => {
  it('integers and decimals: scanned once, digits counted before the point', () => {
    const int = new CellWriter({ field: field('integer', { length: 3 }) });
    expect(written(int, ['12', '-345', 7, '3.5', 'x', '1.', '.5', '-', '1234', ''])).toEqual([
      ['12', undefined],
      ['-345', undefined],
      ['7', undefined],
      ['3.5', 'not_an_integer'],
      ['x', 'not_a_number'],
      ['1.', 'not_a_number'],
      ['.5', 'not_a_number'],
      ['-', 'not_a_number'],
      ['1234', 'too_many_digits'],
      ['', undefined],
    ]);
    const dec = new CellWriter({ field: field('currency', { length: 4 }) });
    expect(written(dec, [1000.5, '12345.1', '-1.25', '1e5'])).toEqual([
      ['1000.5', undefined],
      ['12345.1', 'too_many_digits'],
      ['-1.25', undefined],
      ['1e5', 'not_a_number'],
    ]);
  });

  it('text length in characters (a surrogate pair is one), booleans, lookups, dates', () => {
    const text = new CellWriter({ field: field('text', { length: 3 }) });
    expect(written(text, ['abc', 'abcd', '😀😀😀', '😀😀😀😀'])).toEqual([
      ['abc', undefined],
      ['abcd', 'too_long'],
      ['😀😀😀', undefined],
      ['😀😀😀😀', 'too_long'],
    ]);
    expect(text.write('😀😀😀😀')?.message).toBe('4 characters, at most 3');
    const bool = new CellWriter({ field: field('boolean') });
    expect(written(bool, [true, 'TRUE', 'yes'])).toEqual([
      ['true', undefined],
      ['TRUE', undefined],
      ['yes', 'not_a_boolean'],
    ]);
    const lookup = new CellWriter({ field: field('lookup') });
    expect(written(lookup, [{ id: '123' }, '12a'])).toEqual([
      ['123', undefined],
      ['12a', 'not_an_id'],
    ]);
    const date = new CellWriter({ field: field('date') });
    expect(written(date, [new Date(Date.UTC(2024, 1, 29)), '2024-02-30', Number.NaN])).toEqual([
      ['2024-02-29', undefined],
      ['2024-02-30', 'not_a_date'],
      ['', 'no_csv_form'],
    ]);
  });

  it('picklist values the field does not list are warnings', () => {
    const values = [
      { actual_value: 'A', display_value: 'Alpha' },
      { actual_value: 'B', display_value: 'B' },
    ];
    const multi = new CellWriter({ field: field('multiselectpicklist', { pick_list_values: values }) });
    expect(multi.write(['Alpha', 'B'])).toBeUndefined();
    expect(multi.unlisted(multi.text)).toBeUndefined();
    expect(multi.write(['A', 'C', 'D'])).toBeUndefined();
    expect(multi.unlisted(multi.text)?.message).toBe('"C", "D" are not among the field\'s picklist values');
  });
});
