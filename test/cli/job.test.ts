import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { FakeCliClient } from './helpers/fake-client.js';
import { createTestContext } from './helpers/memory-context.js';

const env = { ZOHO_ACCESS_TOKEN: 'static-token-for-tests' };

describe('job', () => {
  it('shows a bulk read job', async () => {
    const t = createTestContext({ env, client: new FakeCliClient() });
    expect(await runCli(['job', 'read', '4876876000001294251'], t.ctx)).toBe(0);
    expect(t.stdout.text()).toBe(
      'Bulk read job 4876876000001294251: COMPLETED\n' +
        '  module Contacts, page 1, records 1588, more records: no\n' +
        '  download: /crm/bulk/v8/read/4876876000001294251/result\n',
    );
  });

  it('shows a bulk write job with counts, and JSON with --json', async () => {
    const t = createTestContext({ env, client: new FakeCliClient() });
    expect(await runCli(['job', 'write', '99', '--wait'], t.ctx)).toBe(0);
    expect(t.stdout.text()).toBe(
      'Bulk write job 99: COMPLETED (insert)\n  Leads: COMPLETED; added 9, updated 0, skipped 2, total 11\n',
    );
    const j = createTestContext({ env, client: new FakeCliClient() });
    expect(await runCli(['job', 'write', '99', '--json'], j.ctx)).toBe(0);
    expect(JSON.parse(j.stdout.text())).toMatchObject({ id: '99', status: 'COMPLETED' });
  });

  it('shows a mass update job', async () => {
    const client = new FakeCliClient();
    const t = createTestContext({ env, client });
    expect(await runCli(['job', 'mass-update', 'Leads', '5', '--wait'], t.ctx)).toBe(0);
    expect(client.calls).toEqual([{ method: 'massUpdate.waitFor', args: ['Leads', '5'] }]);
    expect(t.stdout.text()).toContain('Mass update job 5: COMPLETED');
  });
});
