import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeEach, describe, expect, it } from 'vitest';
import { formatErrorsCell } from '../../src/cli/import-results.js';
import { runCli } from '../../src/cli/program.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { FakeCliClient } from './helpers/fake-client.js';
import { createTestContext } from './helpers/memory-context.js';

let dir: string;
const env = { ZOHO_ACCESS_TOKEN: 'static-token-for-tests' };
beforeEach(async () => {
  dir = await makeTempDir('zoho-bulk-import-');
});

/** ADDED, except rows without Last_Name (SKIPPED) and a duplicate email (SKIPPED). */
const rule = (r: Record<string, string>) =>
  r.Last_Name === ''
    ? { status: 'SKIPPED', recordId: null, errors: [{ code: 'MANDATORY_NOT_FOUND', fields: ['Last_Name'] }] }
    : r.Email === 'dup@x.example'
      ? {
          status: 'SKIPPED',
          recordId: null,
          errors: [
            { code: 'DUPLICATE_DATA', fields: ['Email'] },
            { code: 'LIMIT_EXCEEDED', fields: [] },
          ],
        }
      : { status: 'ADDED', recordId: `90${r.Email?.length ?? 0}`, errors: [] };

describe('import', () => {
  it('streams a CSV, writes one result per row and exits 3 when rows were skipped', async () => {
    await writeFile(
      join(dir, 'leads.csv'),
      '\uFEFFLast_Name,Email,Notes\r\nBoyle,a@x.example,"multi\nline"\r\n,b@x.example,\r\nO\'Neil,dup@x.example,"quoted, comma"\r\n',
    );
    const client = new FakeCliClient({ importRule: rule });
    const t = createTestContext({ env, cwd: dir, client });
    const code = await runCli(
      ['import', 'Leads', 'leads.csv', '--operation', 'insert', '--results', 'results.csv', '--ignore-empty'],
      t.ctx,
    );
    expect(code).toBe(3);
    expect(client.imported).toEqual([
      { Last_Name: 'Boyle', Email: 'a@x.example', Notes: 'multi\nline' },
      { Last_Name: '', Email: 'b@x.example', Notes: '' },
      { Last_Name: "O'Neil", Email: 'dup@x.example', Notes: 'quoted, comma' },
    ]);
    expect(client.calls[0]?.args[0]).toEqual({
      module: 'Leads',
      operation: 'insert',
      records: '<records>',
      ignoreEmpty: true,
    });
    const results = parse(await readFile(join(dir, 'results.csv'), 'utf8'), { columns: true });
    expect(results).toEqual([
      { row: '1', status: 'ADDED', record_id: '9011', errors: '' },
      { row: '2', status: 'SKIPPED', record_id: '', errors: 'MANDATORY_NOT_FOUND:Last_Name' },
      { row: '3', status: 'SKIPPED', record_id: '', errors: 'DUPLICATE_DATA:Email; LIMIT_EXCEEDED' },
    ]);
    const out = t.stdout.text();
    expect(out).toMatch(/^Leads: 3 rows in \d+\.\d s\n/);
    expect(out).toMatch(/ {2}SKIPPED +2\n {2}ADDED +1\n/);
    expect(out).toContain('  row 2: SKIPPED MANDATORY_NOT_FOUND:Last_Name\n');
    expect(out).toContain(`Results: ${join(dir, 'results.csv')}`);
  });

  it('reads NDJSON, renames columns with --map, and exits 0 when every row was written', async () => {
    await writeFile(
      join(dir, 'c.ndjson'),
      '{"surname":"Boyle","mail":"a@x.example","Age":42,"VIP":true,"Gone":null}\n\n{"surname":"Ito","mail":"b@x.example","Tags":["a","b"]}\n',
    );
    const client = new FakeCliClient();
    const t = createTestContext({ env, cwd: dir, client });
    const code = await runCli(
      [
        'import',
        'Contacts',
        'c.ndjson',
        '--operation',
        'upsert',
        '--find-by',
        'Email',
        '--map',
        'surname=Last_Name',
        '--map',
        'mail=Email',
      ],
      t.ctx,
    );
    expect(code).toBe(0);
    expect(client.imported).toEqual([
      { Last_Name: 'Boyle', Email: 'a@x.example', Age: '42', VIP: 'true', Gone: '' },
      { Last_Name: 'Ito', Email: 'b@x.example', Tags: '["a","b"]' },
    ]);
    expect(client.calls[0]?.args[0]).toMatchObject({ operation: 'upsert', findBy: 'Email' });
    expect(t.stdout.text()).toMatch(/ADDED +2\n/);
  });

  it('refuses bad input with exit 2 and the line number', async () => {
    await writeFile(join(dir, 'bad.ndjson'), '{"a":1}\n[1,2]\n');
    await writeFile(join(dir, 'bad.csv'), 'a,b\n1,2,3\n');
    const cases: [string[], RegExp][] = [
      [
        ['import', 'Leads', 'bad.ndjson', '--operation', 'insert'],
        /bad\.ndjson line 2: expected a JSON object/,
      ],
      [['import', 'Leads', 'bad.csv', '--operation', 'insert'], /bad\.csv line 2: /],
      [['import', 'Leads', 'missing.csv', '--operation', 'insert'], /Cannot read .*missing\.csv: ENOENT/],
      [['import', 'Leads', 'x.txt', '--operation', 'insert'], /Cannot tell the format/],
      [['import', 'Leads', 'bad.csv', '--operation', 'update'], /needs --find-by/],
      [
        ['import', 'Leads', 'bad.csv', '--operation', 'insert', '--map', 'nofield'],
        /--map 'nofield' must look like/,
      ],
    ];
    for (const [args, message] of cases) {
      const t = createTestContext({ env, cwd: dir, client: new FakeCliClient() });
      expect(await runCli(args, t.ctx)).toBe(2);
      expect(t.stderr.text()).toMatch(message);
    }
  });

  it('reports a flag problem before looking for credentials, with --dry-run too', async () => {
    for (const extra of [[], ['--dry-run']]) {
      const t = createTestContext({ cwd: dir });
      expect(await runCli(['import', 'Leads', 'x.csv', '--operation', 'update', ...extra], t.ctx)).toBe(2);
      expect(t.stderr.text()).toMatch(/needs --find-by/);
    }
  });
});

describe('formatErrorsCell', () => {
  it('writes CODE:field|field; CODE', () => {
    expect(
      formatErrorsCell([
        { code: 'MANDATORY_NOT_FOUND', fields: ['Company', 'Last_Name'] },
        { code: 'CANNOT_PROCESS', fields: [] },
      ]),
    ).toBe('MANDATORY_NOT_FOUND:Company|Last_Name; CANNOT_PROCESS');
    expect(formatErrorsCell([])).toBe('');
  });
});
