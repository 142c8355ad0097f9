/** How FakeZoho reads the cells of an uploaded file: types, date formats, lookups. */
import { describe, expect, it } from 'vitest';
import { toDate, toDateTime } from '../../src/fields/date-text.js';
import { FieldIndex } from '../../src/testing/bulk-write/field-index.js';
import { convertCell } from '../../src/testing/bulk-write/values.js';
import type { FieldDef } from '../../src/testing/data/gen.js';
import { RecordStore } from '../../src/testing/data/store.js';

const store = new RecordStore(
  1,
  '4876876000',
  { Accounts: { records: 5 }, Contacts: { records: 5 } },
  () => 0,
);
const env = { store, index: new FieldIndex(store) };
const field = (data_type: FieldDef['data_type'], lookup?: string): FieldDef =>
  lookup === undefined
    ? { api_name: 'F', data_type, gen: () => '' }
    : { api_name: 'F', data_type, gen: () => '', lookup };
const convert = (type: FieldDef['data_type'], value: string, opts = {}, lookup?: string) =>
  convertCell(field(type, lookup), value, opts, env);

describe('convertCell', () => {
  it('checks numbers, booleans and e-mails; empty is always fine', () => {
    expect(convert('integer', '042')).toBe('42');
    expect(convert('integer', '1234567890')).toBeUndefined();
    expect(convert('integer', '1.5')).toBeUndefined();
    expect(convert('bigint', '4876876000000000001')).toBe('4876876000000000001');
    expect(convert('currency', '-12.50')).toBe('-12.50');
    expect(convert('double', '1e5')).toBeUndefined();
    expect(convert('boolean', 'TRUE')).toBe('true');
    expect(convert('boolean', 'yes')).toBeUndefined();
    expect(convert('email', 'a@b.example')).toBe('a@b.example');
    expect(convert('email', 'a@b')).toBeUndefined();
    expect(convert('integer', '')).toBe('');
    expect(convert('text', ' as is ')).toBe(' as is ');
  });

  it('reads dates and datetimes with the mapping’s format or Zoho’s defaults', () => {
    expect(convert('date', '2024-02-29')).toBe('2024-02-29');
    expect(convert('date', '02/29/2024')).toBe('2024-02-29');
    expect(convert('date', '2023-02-29')).toBeUndefined();
    expect(convert('date', '29.02.2024', { format: 'dd.MM.yyyy' })).toBe('2024-02-29');
    expect(convert('date', '2024-02-29', { format: 'dd.MM.yyyy' })).toBeUndefined();
    expect(convert('datetime', '2024-07-01T09:30:00+05:30')).toBe('2024-07-01T09:30:00+05:30');
    expect(convert('datetime', '2024-07-01T09:30:00Z', { format: "yyyy-MM-dd'T'HH:mm:ssXXX" })).toBe(
      '2024-07-01T09:30:00+00:00',
    );
    expect(convert('datetime', '07/01/2024 09:30:00')).toBe('2024-07-01T09:30:00+00:00');
    expect(convert('datetime', '07/01/2024 25:30:00')).toBeUndefined();
    expect(toDate('2024/7/1', 'yyyy/MM/dd')).toBeUndefined();
    expect(toDateTime('2024-07-01 09:30', 'yyyy-MM-dd HH:mm')).toBe('2024-07-01T09:30:00+00:00');
  });

  it('resolves lookups by id, by a field, and users by id or e-mail', () => {
    const account = store.record('Accounts', 1)!;
    const contact = store.record('Contacts', 1)!;
    expect(convert('lookup', account.Id!, {}, 'Accounts')).toBe(account.Id);
    expect(convert('lookup', contact.Id!, {}, 'Accounts')).toBeUndefined();
    expect(
      convert('lookup', account.Account_Name!.toUpperCase(), { findBy: 'Account_Name' }, 'Accounts'),
    ).toBe(
      store.record(
        'Accounts',
        [0, 1, 2, 3, 4].find((i) => store.record('Accounts', i)!.Account_Name === account.Account_Name)!,
      )!.Id,
    );
    expect(convert('lookup', 'No Such Account', { findBy: 'Account_Name' }, 'Accounts')).toBeUndefined();
    const user = store.users[1]!;
    expect(convert('ownerlookup', user.id)).toBe(user.id);
    expect(convert('ownerlookup', user.email.toUpperCase(), { findBy: 'email' })).toBe(user.id);
    expect(convert('ownerlookup', 'nobody@x.example', { findBy: 'email' })).toBeUndefined();
  });
});
