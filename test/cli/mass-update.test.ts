import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseAssignments, parseIdsFile } from '../../src/cli/commands/mass-update.js';
import { runCli } from '../../src/cli/program.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { FakeCliClient } from './helpers/fake-client.js';
import { createTestContext } from './helpers/memory-context.js';

let dir: string;
const env = { ZOHO_ACCESS_TOKEN: 'static-token-for-tests' };
beforeEach(async () => {
  dir = await makeTempDir('zoho-bulk-mu-');
});

describe('mass-update', () => {
  it('schedules a cvid job and waits for it', async () => {
    const client = new FakeCliClient();
    const t = createTestContext({ env, cwd: dir, client });
    const code = await runCli(
      ['mass-update', 'Leads', '--set', 'Lead_Status=Contacted', '--cvid', '111', '--wait'],
      t.ctx,
    );
    expect(code).toBe(0);
    expect(client.calls.map((c) => c.method)).toEqual(['massUpdate.create', 'massUpdate.waitFor']);
    expect(client.calls[0]?.args).toEqual(['Leads', { data: [{ Lead_Status: 'Contacted' }], cvid: '111' }]);
    expect(t.stdout.text()).toBe(
      'Mass update job 4876876000000506003: COMPLETED\n  updated 50, failed 0, not updated 0, total 50\n',
    );
  });

  it('without --wait prints the job id and how to check it', async () => {
    const client = new FakeCliClient();
    const t = createTestContext({ env, cwd: dir, client });
    expect(
      await runCli(['mass-update', 'Leads', '--set', 'Rating:=5', '--cvid', '111', '--over-write'], t.ctx),
    ).toBe(0);
    expect(client.calls[0]?.args[1]).toEqual({ data: [{ Rating: 5 }], cvid: '111', over_write: true });
    expect(t.stdout.text()).toContain('zoho-bulk job mass-update Leads 4876876000000506003 --wait');
  });

  it('updates ids 500 per request and exits 3 when some failed', async () => {
    const ids = Array.from({ length: 1201 }, (_, i) => String(4876876000000497000n + BigInt(i)));
    await writeFile(join(dir, 'ids.csv'), `Id,Name\n${ids.map((id) => `${id},x`).join('\n')}\n\n`);
    const client = new FakeCliClient({
      massUpdateResults: (chunk) =>
        chunk.map((id, i) =>
          i === 0
            ? { id, status: 'error', code: 'INVALID_DATA', message: 'the id given seems to be invalid' }
            : { id, status: 'success', code: 'SUCCESS' },
        ),
    });
    const t = createTestContext({ env, cwd: dir, client });
    const code = await runCli(
      ['mass-update', 'Contacts', '--set', 'Email_Opt_Out:=true', '--ids', 'ids.csv'],
      t.ctx,
    );
    expect(code).toBe(3);
    const sizes = client.calls.map((c) => (c.args[1] as { ids: string[] }).ids.length);
    expect(sizes).toEqual([500, 500, 201]);
    expect(client.calls[0]?.args[1]).toMatchObject({ data: [{ Email_Opt_Out: true }] });
    expect(t.stdout.text()).toContain('Contacts: 1198 of 1201 records updated\n');
    expect(t.stdout.text()).toContain(`  ${ids[0]}: INVALID_DATA (the id given seems to be invalid)\n`);
  });

  it('refuses bad flags with exit 2', async () => {
    await writeFile(join(dir, 'ids.txt'), '123\nabc\n');
    for (const args of [
      ['mass-update', 'Leads', '--cvid', '1'],
      ['mass-update', 'Leads', '--set', 'A=1'],
      ['mass-update', 'Leads', '--set', 'A=1', '--cvid', '1', '--ids', 'ids.txt'],
      ['mass-update', 'Leads', '--set', 'A:={x', '--cvid', '1'],
      ['mass-update', 'Leads', '--set', 'A=1', '--ids', 'ids.txt'],
      ['mass-update', 'Leads', '--set', 'A=1', '--ids', 'none.txt'],
    ]) {
      const t = createTestContext({ env, cwd: dir, client: new FakeCliClient() });
      expect(await runCli(args, t.ctx)).toBe(2);
    }
  });
});

describe('parsers', () => {
  it('parseAssignments: text, JSON and values with =', () => {
    expect(parseAssignments(['A=x=y', 'B:=[1,"2"]', 'C:=null', 'D='])).toEqual({
      A: 'x=y',
      B: [1, '2'],
      C: null,
      D: '',
    });
  });
  it('parseIdsFile: one per line, header skipped, first CSV column', () => {
    expect(parseIdsFile('RECORD_ID\r\n"11",a\n22\n\n')).toEqual(['11', '22']);
  });
});
