import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { DownloadError, RequestValidationError, ResponseValidationError } from '../../src/core/errors.js';
import type { BulkWriteImportOptions } from '../../src/import/import-params.js';
import type { FamilyRowResult } from '../../src/import/join-children.js';
import { buildZip } from '../../src/testing/index.js';
import { useFakeZoho } from '../bulk-write/support.js';

const { zoho, client, server } = useFakeZoho({
  modules: { Leads: { records: 5 }, Leads_Subform: { records: 0 } },
});

type Body = {
  resource: {
    module: { api_name: string };
    file_id: string;
    file_names: string[];
    field_mappings: Record<string, unknown>[];
  }[];
};
const creates = () => zoho.requests.filter((r) => r.route === 'bulkWrite.create').map((r) => r.json as Body);

/** Deterministic 0–3 children per parent. */
const childCount = (i: number) => (i * 7) % 4;

function* families(n: number) {
  for (let i = 0; i < n; i++) {
    yield {
      Last_Name: i === 500 ? '' : `Parent${i}`,
      Company: `Co ${i}`,
      Subform_1: Array.from({ length: childCount(i) }, (_, j) => ({
        Secondary_Email: `p${i}c${j}@sub.example`,
      })),
    };
  }
}

async function collect(results: AsyncIterable<FamilyRowResult>) {
  const out: FamilyRowResult[] = [];
  for await (const r of results) out.push(r);
  return out;
}

/** Leads with their Subform_1 rows, imported by a fresh client. */
function importLeads(records: Iterable<Record<string, unknown>>, opts: BulkWriteImportOptions = {}) {
  const { client: c } = client();
  return collect(
    c.bulkWrite.import(
      { module: 'Leads', operation: 'insert', records, children: { Subform_1: 'Leads_Subform' } },
      opts,
    ),
  );
}

