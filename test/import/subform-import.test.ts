import { describe, expect, it } from 'vitest';
import type { BulkWriteRowResult } from '../../src/schemas/row-errors.js';
import { useFakeZoho } from '../bulk-write/support.js';

const { zoho, client } = useFakeZoho({ modules: { Leads: { records: 20 }, Leads_Subform: { records: 0 } } });

async function collect(results: AsyncIterable<BulkWriteRowResult>): Promise<BulkWriteRowResult[]> {
  const out: BulkWriteRowResult[] = [];
  for await (const r of results) out.push(r);
  return out;
}

type CreateBody = {
  resource: { module: unknown; field_mappings?: unknown; file_names?: string[] }[];
};

const createBodies = () =>
  zoho.requests.filter((r) => r.route === 'bulkWrite.create').map((r) => r.json as CreateBody);

describe('single-CSV subform import', () => {
  it('maps Parent_Id with find_by id without user mappings, and FakeZoho links the rows', async () => {
    const parents = [...zoho.records('Leads', { columns: ['Id'] })].map((r) => r.Id as string);
    const records = [
      { Parent_Id: parents[0]!, Secondary_Email: 'a@sub.example', Secondary_Phone: '555-0101' },
      { Parent_Id: parents[3]!, Secondary_Email: 'b@sub.example', Secondary_Phone: '' },
      { Parent_Id: '999', Secondary_Email: 'c@sub.example', Secondary_Phone: '' },
    ];
    const { client: c } = client();
    const results = await collect(
      c.bulkWrite.import({ module: 'Leads_Subform', operation: 'insert', records }),
    );

    const body = createBodies()[0]!;
    expect(body.resource[0]!.module).toEqual({ api_name: 'Leads_Subform' });
    expect(body.resource[0]!.field_mappings).toEqual([
      { api_name: 'Parent_Id', index: 0, find_by: 'id' },
      { api_name: 'Secondary_Email', index: 1 },
      { api_name: 'Secondary_Phone', index: 2 },
    ]);
    expect(results.map((r) => r.status)).toEqual(['ADDED', 'ADDED', 'SKIPPED']);
    expect(results[2]!.errors).toEqual([{ code: 'INVALID_DATA', fields: ['Parent_Id'] }]);
    const rows = [...zoho.records('Leads_Subform')];
    expect(rows.map((r) => [r.Parent_Id, r.Secondary_Email])).toEqual([
      [parents[0], 'a@sub.example'],
      [parents[3], 'b@sub.example'],
    ]);
  });

  it('keeps the mappings the user gives', async () => {
    const [parent] = [...zoho.records('Leads', { columns: ['Id'] })].map((r) => r.Id as string);
    const { client: c } = client();
    const results = await collect(
      c.bulkWrite.import({
        module: 'Leads_Subform',
        operation: 'insert',
        records: [{ Lead: parent!, Mail: 'x@sub.example' }],
        fieldMappings: [
          { api_name: 'Parent_Id', column: 'Lead', find_by: 'id' },
          { api_name: 'Secondary_Email', column: 'Mail' },
        ],
      }),
    );
    expect(createBodies()[0]!.resource[0]!.field_mappings).toEqual([
      { api_name: 'Parent_Id', index: 0, find_by: 'id' },
      { api_name: 'Secondary_Email', index: 1 },
    ]);
    expect(results[0]!.status).toBe('ADDED');
  });
});
