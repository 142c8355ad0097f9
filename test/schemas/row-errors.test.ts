import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatRowErrors, parseRowErrors, toBulkWriteRowResult } from '../../src/schemas/row-errors.js';

describe('parseRowErrors', () => {
  it('reads the documented examples', () => {
    expect(parseRowErrors('MANDATORY_NOT_FOUND-Company,Last_Name:DUPLICATE_DATA-Email')).toEqual([
      { code: 'MANDATORY_NOT_FOUND', fields: ['Company', 'Last_Name'] },
      { code: 'DUPLICATE_DATA', fields: ['Email'] },
    ]);
    expect(parseRowErrors('MANDATORY_NOT_FOUND-Company')).toEqual([
      { code: 'MANDATORY_NOT_FOUND', fields: ['Company'] },
    ]);
    expect(parseRowErrors('')).toEqual([]);
    expect(parseRowErrors('LIMIT_EXCEEDED')).toEqual([{ code: 'LIMIT_EXCEEDED', fields: [] }]);
    expect(parseRowErrors('INVALID_DATA-Account_Name.Account_Name,Field_2')).toEqual([
      { code: 'INVALID_DATA', fields: ['Account_Name.Account_Name', 'Field_2'] },
    ]);
  });

  it('tolerates whitespace and empty parts', () => {
    expect(parseRowErrors(' MANDATORY_NOT_FOUND - Company , Last_Name : LIMIT_EXCEEDED :: ')).toEqual([
      { code: 'MANDATORY_NOT_FOUND', fields: ['Company', 'Last_Name'] },
      { code: 'LIMIT_EXCEEDED', fields: [] },
    ]);
    expect(parseRowErrors('   ')).toEqual([]);
    expect(parseRowErrors('CANNOT_PROCESS-')).toEqual([{ code: 'CANNOT_PROCESS', fields: [] }]);
  });

  it('parse(format(x)) === x (property)', () => {
    const code = fc.stringMatching(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+){0,3}$/);
    const field = fc.stringMatching(/^[A-Za-z$][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)?$/);
    const item = fc.record({ code, fields: fc.array(field, { maxLength: 5 }) });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 6 }), (items) => {
        const text = formatRowErrors(items);
        expect(parseRowErrors(text)).toEqual(items);
        expect(formatRowErrors(parseRowErrors(text))).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });

  it('formatRowErrors writes the documented form', () => {
    expect(
      formatRowErrors([
        { code: 'MANDATORY_NOT_FOUND', fields: ['Company', 'Last_Name'] },
        { code: 'DUPLICATE_DATA', fields: ['Email'] },
        { code: 'LIMIT_EXCEEDED', fields: [] },
      ]),
    ).toBe('MANDATORY_NOT_FOUND-Company,Last_Name:DUPLICATE_DATA-Email:LIMIT_EXCEEDED');
    expect(formatRowErrors([])).toBe('');
  });
});

describe('toBulkWriteRowResult', () => {
  it('maps STATUS, RECORD_ID and ERRORS, keeping the raw row', () => {
    const added = { Last_Name: 'Boyle', STATUS: 'ADDED', RECORD_ID: '4876876000001300001', ERRORS: '' };
    expect(toBulkWriteRowResult(added, 0)).toEqual({
      index: 0,
      status: 'ADDED',
      recordId: '4876876000001300001',
      errors: [],
      row: added,
    });
    const skipped = {
      Last_Name: 'Kennedy',
      STATUS: 'SKIPPED',
      RECORD_ID: '',
      ERRORS: 'MANDATORY_NOT_FOUND-Company',
    };
    const r = toBulkWriteRowResult(skipped);
    expect(r).toEqual({
      status: 'SKIPPED',
      recordId: null,
      errors: [{ code: 'MANDATORY_NOT_FOUND', fields: ['Company'] }],
      row: skipped,
    });
    expect('index' in r).toBe(false);
    expect(toBulkWriteRowResult({ Status: 'UPDATED', Record_Id: '1' })).toEqual({
      status: 'UPDATED',
      recordId: '1',
      errors: [],
      row: { Status: 'UPDATED', Record_Id: '1' },
    });
    expect(toBulkWriteRowResult({})).toEqual({ status: '', recordId: null, errors: [], row: {} });
  });
});