describe('parent-child import', () => {
  it('imports 1,000 parents with 0–3 children each: one zip per job, children linked, every outcome in order', async () => {
    const { client: c } = client();
    const created: string[] = [];
    const results = await collect(
      c.bulkWrite.import(
        {
          module: 'Leads',
          operation: 'insert',
          records: families(1000),
          children: { Subform_1: 'Leads_Subform' },
        },
        { onProgress: (e) => e.type === 'created' && created.push(e.jobId) },
      ),
    );
    expect(results[0]!.row).toMatchObject({ Last_Name: 'Parent0', Company: 'Co 0', STATUS: 'ADDED' });
    expect(results).toHaveLength(1000);
    expect(results.map((r) => r.index)).toEqual([...Array(1000).keys()]);
    expect(results[500]!.status).toBe('SKIPPED');
    expect(results.filter((r) => r.status === 'ADDED')).toHaveLength(999);
    for (const [i, r] of results.entries()) {
      const kids = r.children?.Subform_1 ?? [];
      expect(kids).toHaveLength(childCount(i));
      for (const k of kids) expect(k.status).toBe(i === 500 ? 'SKIPPED' : 'ADDED');
    }
    // Every stored child row points at its own parent.
    const emailToParent = new Map<string, string>();
    for (const r of zoho.records('Leads_Subform'))
      emailToParent.set(r.Secondary_Email as string, r.Parent_Id as string);
    for (const [i, r] of results.entries()) {
      for (let j = 0; j < childCount(i); j++) {
        const linked = emailToParent.get(`p${i}c${j}@sub.example`);
        expect(linked).toBe(i === 500 ? undefined : r.recordId);
      }
    }
    // One zip per job with one CSV per module; the child linked through parent_column_index.
    const bodies = creates();
    const total = [...Array(1000).keys()].reduce((n, i) => n + childCount(i), 0);
    expect(bodies.length).toBeGreaterThanOrEqual(Math.ceil(total / 200));
    for (const b of bodies) {
      expect(b.resource.map((r) => r.module.api_name)).toEqual(['Leads', 'Leads_Subform']);
      expect(b.resource.map((r) => r.file_names)).toEqual([['Leads.csv'], ['Leads_Subform.csv']]);
      expect(new Set(b.resource.map((r) => r.file_id)).size).toBe(1);
      expect(b.resource[1]!.field_mappings[0]).toEqual({
        api_name: 'Parent_Id',
        index: 0,
        parent_column_index: 2,
      });
    }
    expect(zoho.requests.filter((r) => r.route === 'bulkWrite.upload')).toHaveLength(bodies.length);
    expect(created).toHaveLength(bodies.length);
  });

  it('keeps families together when splitting: no job holds more than maxChildRowsPerFile child rows, no family is split', async () => {
    const results = await importLeads(families(300), { maxChildRowsPerFile: 10 });
    expect(results).toHaveLength(300);
    const stored = [...zoho.records('Leads_Subform')];
    const byParent = new Map<string, number>();
    for (const r of stored)
      byParent.set(r.Parent_Id as string, (byParent.get(r.Parent_Id as string) ?? 0) + 1);
    for (const [i, r] of results.entries()) {
      expect(byParent.get(r.recordId ?? '') ?? 0).toBe(childCount(i));
    }
    const bodies = creates();
    // 300 parents, 450 children, at most 10 child rows per job: families never split across jobs.
    expect(bodies.length).toBeGreaterThanOrEqual(45);
  });

  it('runs `concurrency` jobs at once and still yields every result in input order', async () => {
    const routes = () => zoho.requests.map((r) => r.route);
    const run = async (concurrency: number) => {
      zoho.reset();
      const results = await importLeads(families(60), { maxRowsPerFile: 10, concurrency });
      expect(results.map((r) => r.index)).toEqual([...Array(60).keys()]);
      expect(results.map((r) => r.children?.Subform_1?.length)).toEqual(
        [...Array(60).keys()].map(childCount),
      );
      expect(results.map((r) => r.row.Last_Name)).toEqual([...Array(60).keys()].map((i) => `Parent${i}`));
      const log = routes();
      expect(log.filter((r) => r === 'bulkWrite.create')).toHaveLength(6);
      // How many jobs existed before the first result file was read.
      return log.slice(0, log.indexOf('bulkWrite.download')).filter((r) => r === 'bulkWrite.create').length;
    };
    expect(await run(1)).toBe(1);
    expect(await run(3)).toBe(3);
  });

  it('refuses a parent-child import on API v6 before any request', async () => {
    const { client: c } = client({ apiVersion: 'v6' });
    const run = collect(
      c.bulkWrite.import({
        module: 'Leads',
        operation: 'insert',
        records: families(3),
        children: { Subform_1: 'Leads_Subform' },
      }),
    );
    await expect(run).rejects.toBeInstanceOf(RequestValidationError);
    await expect(run).rejects.toThrow(/v7 or later/);
    expect(zoho.requests).toHaveLength(0);
  });

  it('refuses update and upsert with children before any request (Zoho documents parent-child jobs with insert only)', async () => {
    const { client: c } = client();
    for (const operation of ['update', 'upsert'] as const) {
      const run = collect(
        c.bulkWrite.import({
          module: 'Leads',
          operation,
          findBy: 'Email',
          records: families(3),
          children: { Subform_1: 'Leads_Subform' },
        }),
      );
      const error = await run.then(
        () => undefined,
        (e: unknown) => e as RequestValidationError,
      );
      expect(error).toBeInstanceOf(RequestValidationError);
      expect(error!.issues[0]?.path).toEqual(['operation']);
      expect(error!.message).toContain(`parent-child imports (children) can only insert, not ${operation}`);
    }
    expect(zoho.requests).toHaveLength(0);
  });

  it('delivers the parents of a result zip whose child CSV cannot be matched, then says what the zip held', async () => {
    server.use(
      http.get(/\/bulk-write\/\d+\/\d+\.zip$/, () =>
        HttpResponse.arrayBuffer(
          buildZip([
            {
              name: 'Leads-Leads.csv',
              data: 'Last_Name,STATUS,RECORD_ID,ERRORS\r\nA,ADDED,111,\r\nB,ADDED,112,\r\n',
            },
            { name: 'weird.csv', data: 'X,STATUS,RECORD_ID,ERRORS\r\n' },
          ]).buffer as ArrayBuffer,
          { headers: { 'content-type': 'application/zip' } },
        ),
      ),
    );
    const { client: c } = client();
    const got: FamilyRowResult[] = [];
    const run = async () => {
      for await (const r of c.bulkWrite.import({
        module: 'Leads',
        operation: 'insert',
        records: [
          { Last_Name: 'A', Company: 'X', Subform_1: [{ Secondary_Email: 'a@x.example' }] },
          { Last_Name: 'B', Company: 'Y', Subform_1: [] },
        ],
        children: { Subform_1: 'Leads_Subform' },
      }))
        got.push(r);
    };
    await expect(run()).rejects.toThrow(ResponseValidationError);
    await expect(run()).rejects.toThrow(
      /no CSV for Leads_Subform; the zip held Leads-Leads.csv \(2 rows\), weird.csv \(0 rows\)/,
    );
    expect(got.slice(0, 2).map((r) => [r.index, r.status, r.recordId])).toEqual([
      [0, 'ADDED', '111'],
      [1, 'ADDED', '112'],
    ]);
    expect(got[0]!.children).toBeUndefined();
  });

  it('a result file that is not a zip, or holds a malformed CSV: DownloadError naming the job (and the entry, and the line)', async () => {
    const answers: (() => Response)[] = [
      () =>
        HttpResponse.text('<html>Service Unavailable</html>', {
          headers: { 'content-type': 'application/zip' },
        }),
      () =>
        HttpResponse.arrayBuffer(
          buildZip([
            { name: 'Leads-Leads.csv', data: 'Last_Name,STATUS,RECORD_ID,ERRORS\r\nA,ADDED,111,\r\n' },
            {
              name: 'Leads_Subform-Leads_Subform.csv',
              data: 'Secondary_Email,STATUS\r\n"a@x.example"x,ADDED\r\n',
            },
          ]).buffer as ArrayBuffer,
        ),
    ];
    const { client: c } = client();
    for (const [i, answer] of answers.entries()) {
      let downloads = 0;
      server.use(
        http.get(/\/bulk-write\/\d+\/\d+\.zip$/, () => {
          downloads++;
          return answer();
        }),
      );
      const run = collect(
        c.bulkWrite.import({
          module: 'Leads',
          operation: 'insert',
          records: [{ Last_Name: 'A', Company: 'X', Subform_1: [{ Secondary_Email: 'a@x.example' }] }],
          children: { Subform_1: 'Leads_Subform' },
        }),
      );
      const error = await run.then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      const jobId = zoho.requests
        .filter((r) => r.route === 'bulkWrite.get')
        .at(-1)!
        .path.split('/')
        .at(-1);
      expect(error).toBeInstanceOf(DownloadError);
      expect(error!.message).toContain(`job ${jobId}`);
      expect(error!.message).toMatch(
        i === 0
          ? /is not a zip archive: the body starts with '<html>Service Unavailable<\/html>'/
          : /entry Leads_Subform-Leads_Subform.csv, is not valid CSV at line 2 \(record 1\): a closing quote is followed by other characters/,
      );
      expect(downloads).toBe(1);
    }
  });

  it('resolves children given as a list of keys through the field metadata', async () => {
    server.use(
      http.get(/\/settings\/fields$/, () =>
        HttpResponse.json({
          fields: [
            { id: '1', api_name: 'Last_Name', data_type: 'text' },
            { id: '3', api_name: 'Company', data_type: 'text' },
            {
              id: '2',
              api_name: 'Subform_1',
              data_type: 'subform',
              associated_module: { module: 'Leads_Subform', id: '9' },
            },
            {
              id: '3',
              api_name: 'Products',
              data_type: 'multiselectlookup',
              multiselectlookup: { linking_module: { api_name: 'LeadsXProducts', id: '10' } },
            },
          ],
        }),
      ),
    );
    const { client: c } = client();
    const results = await collect(
      c.bulkWrite.import({
        module: 'Leads',
        operation: 'insert',
        records: families(4),
        children: ['Subform_1'],
      }),
    );
    expect(results.map((r) => r.children?.Subform_1?.length)).toEqual([0, 3, 2, 1]);
    expect(creates()[0]!.resource[1]!.module).toEqual({ api_name: 'Leads_Subform' });
    const before = zoho.requests.length;
    for (const [key, message] of [
      ['Nope', /Nope is not a subform or line-item field of Leads/],
      [
        'Products',
        /Products is a multi-select lookup field of Leads: zoho-bulk does not import multi-select lookup links/,
      ],
    ] as const) {
      await expect(
        collect(
          c.bulkWrite.import({ module: 'Leads', operation: 'insert', records: families(1), children: [key] }),
        ),
      ).rejects.toThrow(message);
    }
    expect(zoho.requests.slice(before).map((r) => r.route)).not.toContain('bulkWrite.upload');
  });
});
