import { appendFile, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeEach, describe, expect, it } from 'vitest';
import { ExportOutput } from '../../src/cli/export-output.js';
import { loadExportState } from '../../src/cli/export-state.js';
import type { OutputFormat } from '../../src/cli/output/record-writer.js';
import { runCli } from '../../src/cli/program.js';
import type { ExportCheckpoint } from '../../src/schemas/bulk-read.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { checkpointAt, FakeCliClient, makeRecords } from './helpers/fake-client.js';
import { createTestContext } from './helpers/memory-context.js';

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir('zoho-bulk-export-');
});

const all = makeRecords(30);
const query = { module: 'Contacts' };
const at12 = checkpointAt('Contacts', { page: 2, recordsInPage: 2, totalRecords: 12 });

function readBack(format: OutputFormat, text: string): unknown[] {
  if (format === 'ndjson')
    return text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
  if (format === 'json') return JSON.parse(text);
  return parse(text, { columns: true });
}

async function open(format: OutputFormat, out: string, statePath: string): Promise<ExportOutput> {
  const opened = await ExportOutput.open({ format, out, statePath, query, stdout: process.stdout, cwd: dir });
  if (opened.kind !== 'open') throw new Error('unexpected complete state');
  return opened.output;
}

describe.each(['ndjson', 'csv', 'json'] as const)('resumable %s output', (format) => {
  it('cuts the file back to the checkpoint and continues with no record missing or duplicated', async () => {
    const out = join(dir, `out.${format}`);
    const statePath = join(dir, 'state.json');

    // Run 1: 12 records, checkpoint, 5 more, then a crash (the later records even reach the disk).
    const first = await open(format, out, statePath);
    expect(first.resumeFrom).toBeUndefined();
    for (const r of all.slice(0, 12)) await first.writer.write(r);
    await first.checkpoint(at12);
    for (const r of all.slice(12, 17)) await first.writer.write(r);
    await first.abandon();
    await appendFile(out, format === 'csv' ? '999,half a ro' : '{"Id":"999","Last_'); // torn write

    const saved = await loadExportState(statePath);
    expect(saved).toMatchObject({ checkpoint: at12, records: 12, complete: false, format, out });
    expect((await stat(out)).size).toBeGreaterThan(saved?.bytes ?? 0);

    // Run 2: resume from the checkpoint, then finish.
    const second = await open(format, out, statePath);
    expect(second.resumeFrom).toEqual(at12);
    expect(second.resumedRecords).toBe(12);
    expect((await stat(out)).size).toBe(saved?.bytes);
    for (const r of all.slice(12)) await second.writer.write(r);
    await second.finish();

    expect(readBack(format, await readFile(out, 'utf8'))).toEqual(all);
    expect(await loadExportState(statePath)).toMatchObject({ complete: true, records: 30, checkpoint: null });
  });

  it('starts over when interrupted before the first checkpoint', async () => {
    const out = join(dir, `out.${format}`);
    const statePath = join(dir, 'state.json');
    const first = await open(format, out, statePath);
    for (const r of all.slice(0, 4)) await first.writer.write(r);
    await first.abandon();
    expect(await loadExportState(statePath)).toMatchObject({ checkpoint: null, bytes: 0, records: 0 });

    const second = await open(format, out, statePath);
    expect(second.resumeFrom).toBeUndefined();
    for (const r of all) await second.writer.write(r);
    await second.finish();
    expect(readBack(format, await readFile(out, 'utf8'))).toEqual(all);
  });
});

describe('resume state checks', () => {
  it('refuses a state file of another export, or an output file shorter than recorded', async () => {
    const out = join(dir, 'out.ndjson');
    const statePath = join(dir, 'state.json');
    const first = await open('ndjson', out, statePath);
    for (const r of all.slice(0, 3)) await first.writer.write(r);
    await first.checkpoint(checkpointAt('Contacts', { page: 1, recordsInPage: 3, totalRecords: 3 }));
    await first.abandon();

    const other = await ExportOutput.open({
      format: 'ndjson',
      out,
      statePath,
      query: { module: 'Leads' },
      stdout: process.stdout,
      cwd: dir,
    }).catch((e: unknown) => e);
    expect(other).toMatchObject({ exitCode: 2 });

    await writeFile(out, 'x');
    const shorter = await open('ndjson', out, statePath).catch((e: unknown) => e);
    expect(shorter).toMatchObject({ exitCode: 2 });
  });

  it('refuses a state file whose checkpoint is not an export checkpoint (exit 2)', async () => {
    const out = join(dir, 'out.ndjson');
    const statePath = join(dir, 'state.json');
    const first = await open('ndjson', out, statePath);
    for (const r of all.slice(0, 3)) await first.writer.write(r);
    await first.checkpoint({ cursor: 3 } as unknown as ExportCheckpoint);
    await first.abandon();
    const error = await open('ndjson', out, statePath).catch((e: unknown) => e);
    expect(error).toMatchObject({ exitCode: 2, message: `${statePath} holds no valid export checkpoint` });
  });

  it('closes the document on rerun after a crash that followed the final checkpoint', async () => {
    const out = join(dir, 'out.json');
    const statePath = join(dir, 'state.json');
    const first = await open('json', out, statePath);
    for (const r of all) await first.writer.write(r);
    const last = checkpointAt('Contacts', { page: 3, recordsInPage: 10, totalRecords: 30, complete: true });
    await first.checkpoint(last);
    await first.abandon(); // the crash: finish() never ran, the JSON array is still open

    const second = await open('json', out, statePath);
    expect(second.resumeFrom).toEqual(last);
    expect(second.resumedRecords).toBe(30);
    await second.finish();
    expect(readBack('json', await readFile(out, 'utf8'))).toEqual(all);
  });

  it('needs --out', async () => {
    const error = await ExportOutput.open({
      format: 'ndjson',
      out: undefined,
      statePath: join(dir, 's.json'),
      query,
      stdout: process.stdout,
      cwd: dir,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ exitCode: 2 });
  });
});

