import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJson, quoteBigIntegers } from '../../src/core/json.js';

describe('parseJson', () => {
  it('keeps a bare 19-digit file_id exact, as a string', () => {
    const body = parseJson('{"details":{"file_id":4876876000001492610,"count":3}}');
    expect(body).toEqual({ details: { file_id: '4876876000001492610', count: 3 } });
  });

  it('quotes negative big integers and those inside arrays, leaves small numbers and floats', () => {
    expect(parseJson('[-12345678901234567, 123456789012345, 1.5e300, 12345678901234567.5, 0]')).toEqual([
      '-12345678901234567',
      123456789012345,
      1.5e300,
      Number('12345678901234567.5'),
      0,
    ]);
  });

  it('does not touch digits inside strings, even with escaped quotes', () => {
    const text = '{"a":"x\\"1234567890123456789\\" y","b\\\\":1234567890123456789}';
    expect(parseJson(text)).toEqual({ a: 'x"1234567890123456789" y', 'b\\': '1234567890123456789' });
  });

  it('returns the text unchanged when there is nothing to quote', () => {
    const text = '{"a":[1,2,{"b":null,"c":true}]}';
    expect(quoteBigIntegers(text)).toBe(text);
  });

  it('still rejects invalid JSON', () => {
    expect(() => parseJson('<html>502</html>')).toThrow(SyntaxError);
    expect(() => parseJson('{"a":12345678901234567890')).toThrow(SyntaxError);
  });

  it('property: equals JSON.parse for any JSON without integers over 15 digits', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        fc.pre(!/(?<![\d.eE+-])-?\d{16,}(?![\d.eE])/.test(text.replace(/"(?:[^"\\]|\\.)*"/g, '""')));
        expect(parseJson(text)).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('property: every big integer comes back as its exact digits, strings untouched', () => {
    const bigId = fc.bigInt({ min: 10n ** 15n, max: 10n ** 20n }).map((n) => ({ id: n }));
    const leaf = fc.oneof(bigId, fc.string(), fc.integer(), fc.boolean(), fc.constant(null));
    const tree = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(fc.string(), tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    const write = (v: unknown): string => {
      if (v !== null && typeof v === 'object' && 'id' in v && typeof v.id === 'bigint')
        return v.id.toString();
      if (Array.isArray(v)) return `[${v.map(write).join(',')}]`;
      if (v !== null && typeof v === 'object') {
        return `{${Object.entries(v)
          .map(([k, x]) => `${JSON.stringify(k)}:${write(x)}`)
          .join(',')}}`;
      }
      return JSON.stringify(v);
    };
    const expected = (v: unknown): unknown => {
      if (v !== null && typeof v === 'object' && 'id' in v && typeof v.id === 'bigint')
        return v.id.toString();
      if (Array.isArray(v)) return v.map(expected);
      if (v !== null && typeof v === 'object') {
        // fromEntries defines own keys, as JSON.parse does: `__proto__` stays a plain key.
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, expected(x)]));
      }
      return v;
    };
    fc.assert(
      fc.property(tree, (value) => {
        expect(parseJson(write(value))).toEqual(expected(value));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a `__proto__` key as a plain key, as JSON.parse does', () => {
    const parsed = parseJson('{"__proto__":{"id":12345678901234567}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(parsed, '__proto__')?.value).toEqual({ id: '12345678901234567' });
  });
});
