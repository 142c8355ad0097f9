/**
 * The field metadata the fake serves predicts what an import on the fake accepts: a dry run that
 * reads only `GET /settings/fields` (length, system_mandatory, data_type, operation_type) and
 * the fake's result file agree row for row.
 */
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeZoho } from '../../src/testing/index.js';
import { writeApi } from './write-helpers.js';

const zoho = new FakeZoho({ modules: { Contacts: { records: 50 }, Accounts: { records: 10 } } });
const server = setupServer(...zoho.handlers());
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

type Field = {
  api_name: string;
  data_type: string;
  length: number;
  system_mandatory: boolean;
  operation_type: { api_create: boolean };
};

async function fieldsOf(module: string): Promise<Map<string, Field>> {
  const res = await fetch(`${zoho.urls.api}/crm/v8/settings/fields?module=${module}`, {
    headers: { authorization: `Zoho-oauthtoken ${zoho.credentials.accessToken}` },
  });
  const fields = ((await res.json()) as { fields: Field[] }).fields;
  return new Map(fields.map((f) => [f.api_name, f]));
}

describe('the metadata predicts what an import on the fake accepts', () => {
  const { run } = writeApi(zoho);
  const digits = (n: number) => '9'.repeat(n);

  /** The outcome a dry run derives from the metadata: '' (written) or Zoho's ERRORS text. */
  function predict(row: Record<string, string>, meta: Map<string, Field>): string {
    const errors: Record<string, string[]> = {};
    const add = (code: string, field: string) => {
      errors[code] = [...(errors[code] ?? []), field];
    };
    for (const [name, f] of meta)
      if (f.system_mandatory && (row[name] ?? '') === '') add('MANDATORY_NOT_FOUND', name);
    for (const [name, value] of Object.entries(row)) {
      const f = meta.get(name)!;
      if (value === '' || !f.operation_type.api_create) continue;
      const ok =
        f.data_type === 'integer' || f.data_type === 'bigint'
          ? /^\d+$/.test(value) && value.length <= f.length
          : f.data_type === 'currency' || f.data_type === 'double'
            ? /^\d+(\.\d+)?$/.test(value) && value.split('.')[0]!.length <= f.length
            : f.data_type === 'boolean'
              ? /^(true|false)$/i.test(value)
              : f.data_type === 'email'
                ? /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value) && value.length <= f.length
                : [...value].length <= f.length;
      if (!ok) add('INVALID_DATA', name);
    }
    return Object.entries(errors)
      .map(([code, fields]) => `${code}-${fields.join(',')}`)
      .join(':');
  }

  it('lengths, types, mandatory and system fields: the prediction and the result file agree', async () => {
    const meta = await fieldsOf('Contacts');
    const rows: Record<string, string>[] = [];
    for (const f of meta.values()) {
      if (
        !f.operation_type.api_create ||
        ['Owner', 'Account_Name', 'Layout', 'Date_of_Birth'].includes(f.api_name)
      )
        continue;
      const base = { Last_Name: `Row ${rows.length}` };
      const [fits, over] =
        f.data_type === 'integer' || f.data_type === 'bigint'
          ? [digits(f.length), digits(f.length + 1)]
          : f.data_type === 'currency' || f.data_type === 'double'
            ? [`${digits(f.length)}.5`, `${digits(f.length + 1)}.5`]
            : f.data_type === 'boolean'
              ? ['TRUE', 'yes']
              : f.data_type === 'email'
                ? [`${'a'.repeat(f.length - 12)}@example.com`, `${'a'.repeat(f.length - 11)}@example.com`]
                : ['é'.repeat(f.length), `${'x'.repeat(f.length)}🎉`];
      rows.push({ ...base, [f.api_name]: fits }, { ...base, [f.api_name]: over });
    }
    rows.push(
      { Last_Name: '' },
      { Last_Name: 'System', Created_Time: 'not a date', Full_Name: 'x'.repeat(500) },
    );
    const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    const csv = [columns, ...rows.map((r) => columns.map((c) => r[c] ?? ''))]
      .map((line) => line.map((v) => `"${v.replace(/"/g, '""')}"`).join(','))
      .join('\r\n');
    const { rows: result } = await run(csv, {}, {}, 'Contacts');
    const [header, ...outcomes] = result;
    const errorsAt = header!.indexOf('ERRORS');
    const predicted = rows.map((r) => predict(r, meta));
    expect(outcomes.map((o) => o[errorsAt])).toEqual(predicted);
    expect(predicted.filter((p) => p !== '').length).toBeGreaterThan(20);
    expect(predicted.filter((p) => p === '').length).toBeGreaterThan(20);
  });
});
