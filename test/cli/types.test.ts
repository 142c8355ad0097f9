/**
 * `zoho-bulk types` and `zoho-bulk export --typed`, run in-process with a real BulkClient whose
 * requests msw answers: the fields route beside a FakeZoho (which does not serve
 * `settings/fields` yet), so every request is checked at the wire.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { generateTypes } from '../../src/fields/type-generator.js';
import type { ZohoField } from '../../src/schemas/fields.js';
import { fakeRecords, setup, useMsw } from '../bulk-read/support.js';
import { contactsFields, dealsResponse } from '../fields/fixtures.js';
import { byModule, fieldsRoute } from '../fields/support.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { createTestContext } from './helpers/memory-context.js';

const server = useMsw();
const env = { ZOHO_ACCESS_TOKEN: 'static-token-for-tests' };

function org() {
  const s = setup(server, { modules: { Contacts: { records: 30 } } });
  const route = fieldsRoute(byModule({ Deals: dealsResponse, Contacts: { fields: contactsFields() } }));
  server.use(route.handler);
  return { ...s, route };
}

describe('zoho-bulk types', () => {
  it('writes the modules’ schemas and types to --out', async () => {
    const { client, route } = org();
    const cwd = await makeTempDir('zoho-bulk-types-cli-');
    const t = createTestContext({ env, client, cwd });
    expect(await runCli(['types', 'Deals', 'Contacts', 'Deals', '--out', 'zoho-types.ts'], t.ctx)).toBe(0);
    const written = await readFile(join(cwd, 'zoho-types.ts'), 'utf8');
    expect(written).toBe(
      generateTypes(
        [
          { module: 'Deals', fields: dealsResponse.fields as ZohoField[] },
          { module: 'Contacts', fields: contactsFields() },
        ],
        { note: 'zoho-bulk types Deals Contacts' },
      ),
    );
    expect(written).toContain('export const DealsRecord = z');
    expect(written).toContain('export type ContactsRecord = z.infer<typeof ContactsRecord>;');
    expect(route.seen.map((r) => r.module).sort()).toEqual(['Contacts', 'Deals']);
    expect(t.stdout.text()).toBe('');
    expect(t.stderr.text()).toBe(
      `Wrote types for Deals (27 fields), Contacts (${contactsFields().length} fields) to ${join(cwd, 'zoho-types.ts')}\n`,
    );
  });

  it('writes to stdout without --out; --import-from changes the import', async () => {
    const { client } = org();
    const t = createTestContext({ env, client });
    expect(await runCli(['types', 'Deals', '--import-from', '../lib/zoho-bulk.js', '-q'], t.ctx)).toBe(0);
    expect(t.stdout.text()).toContain("import { zohoCsv } from '../lib/zoho-bulk.js';\n");
    expect(t.stdout.text()).toContain('export type DealsStageValue =');
    expect(t.stderr.text()).toBe('');
  });

  it('an unknown module exits 5 with Zoho’s code and a hint, and writes no file', async () => {
    const { client, route } = org();
    const cwd = await makeTempDir('zoho-bulk-types-cli-');
    const t = createTestContext({ env, client, cwd });
    expect(await runCli(['types', 'Deals', 'Dealz', '--out', 'zoho-types.ts'], t.ctx)).toBe(5);
    expect(t.stderr.text()).toContain('INVALID_MODULE');
    expect(t.stderr.text()).toContain('check the module API name');
    expect(existsSync(join(cwd, 'zoho-types.ts'))).toBe(false);
    expect(route.seen.map((r) => r.module).sort()).toEqual(['Deals', 'Dealz']);
  });

  it('a name that is no API name is a usage error (exit 2), before any request', async () => {
    const { client, route } = org();
    const t = createTestContext({ env, client });
    expect(await runCli(['types', 'Deals', 'Sales Orders'], t.ctx)).toBe(2);
    expect(t.stderr.text()).toContain("'Sales Orders' is not a module API name");
    expect(await runCli(['types'], createTestContext({ env, client }).ctx)).toBe(2);
    expect(route.seen).toHaveLength(0);
  });
});

describe('zoho-bulk export --typed', () => {
  /** What --typed writes for a raw CSV record of the fake's Contacts. */
  function typed(r: Record<string, string>) {
    const text = (v: string) => (v === '' ? null : v);
    const out: Record<string, unknown> = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, text(v)]));
    return {
      ...out,
      Score: r.Score === '' ? null : Number(r.Score),
      Annual_Spend: r.Annual_Spend === '' ? null : Number(r.Annual_Spend),
      Exchange_Rate: r.Exchange_Rate === '' ? null : Number(r.Exchange_Rate),
      Email_Opt_Out: r.Email_Opt_Out === '' ? null : r.Email_Opt_Out === 'true',
      Locked__s: r.Locked__s === '' ? null : r.Locked__s === 'true',
      Service_Interested_In: r.Service_Interested_In === '' ? [] : r.Service_Interested_In!.split(';'),
    };
  }

  it('NDJSON lines carry numbers, booleans, lists and ISO date text', async () => {
    const { client, fake } = org();
    const t = createTestContext({ env, client });
    expect(await runCli(['export', 'Contacts', '--typed', '-q'], t.ctx)).toBe(0);
    const lines = t.stdout.text().trimEnd().split('\n');
    const raw = fakeRecords(fake, 'Contacts');
    expect(lines.map((l) => JSON.parse(l))).toEqual(raw.map(typed));
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(Object.keys(first)).toEqual(Object.keys(raw[0]!));
    expect(typeof first.Score).toBe('number');
    expect(typeof first.Email_Opt_Out).toBe('boolean');
    const withBirthday = lines.map((l) => JSON.parse(l)).find((r) => r.Date_of_Birth !== null);
    expect(withBirthday.Date_of_Birth).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(first.Created_Time).toBe(raw[0]!.Created_Time);
    expect(first.Created_Time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
  });

  it('JSON output too', async () => {
    const { client, fake } = org();
    const cwd = await makeTempDir('zoho-bulk-typed-');
    const t = createTestContext({ env, client, cwd });
    expect(await runCli(['export', 'Contacts', '--typed', '--out', 'contacts.json', '-q'], t.ctx)).toBe(0);
    const parsed = JSON.parse(await readFile(join(cwd, 'contacts.json'), 'utf8'));
    expect(parsed).toEqual(fakeRecords(fake, 'Contacts').map(typed));
  });

  it('without --typed the values stay text (no field request)', async () => {
    const { client, fake, route } = org();
    const t = createTestContext({ env, client });
    expect(await runCli(['export', 'Contacts', '-q'], t.ctx)).toBe(0);
    const lines = t.stdout.text().trimEnd().split('\n');
    expect(JSON.parse(lines[0]!)).toEqual(fakeRecords(fake, 'Contacts')[0]);
    expect(route.seen).toHaveLength(0);
  });

  it('--typed with CSV output is a usage error, before any request', async () => {
    const { client, fake, route } = org();
    const t = createTestContext({ env, client });
    expect(await runCli(['export', 'Contacts', '--typed', '--format', 'csv'], t.ctx)).toBe(2);
    expect(t.stderr.text()).toContain('--typed writes numbers, booleans and lists');
    expect(route.seen).toHaveLength(0);
    expect(fake.requests).toHaveLength(0);
  });

  it('an unknown module exits 5 before any export job or output file', async () => {
    const { client, fake } = org();
    const cwd = await makeTempDir('zoho-bulk-typed-');
    const t = createTestContext({ env, client, cwd });
    expect(await runCli(['export', 'Dealz', '--typed', '--out', 'x.ndjson'], t.ctx)).toBe(5);
    expect(t.stderr.text()).toContain('INVALID_MODULE');
    expect(fake.requests).toHaveLength(0);
    expect(existsSync(join(cwd, 'x.ndjson'))).toBe(false);
  });
});
