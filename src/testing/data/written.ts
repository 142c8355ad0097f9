/**
 * What Zoho does to a record it writes, whoever writes it (an import, a mass update, a test's
 * `insertRecord`): system fields filled in, datetimes shown in the current user's time zone (an
 * export never mixes users' offsets), `Full_Name` derived from `First_Name` and `Last_Name`.
 */
import type { FieldDef } from './field-def.js';
import { formatDateTime } from './gen.js';
import { currentUser, type FakeUser } from './samples.js';

type Row = Readonly<Record<string, string>>;

/** A new record's values in field order, system fields defaulted to the current user and `now`. */
export function newRow(
  fields: readonly FieldDef[],
  values: Row,
  users: readonly FakeUser[],
  now: number,
): string[] {
  const user = currentUser(users);
  const time = formatDateTime(now, user.zone);
  const defaults: Row = {
    Owner: user.id,
    Created_By: user.id,
    Modified_By: user.id,
    Created_Time: time,
    Modified_Time: time,
  };
  return finishRow(
    fields,
    fields.map((field) => values[field.api_name] ?? defaults[field.api_name] ?? ''),
    users,
  );
}

/** A written record's values (in field order, changed in place): zones and derived fields. */
export function finishRow(
  fields: readonly FieldDef[],
  values: string[],
  users: readonly FakeUser[],
): string[] {
  const zone = currentUser(users).zone;
  const at: Record<string, number> = {};
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    at[field.api_name] = i;
    const value = values[i] ?? '';
    if (field.data_type !== 'datetime' || !/(Z|[+-]\d\d:\d\d)$/.test(value)) continue;
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) values[i] = formatDateTime(ms, zone);
  }
  const [first, last, full] = [at.First_Name, at.Last_Name, at.Full_Name];
  if (first !== undefined && last !== undefined && full !== undefined && fields[full]?.system) {
    const name = [values[first], values[last]].filter((v) => v !== undefined && v !== '').join(' ');
    if (name !== '') values[full] = name;
  }
  return values;
}