describe('export --resume through the CLI', () => {
  it('exits 130 on interrupt with the last checkpoint saved, then completes on rerun', async () => {
    const controller = new AbortController();
    const client = new FakeCliClient({
      records: all,
      pageSize: 10,
      beforeRecord: (i) => {
        if (i === 23)
          controller.abort(Object.assign(new Error('Interrupted by SIGINT'), { name: 'AbortError' }));
      },
    });
    const env = { ZOHO_ACCESS_TOKEN: 'static-token-for-tests' };
    const args = ['export', 'Contacts', '--out', 'c.ndjson', '--resume', 'c.state.json'];

    const run1 = createTestContext({ env, cwd: dir, client, signal: controller.signal });
    expect(await runCli(args, run1.ctx)).toBe(130);
    expect(run1.stderr.text()).toContain('Interrupted after 23 records');
    expect(await loadExportState(join(dir, 'c.state.json'))).toMatchObject({
      checkpoint: { page: 3, recordsInPage: 0, totalRecords: 20 },
      records: 20,
    });

    const client2 = new FakeCliClient({ records: all, pageSize: 10 });
    const run2 = createTestContext({ env, cwd: dir, client: client2 });
    expect(await runCli(args, run2.ctx)).toBe(0);
    expect(client2.calls[0]).toEqual({
      method: 'bulkRead.export',
      args: [
        { module: 'Contacts' },
        { resume: checkpointAt('Contacts', { page: 3, recordsInPage: 0, totalRecords: 20 }) },
      ],
    });
    expect(readBack('ndjson', await readFile(join(dir, 'c.ndjson'), 'utf8'))).toEqual(all);
    expect(run2.stderr.text()).toContain('Resuming after 20 records');

    const run3 = createTestContext({ env, cwd: dir, client: new FakeCliClient({ records: all }) });
    expect(await runCli(args, run3.ctx)).toBe(0);
    expect(run3.stderr.text()).toContain('Export already complete (30 records');
    expect(readBack('ndjson', await readFile(join(dir, 'c.ndjson'), 'utf8'))).toEqual(all);
  });

  it('writes to stdout without --out, and builds the query from the flags', async () => {
    const client = new FakeCliClient({ records: all.slice(0, 3) });
    const t = createTestContext({ env: { ZOHO_ACCESS_TOKEN: 'tok' }, cwd: dir, client });
    await writeFile(
      join(dir, 'crit.json'),
      JSON.stringify({ field: { api_name: 'A' }, comparator: 'equal', value: 1 }),
    );
    const code = await runCli(
      [
        'export',
        'Contacts',
        '--fields',
        'Last_Name, Email',
        '--criteria',
        '@crit.json',
        '--where',
        'Lead_Source in Web,Ads',
        '--cvid',
        '123',
        '--format',
        'csv',
      ],
      t.ctx,
    );
    expect(code).toBe(0);
    expect(parse(t.stdout.text(), { columns: true })).toEqual(all.slice(0, 3));
    expect(client.calls[0]?.args[0]).toEqual({
      module: 'Contacts',
      fields: ['Last_Name', 'Email'],
      criteria: {
        group_operator: 'and',
        group: [
          { field: { api_name: 'A' }, comparator: 'equal', value: 1 },
          { field: { api_name: 'Lead_Source' }, comparator: 'in', value: ['Web', 'Ads'] },
        ],
      },
      cvid: '123',
    });
  });

  it('refuses bad flags before looking for credentials (exit 2)', async () => {
    for (const args of [
      ['export', 'Contacts', '--where', 'X ~ 1'],
      ['export', 'Contacts', '--format', 'xml'],
      ['export', 'Contacts', '--resume', 's.json'],
      ['export', 'Contacts', '--criteria', '{not json'],
      ['export', 'Contacts', '--criteria', '@missing.json'],
    ]) {
      const t = createTestContext({ cwd: dir });
      expect(await runCli(args, t.ctx)).toBe(2);
      expect(t.stderr.text()).toMatch(/^Error/);
    }
  });
});
