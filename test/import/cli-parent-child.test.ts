import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { FakeCliClient } from '../cli/helpers/fake-client.js';
import { createTestContext } from '../cli/helpers/memory-context.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let dir: string;
const env = { ZOHO_ACCESS_TOKEN: 'static-token-for-tests' };
beforeEach(async () => {
  dir = await makeTempDir('zoho-bulk-import-children-');
});

describe('import --child', () => {
  it('passes NDJSON child arrays as child records and writes child outcomes into the results file', async () => {
    await writeFile(
      join(dir, 'quotes.ndjson'),
      `${JSON.stringify({ Subject: 'Q1', Quoted_Items: [{ Product_Name: 'P1', Quantity: 2 }, { Product_Name: '' }] })}\n${JSON.stringify({ Subject: 'Q2' })}\n`,
    );
    const client = new FakeCliClient({
      importRule: (r, i) => {
        const items = (r as unknown as { Quoted_Items?: Record<string, string>[] }).Quoted_Items ?? [];
        return {
          status: 'ADDED',
          recordId: `70${i}`,
          errors: [],
          children: {
            Quoted_Items: items.map((it, j) =>
              it.Product_Name === ''
                ? {
                    status: 'SKIPPED',
                    recordId: null,
                    errors: [{ code: 'MANDATORY_NOT_FOUND', fields: ['Product_Name'] }],
                    row: {},
                  }
                : { status: 'ADDED', recordId: `80${j}`, errors: [], row: {} },
            ),
          },
        } as never;
      },
    });
    const t = createTestContext({ env, cwd: dir, client });
    const code = await runCli(
      [
        'import',
        'Quotes',
        'quotes.ndjson',
        '--operation',
        'insert',
        '--child',
        'Quoted_Items=Quoted_Items',
        '--results',
        'r.csv',
      ],
      t.ctx,
    );
    expect(code).toBe(3); // a child row was SKIPPED
    expect(client.imported[0]).toEqual({
      Subject: 'Q1',
      Quoted_Items: [{ Product_Name: 'P1', Quantity: '2' }, { Product_Name: '' }],
    });
    expect(client.calls[0]?.args[0]).toMatchObject({ children: { Quoted_Items: 'Quoted_Items' } });
    const rows = parse(await readFile(join(dir, 'r.csv'), 'utf8'), { columns: true });
    expect(rows).toEqual([
      { row: '1', status: 'ADDED', record_id: '700', errors: '', child: '', child_row: '' },
      { row: '1', status: 'ADDED', record_id: '800', errors: '', child: 'Quoted_Items', child_row: '1' },
      {
        row: '1',
        status: 'SKIPPED',
        record_id: '',
        errors: 'MANDATORY_NOT_FOUND:Product_Name',
        child: 'Quoted_Items',
        child_row: '2',
      },
      { row: '2', status: 'ADDED', record_id: '701', errors: '', child: '', child_row: '' },
    ]);
  });

  it('refuses --child with CSV input', async () => {
    await writeFile(join(dir, 'q.csv'), 'Subject\r\nQ1\r\n');
    const t = createTestContext({ env, cwd: dir, client: new FakeCliClient({}) });
    const code = await runCli(
      ['import', 'Quotes', 'q.csv', '--operation', 'insert', '--child', 'Items=Quoted_Items'],
      t.ctx,
    );
    expect(code).toBe(2);
    expect(t.stderr.text()).toContain('--child needs NDJSON input');
  });
});
