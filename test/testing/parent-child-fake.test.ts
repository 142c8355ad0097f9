/**
 * FakeZoho's parent-child bulk-write jobs (v7+): one zip, one CSV per module, `file_names` per
 * resource, children linked through `parent_column_index`, per-resource `file` counts, one result
 * CSV per resource, a child of a skipped parent skipped, and the child-row limit.
 */
import { parse } from 'csv-parse/sync';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildZip, FakeZoho } from '../../src/testing/index.js';
import { readZip } from '../streaming/upload-zip-reader.js';
import { writeApi } from './write-helpers.js';

const zoho = new FakeZoho({ modules: { Leads: { records: 5 }, Leads_Subform: { records: 0 } } });
const server = setupServer(...zoho.handlers());
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => zoho.reset());
afterAll(() => server.close());

const { upload, create, complete, auth } = writeApi(zoho);

const parentCsv = 'Last_Name,Company,Ref\r\nAda,Acme,1\r\n,NoName,2\r\nGrace,Navy,3\r\n';
const childCsv =
  'Parent_Id,Secondary_Email\r\n1,a1@x.example\r\n2,b1@x.example\r\n3,c1@x.example\r\n1,a2@x.example\r\n';

async function zipId(entries: { name: string; data: string }[]): Promise<string> {
  const { text } = await upload(buildZip(entries));
  return (JSON.parse(text) as { details: { file_id: string } }).details.file_id;
}

function body(fileId: string, child: Record<string, unknown> = {}) {
  return {
    operation: 'insert',
    resource: [
      {
        type: 'data',
        module: { api_name: 'Leads' },
        file_id: fileId,
        file_names: ['Leads.csv'],
        field_mappings: [
          { api_name: 'Last_Name', index: 0 },
          { api_name: 'Company', index: 1 },
        ],
      },
      {
        type: 'data',
        module: { api_name: 'Leads_Subform' },
        file_id: fileId,
        file_names: ['Leads_Subform.csv'],
        field_mappings: [
          { api_name: 'Parent_Id', index: 0, parent_column_index: 2 },
          { api_name: 'Secondary_Email', index: 1 },
        ],
        ...child,
      },
    ],
  };
}

const entries = [
  { name: 'Leads.csv', data: parentCsv },
  { name: 'Leads_Subform.csv', data: childCsv },
];

describe('FakeZoho parent-child jobs', () => {
  it('links children to parent rows, skips children of skipped parents, reports per-resource files', async () => {
    const id = await zipId(entries);
    const created = await create(body(id), 'v8');
    expect(created.status).toBe(201);
    const job = (await complete(created.json.details.id as string)) as unknown as {
      status: string;
      resource: {
        module: { api_name: string };
        file_names: string[];
        file: Record<string, unknown>;
        field_mappings: Record<string, unknown>[];
      }[];
      result: { download_url: string };
    };
    expect(job.resource.map((r) => r.module.api_name)).toEqual(['Leads', 'Leads_Subform']);
    expect(job.resource[1]!.file).toMatchObject({
      name: 'Leads_Subform.csv',
      added_count: 3,
      skipped_count: 1,
      total_count: 4,
    });
    expect(job.resource[0]!.file).toMatchObject({ name: 'Leads.csv', added_count: 2, skipped_count: 1 });
    expect(job.resource[1]!.field_mappings[0]).toMatchObject({
      api_name: 'Parent_Id',
      parent_column_index: 2,
    });

    const res = await fetch(job.result.download_url, { headers: auth() });
    const zip = readZip(new Uint8Array(await res.arrayBuffer()));
    expect(zip.map((e) => e.name)).toEqual(['Leads-Leads.csv', 'Leads_Subform-Leads_Subform.csv']);
    const [parents, children] = zip.map((e) => parse(e.data.toString('utf8')) as string[][]);
    expect(parents!.slice(1).map((r) => r.at(-3))).toEqual(['ADDED', 'SKIPPED', 'ADDED']);
    expect(children!.slice(1).map((r) => r.at(-3))).toEqual(['ADDED', 'SKIPPED', 'ADDED', 'ADDED']);
    const ada = parents![1]!.at(-2);
    const subRows = [...zoho.records('Leads_Subform')];
    expect(subRows.filter((r) => r.Parent_Id === ada).map((r) => r.Secondary_Email)).toEqual([
      'a1@x.example',
      'a2@x.example',
    ]);
    expect(subRows.find((r) => r.Secondary_Email === 'c1@x.example')?.Parent_Id).toBe(parents![3]!.at(-2));
  });

  it('refuses a child without parent_column_index, a CSV not in the zip, and several resources before v7', async () => {
    const id = await zipId(entries);
    const noLink = await create(
      body(id, {
        field_mappings: [
          { api_name: 'Parent_Id', index: 0 },
          { api_name: 'Secondary_Email', index: 1 },
        ],
      }),
    );
    expect(noLink.status).toBe(400);
    expect(noLink.json).toMatchObject({ code: 'MANDATORY_NOT_FOUND' });
    expect(JSON.stringify(noLink.json)).toContain('parent_column_index');
    const missing = await create(body(id, { file_names: ['Other.csv'] }));
    expect(missing.status).toBe(400);
    const v6 = await create(body(id), 'v6');
    expect(v6.status).toBe(400);
  });

  it('refuses a child CSV over the child-row limit (200 by default, configurable)', async () => {
    const rows = Array.from({ length: 201 }, (_, i) => `1,m${i}@x.example\r\n`).join('');
    const id = await zipId([
      entries[0]!,
      { name: 'Leads_Subform.csv', data: `Parent_Id,Secondary_Email\r\n${rows}` },
    ]);
    const over = await create(body(id));
    expect(over.status).toBe(400);
    expect(over.json).toMatchObject({ code: 'LIMIT_EXCEEDED' });
    zoho.bulkWrite.configure({ maxChildRowsPerFile: 500 });
    expect((await create(body(id))).status).toBe(201);
  });
});
