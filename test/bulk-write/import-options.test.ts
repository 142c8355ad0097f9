/**
 * `bulkWrite.import` options that reach Zoho's create body (seen at the wire, FakeZoho via msw):
 * `callback`, `characterEncoding`, `ignoreEmpty` (top level, where Zoho's docs put it); and a
 * `CallbackHub` ending a job's wait early; for plain and parent-child imports alike.
 */
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallbackHub } from '../../src/callbacks/callback-hub.js';
import { BulkClient } from '../../src/client.js';
import { RequestValidationError } from '../../src/core/errors.js';
import type { BulkWriteRowResult } from '../../src/schemas/row-errors.js';
import { FakeZoho } from '../../src/testing/index.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { rejectionOf } from '../helpers/rejection.js';
import { withWriteResources } from './support.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

const SECRET = 'a-very-secret-callback-key-0123456789';

function setup(
  options: { jobLatency?: number; clock?: FakeClock; poll?: { interval: number; maxInterval: number } } = {},
) {
  const clock = options.clock ?? new FakeClock();
  const zoho = new FakeZoho({
    modules: { Leads: { records: 0 }, Leads_Subform: { records: 0 } },
    now: () => clock.now(),
    ...(options.jobLatency ? { jobLatency: options.jobLatency } : {}),
  });
  server.resetHandlers(...zoho.handlers());
  const client = withWriteResources(
    new BulkClient({
      auth: zoho.issueAccessToken(30 * 86_400_000),
      clock,
      poll: options.poll ?? { interval: 1_000, maxInterval: 5_000 },
    }),
  );
  const creates = () =>
    zoho.requests.filter((r) => r.route === 'bulkWrite.create').map((r) => r.json as Record<string, unknown>);
  return { zoho, client, clock, creates };
}

async function collect(results: AsyncIterable<BulkWriteRowResult>): Promise<BulkWriteRowResult[]> {
  const out: BulkWriteRowResult[] = [];
  for await (const r of results) out.push(r);
  return out;
}

const leads = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    Last_Name: `L${i}`,
    Company: `C${i}`,
    Email: `o${i}@opts.example`,
  }));

/** A plain import of `n` leads, or a parent-child one (each lead with a Subform_1 row). */
const kinds = [
  { kind: 'plain', resources: 1, params: (n: number) => ({ records: leads(n) }) },
  {
    kind: 'parent-child',
    resources: 2,
    params: (n: number) => ({
      records: leads(n).map((lead, i) => ({
        ...lead,
        Subform_1: [{ Secondary_Email: `k${i}@opts.example` }],
      })),
      children: { Subform_1: 'Leads_Subform' },
    }),
  },
];

describe('import options in the create body', () => {
  it.each(kinds)(
    'callback, characterEncoding and ignoreEmpty (top level) are sent with every job ($kind)',
    async ({ params, resources }) => {
      const { client, creates } = setup();
      const url = 'http://hooks.example.com/zoho/bulk-write'; // plain http, as Zoho's own example
      const results = await collect(
        client.bulkWrite.import(
          {
            module: 'Leads',
            operation: 'insert',
            ...params(7),
            ignoreEmpty: true,
            characterEncoding: 'UTF-8',
          },
          { maxRowsPerFile: 5, callback: { url } },
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array(7).fill('ADDED'));
      const bodies = creates();
      expect(bodies).toHaveLength(2);
      for (const body of bodies) {
        expect(body).toMatchObject({
          operation: 'insert',
          ignore_empty: true,
          character_encoding: 'UTF-8',
          callback: { url, method: 'post' },
        });
        expect((body.resource as Record<string, unknown>[])[0]).not.toHaveProperty('ignore_empty');
        expect(body.resource).toHaveLength(resources);
      }
    },
  );

  it('none of them is sent when not given', async () => {
    const { client, creates } = setup();
    await collect(client.bulkWrite.import({ module: 'Leads', operation: 'insert', records: leads(2) }));
    const [body] = creates();
    expect(Object.keys(body!).sort()).toEqual(['operation', 'resource']);
  });

  it('a bad callback URL or encoding is refused before anything is uploaded', async () => {
    const { zoho, client } = setup();
    const hub = new CallbackHub({ secret: SECRET });
    const signedHttp = hub.callbackUrl('https://hooks.example.com/z').replace(/^https:/, 'http:');
    for (const [params, opts] of [
      [{}, { callback: { url: 'hooks.example.com/zoho' } }],
      [{}, { callback: { url: signedHttp } }],
      [{ characterEncoding: '' }, {}],
    ] as const) {
      const error = await rejectionOf(
        collect(
          client.bulkWrite.import(
            { module: 'Leads', operation: 'insert', records: leads(2), ...params },
            opts,
          ),
        ),
      );
      expect(error).toBeInstanceOf(RequestValidationError);
    }
    expect(zoho.requests).toHaveLength(0);
  });
});

describe('import with a CallbackHub', () => {
  it.each(kinds)(
    'a delivered callback ends the poll sleep: the job is read again at once ($kind)',
    async ({ params, resources }) => {
      const clock = new FakeClock({ auto: false });
      const slow = { interval: 600_000, maxInterval: 600_000 };
      const { zoho, client, creates } = setup({ jobLatency: 20_000, clock, poll: slow });
      const hub = new CallbackHub({ secret: SECRET });
      const url = hub.callbackUrl('https://hooks.example.com/zoho');
      const start = clock.now();
      const done = collect(
        client.bulkWrite.import(
          { module: 'Leads', operation: 'insert', ...params(3) },
          { callback: { url, hub } },
        ),
      );
      await clock.waitForSleep();
      clock.advance(20_000); // the job completes on Zoho's side; the 10-minute poll sleep goes on
      const jobId = zoho.jobs('bulkWrite')[0]!.id;
      hub.deliver({ id: jobId, status: 'COMPLETED', operation: 'insert' }); // shaped like the job GET
      expect((await done).map((r) => r.status)).toEqual(['ADDED', 'ADDED', 'ADDED']);
      expect(clock.now() - start).toBe(20_000);
      expect(creates()[0]).toMatchObject({ callback: { url, method: 'post' } });
      expect(creates()[0]!.resource).toHaveLength(resources);
    },
  );
});
