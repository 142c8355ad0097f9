/** FakeZoho's deleted-records route and Date header, called with plain fetch through msw. */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeZoho } from '../../src/testing/index.js';

let now = Date.UTC(2025, 5, 1, 12);
const zoho = new FakeZoho({ modules: { Leads: { records: 600 } }, now: () => now });
const server = setupServer(...zoho.handlers());
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  zoho.reset();
  now = Date.UTC(2025, 5, 1, 12);
});
afterAll(() => server.close());

const BASE = 'https://www.zohoapis.com/crm/v8/Leads/deleted';
async function get(query: string, since?: string) {
  const res = await fetch(`${BASE}?${query}`, {
    headers: {
      authorization: `Zoho-oauthtoken ${zoho.issueAccessToken(86_400_000)}`,
      ...(since ? { 'if-modified-since': since } : {}),
    },
  });
  const text = await res.text();
  return { status: res.status, date: res.headers.get('date'), json: text ? JSON.parse(text) : undefined };
}
const IDS = [...zoho.records('Leads')].map((r) => r.Id!);
const idAt = (i: number) => IDS[i]!;

describe('GET /crm/{v}/{module}/deleted', () => {
  it('answers 204 with a Date header from the fake clock when nothing was deleted', async () => {
    const r = await get('type=all');
    expect(r.status).toBe(204);
    expect(r.date).toBe('Sun, 01 Jun 2025 12:00:00 GMT');
  });

  it('pages 200 at a time, newest first, with more_records', async () => {
    const ids = Array.from({ length: 450 }, (_, i) => idAt(i));
    for (const id of ids) {
      now += 1000;
      expect(zoho.deleteRecord('Leads', id)).toBe(true);
    }
    const pages = [await get('type=all&page=1'), await get('type=all&page=2'), await get('type=all&page=3')];
    expect(pages.map((p) => p.json.data.length)).toEqual([200, 200, 50]);
    expect(pages.map((p) => p.json.info.more_records)).toEqual([true, true, false]);
    const listed = pages.flatMap((p) => p.json.data.map((d: { id: string }) => d.id));
    expect(listed).toEqual([...ids].reverse());
    expect((await get('type=all&page=4')).status).toBe(204);
    expect(zoho.count('Leads')).toBe(150);
  });

  it('filters by If-Modified-Since and type; permanent entries come with nulls', async () => {
    zoho.deleteRecord('Leads', idAt(0));
    now += 60_000;
    zoho.deleteRecord('Leads', idAt(1), { permanent: true });
    zoho.deleteRecord('Leads', idAt(2));
    const since = new Date(now - 1000).toISOString();
    const r = await get('type=all', since);
    expect(r.json.data.map((d: { id: string }) => d.id).sort()).toEqual([idAt(1), idAt(2)].sort());
    const permanent = r.json.data.find((d: { id: string }) => d.id === idAt(1));
    expect(permanent).toMatchObject({
      type: 'permanent',
      display_name: null,
      deleted_by: null,
      created_by: null,
    });
    expect(permanent.deleted_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    const recycle = r.json.data.find((d: { id: string }) => d.id === idAt(2));
    expect(recycle.type).toBe('recycle');
    expect(recycle.display_name).toEqual(expect.any(String));
    expect(recycle.deleted_by).toMatchObject({ id: expect.any(String) });
    const onlyRecycle = await get('type=recycle');
    expect(onlyRecycle.json.data.map((d: { id: string }) => d.id).sort()).toEqual([idAt(0), idAt(2)].sort());
    expect((await get('type=all', new Date(now + 1000).toISOString())).status).toBe(204);
  });

  it('drops recycle entries after 60 days and permanent ones after 120', async () => {
    zoho.deleteRecord('Leads', idAt(0));
    zoho.deleteRecord('Leads', idAt(1), { permanent: true });
    now += 61 * 86_400_000;
    expect((await get('type=all')).json.data.map((d: { id: string }) => d.id)).toEqual([idAt(1)]);
    now += 60 * 86_400_000;
    expect((await get('type=all')).status).toBe(204);
  });

  it('rejects an unknown type and an unknown module', async () => {
    const bad = await get('type=some');
    expect(bad.status).toBe(400);
    expect(bad.json.data[0]).toMatchObject({ code: 'PATTERN_NOT_MATCHED', details: { param_name: 'type' } });
    const res = await fetch('https://www.zohoapis.com/crm/v8/Nope/deleted', {
      headers: { authorization: `Zoho-oauthtoken ${zoho.issueAccessToken(86_400_000)}` },
    });
    expect(res.status).toBe(400);
  });

  it('updateRecord moves Modified_Time to the fake clock', async () => {
    now = Date.UTC(2025, 6, 1, 0, 0, 5);
    zoho.updateRecord('Leads', idAt(3), { Last_Name: 'Changed' });
    expect(Date.parse(zoho.record('Leads', 3)!.Modified_Time!)).toBe(now);
  });
});
