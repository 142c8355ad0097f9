/**
 * FakeZoho under msw, on Zoho's default US hosts. On Node 20.19+ `require('msw')` loads msw's ESM
 * build (the `module-sync` export condition), so the default handlers share msw's classes; the
 * first test builds them from msw's CJS build explicitly to show that a separate CJS copy still
 * works with the ESM `setupServer` (msw checks handlers by shape).
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { RequestHandler } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeZoho } from '../../src/testing/index.js';
import { type AnswerJson, type JobJson, parseCsv, readZip } from './helpers.js';

const fake = new FakeZoho({
  pollsToComplete: 2,
  modules: { Deals: { records: 25 }, Accounts: { records: 5 }, Contacts: { records: 5 } },
});
const cjsMsw = createRequire(import.meta.url)(
  fileURLToPath(new URL('../../node_modules/msw/lib/core/index.js', import.meta.url)),
) as typeof import('msw');
const handlers = fake.handlers(cjsMsw);
const server = setupServer(...handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('FakeZoho.handlers() with msw', () => {
  it('are CJS copies (not instances of the ESM RequestHandler) that msw accepts by shape', () => {
    expect(cjsMsw.RequestHandler).not.toBe(RequestHandler);
    expect(fake.handlers().every((h) => h instanceof RequestHandler)).toBe(true);
    expect(handlers.length).toBe(4);
    expect(handlers.every((h) => !(h instanceof RequestHandler))).toBe(true);
    expect(handlers.map((h) => (h as unknown as { kind: string }).kind)).toEqual([
      'request',
      'request',
      'request',
      'request',
    ]);
  });

  it('serves the whole flow on the default hosts: token, org, bulk read, download', async () => {
    const { clientId, clientSecret, refreshToken } = fake.credentials;
    const tokenRes = await fetch('https://accounts.zoho.com/oauth/v2/token', {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: clientId,
        client_secret: clientSecret,
        refresh_token: refreshToken,
      }),
    });
    const token = (await tokenRes.json()) as { access_token: string; api_domain: string };
    expect(token.api_domain).toBe('https://www.zohoapis.com');
    const headers = { authorization: `Zoho-oauthtoken ${token.access_token}` };
    const org = (await (await fetch(`${token.api_domain}/crm/v8/org`, { headers })).json()) as {
      org: Array<{ zgid: string }>;
    };
    expect(org.org[0]!.zgid).toBe('694902309');
    const created = await fetch(`${token.api_domain}/crm/bulk/v7/read`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({
        query: { module: { api_name: 'Deals' }, fields: ['Deal_Name', 'Amount', 'Contact_Name.Full_Name'] },
      }),
    });
    expect(created.status).toBe(201);
    const id = ((await created.json()) as AnswerJson).data[0].details.id;
    const states: string[] = [];
    let job: JobJson;
    do {
      job = (
        (await (await fetch(`${token.api_domain}/crm/bulk/v7/read/${id}`, { headers })).json()) as {
          data: [JobJson];
        }
      ).data[0];
      states.push(job.state);
    } while (job.state !== 'COMPLETED');
    expect(states).toEqual(['IN PROGRESS', 'COMPLETED']);
    expect(job.result).toMatchObject({ count: 25, more_records: false });
    const zip = await fetch(`${token.api_domain}${job.result.download_url}`, { headers });
    const rows = parseCsv(readZip(Buffer.from(await zip.arrayBuffer())).text);
    expect(rows.map((r) => r.Id)).toEqual([...fake.records('Deals')].map((r) => r.Id));
    expect(Object.keys(rows[0]!)).toEqual(['Id', 'Deal_Name', 'Amount', 'Contact_Name.Full_Name']);
    const withContact = rows.find((r) => r['Contact_Name.Full_Name'] !== '');
    expect(withContact).toBeDefined();
  });

  it('leaves other hosts to msw (unhandled → error)', async () => {
    await expect(fetch('https://www.zohoapis.eu/crm/v8/org')).rejects.toThrow();
  });
});
