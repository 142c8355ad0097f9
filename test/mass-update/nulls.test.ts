/** Mass update answers with the `null`s real Zoho sends (a hand-written server over msw). */
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { JobFailedError } from '../../src/core/errors.js';
import { makeClient } from '../bulk-write/support.js';
import { useMswServer } from '../client/support.js';

const server = useMswServer();
const url = 'https://www.zohoapis.com/crm/v8/Leads/actions/mass_update';
const JOB = '4876876000000506003';
const client = () => makeClient({ auth: 'static-access-token' }).client;

/** A status answer whose counts Zoho has not filled in yet. */
const status = (Status: string, counts: Record<string, number | null> = {}) => ({
  data: [
    {
      Status,
      Updated_Count: null,
      Failed_Count: null,
      Not_Updated_Count: null,
      Total_Count: null,
      ...counts,
    },
  ],
});

describe('mass update with nulls', () => {
  it('get and waitFor: null counts read as absent, while polling and at the end', async () => {
    const answers = [
      status('SCHEDULED'),
      status('RUNNING', { Total_Count: 50 }),
      status('COMPLETED', { Updated_Count: 50, Total_Count: 50 }),
    ];
    let n = 0;
    server.use(http.get(url, () => HttpResponse.json(answers[Math.min(n++, answers.length - 1)])));
    const c = client();
    const seen: unknown[] = [];
    const done = await c.massUpdate.waitFor('Leads', JOB, { onProgress: (s) => seen.push(s) });
    expect(seen).toHaveLength(3);
    expect(seen[0]).toEqual({ Status: 'SCHEDULED' });
    expect(done).toEqual({ Status: 'COMPLETED', Updated_Count: 50, Total_Count: 50 });
    expect(done.Failed_Count).toBeUndefined();
  });

  it('a FAILED status with null counts is a JobFailedError saying what is unknown', async () => {
    server.use(http.get(url, () => HttpResponse.json(status('FAILED'))));
    const error = await client()
      .massUpdate.waitFor('Leads', JOB)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobFailedError);
    expect((error as Error).message).toBe(`Job ${JOB} failed: Status FAILED, ? failed, ? updated of ?`);
  });

  it('ids mode: null code, message and details read as empty, the id taken from the request', async () => {
    server.use(
      http.post(url, () =>
        HttpResponse.json({
          data: [
            { status: 'success', code: 'SUCCESS', message: null, details: { id: '11' } },
            { status: 'error', code: null, message: null, details: null },
          ],
        }),
      ),
    );
    const { results } = await client().massUpdate.create('Leads', {
      data: [{ Rating: 'Hot' }],
      ids: ['11', '12'],
    });
    expect(results).toEqual([
      { id: '11', status: 'success', code: 'SUCCESS', message: '', details: { id: '11' } },
      { id: '12', status: 'error', code: '', message: '', details: {} },
    ]);
  });
});
