/**
 * FakeZoho's bulk write beyond the basics: `ignore_empty` per resource and the resource echo the
 * SDK models read, state spellings, fields only Zoho sets, and datetimes in one user's zone.
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeZoho } from '../../src/testing/index.js';
import { writeApi } from './write-helpers.js';

const zoho = new FakeZoho({
  modules: {
    Leads: { records: 20 },
    Contacts: { records: 20 },
    Accounts: { records: 5 },
    Events: { records: 5 },
  },
});
const server = setupServer(...zoho.handlers());
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => zoho.reset());
afterAll(() => server.close());

const { create, complete, fileId, run } = writeApi(zoho);

/** Lead 0 with a title, updated by id with an empty Designation cell. */
async function clearTitle(resource: Record<string, unknown>, top: Record<string, unknown>) {
  const lead = zoho.record('Leads', 0)!;
  expect(lead.Designation).not.toBe('');
  const { job, rows } = await run(
    `Id,Designation\r\n${lead.Id},\r\n`,
    { find_by: 'id', ...resource },
    { operation: 'update', ...top },
  );
  expect(rows[1]).toContain('UPDATED');
  return { job, before: lead.Designation, after: zoho.record('Leads', 0)!.Designation };
}

describe('ignore_empty per resource', () => {
  it('keeps existing values for empty cells when the resource says ignore_empty: true', async () => {
    const { job, before, after } = await clearTitle({ ignore_empty: true }, {});
    expect(after).toBe(before);
    expect(job.ignore_empty).toBe(false);
    expect(job.resource[0].ignore_empty).toBe(true);
  });

  it('the resource’s value wins over the top-level one; the top level alone still works', async () => {
    const overwrite = await clearTitle({ ignore_empty: false }, { ignore_empty: true });
    expect(overwrite.after).toBe('');
    expect(overwrite.job).toMatchObject({ ignore_empty: true, resource: [{ ignore_empty: false }] });
    zoho.reset();
    const top = await clearTitle({}, { ignore_empty: true });
    expect(top.after).toBe(top.before);
    expect(top.job.resource[0].ignore_empty).toBe(true);
  });

  it('refuses a per-resource ignore_empty that is not a boolean', async () => {
    const id = await fileId('Last_Name,Company\r\nA,B\r\n');
    const { status, json } = await create({
      operation: 'insert',
      resource: [{ type: 'data', module: { api_name: 'Leads' }, file_id: id, ignore_empty: 'yes' }],
    });
    expect(status).toBe(400);
    expect(json).toMatchObject({ code: 'INVALID_DATA', details: { api_name: 'ignore_empty' } });
  });

  it('echoes file_id and file_names on the resource, as sent or as the CSV it read', async () => {
    const named = await fileId('Last_Name,Company\r\nA,B\r\n', 'leads.csv');
    const { json } = await create({
      operation: 'insert',
      resource: [{ type: 'data', module: { api_name: 'Leads' }, file_id: named, file_names: ['leads.csv'] }],
    });
    const job = await complete(json.details.id as string);
    expect(job.resource[0]).toMatchObject({ file_id: named, file_names: ['leads.csv'], ignore_empty: false });
    const plain = await run('Last_Name,Company\r\nA,B\r\n', {});
    expect(plain.job.resource[0]).toMatchObject({ file_id: plain.fileId, file_names: ['records.csv'] });
  });
});

describe('state spellings', () => {
  const csv = {
    skipped: 'Last_Name,Company\r\n,Acme\r\nB,\r\n',
    mixed: 'Last_Name,Company\r\nA,Acme\r\nB,\r\n',
  };

  async function statuses(fake: FakeZoho, text: string) {
    const api = writeApi(fake);
    const id = await api.fileId(text);
    const { json } = await api.create({
      operation: 'insert',
      resource: [{ type: 'data', module: { api_name: 'Leads' }, file_id: id }],
    });
    const seen: string[][] = [];
    for (let i = 0; i < 4; i++) {
      const job = await api.getJob(json.details.id as string);
      seen.push([job.status, job.resource[0].status, job.resource[0].file.status as string]);
    }
    return seen;
  }

  it('defaults: INPROGRESS while running, COMPLETED even when every row was skipped', async () => {
    const seen = await statuses(zoho, csv.skipped);
    expect(seen.map((s) => s[0])).toEqual(['INPROGRESS', 'INPROGRESS', 'COMPLETED', 'COMPLETED']);
    for (const s of seen) expect(new Set(s).size).toBe(1);
  });

  it('bulkWriteRunningState / bulkWriteSkippedState: IN PROGRESS, and SKIPPED when no row was written', async () => {
    const fake = new FakeZoho({
      modules: { Leads: { records: 5 } },
      bulkWriteRunningState: 'IN PROGRESS',
      bulkWriteSkippedState: 'SKIPPED',
    });
    server.use(...fake.handlers()); // in front of `zoho` on the same hosts
    try {
      const skipped = await statuses(fake, csv.skipped);
      expect(skipped).toEqual([
        ['IN PROGRESS', 'IN PROGRESS', 'IN PROGRESS'],
        ['IN PROGRESS', 'IN PROGRESS', 'IN PROGRESS'],
        ['SKIPPED', 'SKIPPED', 'SKIPPED'],
        ['SKIPPED', 'SKIPPED', 'SKIPPED'],
      ]);
      const mixed = await statuses(fake, csv.mixed);
      expect(mixed.at(-1)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED']);
    } finally {
      server.resetHandlers();
    }
  });
});

describe('what Zoho sets itself', () => {
  it('accepts and ignores fields only Zoho sets, derives Full_Name, and refuses pseudo columns', async () => {
    const { rows } = await run(
      'Last_Name,First_Name,Company,Full_Name,Created_Time,Converted__s\r\nBoyle,Pat,Acme,Someone Else,2001-01-01T00:00:00Z,true\r\n',
      {},
    );
    const id = rows[1]![rows[0]!.indexOf('RECORD_ID')]!;
    const record = [...zoho.records('Leads')].find((r) => r.Id === id)!;
    expect(record).toMatchObject({ Full_Name: 'Pat Boyle', Converted__s: '' });
    expect(record.Created_Time).not.toContain('2001');

    const pseudo = await fileId('Last_Name,Company,$converted\r\nA,B,true\r\n');
    const { status, json } = await create({
      operation: 'insert',
      resource: [{ type: 'data', module: { api_name: 'Leads' }, file_id: pseudo }],
    });
    expect(status).toBe(400);
    expect(json).toMatchObject({ code: 'INVALID_FIELD', details: { api_name: '$converted' } });
  });

  it('stores every written datetime in the current user’s zone (the offset an export shows)', async () => {
    const { rows } = await run(
      'Event_Title,Start_DateTime,End_DateTime\r\nCall,2024-07-01T09:30:00+05:30,2024-01-15T18:00:00Z\r\n',
      {},
      {},
      'Events',
    );
    const id = rows[1]![rows[0]!.indexOf('RECORD_ID')]!;
    const event = [...zoho.records('Events')].find((r) => r.Id === id)!;
    expect(event.Start_DateTime).toBe('2024-06-30T21:00:00-07:00');
    expect(event.End_DateTime).toBe('2024-01-15T10:00:00-08:00');
    const first = zoho.record('Events', 0)!;
    expect(zoho.updateRecord('Events', first.Id!, { End_DateTime: '2024-03-01T12:00:00+01:00' })).toBe(true);
    expect(zoho.record('Events', 0)!.End_DateTime).toBe('2024-03-01T03:00:00-08:00');
  });
});
