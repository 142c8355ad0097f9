import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { RequestValidationError, ResponseValidationError, ZohoApiError } from '../../src/core/errors.js';
import { useMswServer } from '../client/support.js';
import { rejectionOf } from '../helpers/rejection.js';
import { dealsFields, dealsResponse, invalidModuleResponse } from './fixtures.js';
import { byModule, fieldsClient, fieldsRoute, TOKEN } from './support.js';

const server = useMswServer();

/** A promise and its resolver, to hold a response until the test lets it go. */
function deferred() {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { promise, release };
}

describe('fields.list', () => {
  it('reads GET /crm/v8/settings/fields?module=X and keeps Zoho’s keys, nulls and nested objects', async () => {
    const route = fieldsRoute(byModule({ Deals: dealsResponse }));
    server.use(route.handler);
    const fields = await fieldsClient().fields.list('Deals');

    expect(route.seen).toHaveLength(1);
    expect(route.seen[0]).toMatchObject({
      path: '/crm/v8/settings/fields',
      query: '?module=Deals',
      authorization: `Zoho-oauthtoken ${TOKEN}`,
    });
    expect(fields).toHaveLength(dealsFields.length);
    expect(fields.map((f) => f.api_name)).toEqual(dealsFields.map((f) => f.api_name));

    const owner = fields.find((f) => f.api_name === 'Owner')!;
    // Keys this library does not model are kept as sent, nulls included.
    expect(owner).toEqual(dealsFields[1]);
    expect(owner).toMatchObject({
      field_label: 'Deal Owner',
      display_label: 'Potential Owner',
      field_read_only: true,
      read_only: false,
      private: null,
      tooltip: null,
      operation_type: { api_create: true },
      profiles: [{ name: 'Administrator' }, { name: 'Standard' }],
    });

    const stage = fields.find((f) => f.api_name === 'Stage')!;
    const decision = stage.pick_list_values?.find((p) => p.actual_value === 'Id. Decision Makers');
    expect(decision).toMatchObject({
      display_value: 'Identify Decision Makers',
      actual_value: 'Id. Decision Makers',
      forecast_category: { name: 'Pipeline', id: '4832675000000006801' },
      colour_code: null,
    });

    const account = fields.find((f) => f.api_name === 'Account_Name')!;
    expect(account.lookup?.module).toEqual({ api_name: 'Accounts', crypt: null, id: '4832675000000002177' });
    const subform = fields.find((f) => f.data_type === 'subform')!;
    expect(subform.associated_module).toEqual({ module: 'Line_Items', id: '4832675000000845001' });
    expect(subform.length).toBeNull();
    const products = fields.find((f) => f.data_type === 'multiselectlookup')!;
    expect(products.multiselectlookup).toMatchObject({ linking_module: { api_name: 'DealsXProducts' } });
    expect(fields.find((f) => f.api_name === 'Margin')!.formula).toEqual({
      return_type: 'double',
      assume_default: false,
    });
  });

  it('keeps ids as strings, also when Zoho sends a field id as a big JSON number', async () => {
    const body = `{"fields":[{"api_name":"Deal_Name","data_type":"text","id":4832675000000710341,"new_key":{"x":null}}]}`;
    const route = fieldsRoute(
      () => new HttpResponse(body, { headers: { 'content-type': 'application/json' } }),
    );
    server.use(route.handler);
    const [field] = await fieldsClient().fields.list('Deals');
    expect(field).toEqual({
      api_name: 'Deal_Name',
      data_type: 'text',
      id: '4832675000000710341',
      new_key: { x: null },
    });
  });

  it('accepts data types it does not know (open union)', async () => {
    const route = fieldsRoute(() =>
      HttpResponse.json({ fields: [{ api_name: 'Wizard', data_type: 'hologram', json_type: null }] }),
    );
    server.use(route.handler);
    const [field] = await fieldsClient().fields.list('Deals');
    expect(field?.data_type).toBe('hologram');
  });

  it('uses the client’s API version', async () => {
    const route = fieldsRoute(byModule({ Deals: dealsResponse }));
    server.use(route.handler);
    await fieldsClient({ apiVersion: 'v2.1' }).fields.list('Deals');
    expect(route.seen.map((r) => r.path)).toEqual(['/crm/v2.1/settings/fields']);
  });

  it('caches per client and module: one request for repeated and concurrent calls', async () => {
    const route = fieldsRoute(byModule({ Deals: dealsResponse, Leads: { fields: [dealsFields[2]] } }));
    server.use(route.handler);
    const client = fieldsClient();
    const [a, b, c] = await Promise.all([
      client.fields.list('Deals'),
      client.fields.list('Deals'),
      client.fields.recordSchema('Deals'),
    ]);
    expect(a).toEqual(b);
    expect(c).toBeDefined();
    expect(await client.fields.list('Deals')).toEqual(a);
    expect(route.seen.map((r) => r.module)).toEqual(['Deals']);

    await client.fields.list('Leads');
    await client.fields.list('Leads');
    expect(route.seen.map((r) => r.module)).toEqual(['Deals', 'Leads']);

    // Another client has its own cache.
    await fieldsClient().fields.list('Deals');
    expect(route.seen.map((r) => r.module)).toEqual(['Deals', 'Leads', 'Deals']);
  });

  it('a caller changing the returned array does not change the cache', async () => {
    const route = fieldsRoute(byModule({ Deals: dealsResponse }));
    server.use(route.handler);
    const client = fieldsClient();
    const first = await client.fields.list('Deals');
    first.length = 0;
    expect(await client.fields.list('Deals')).toHaveLength(dealsFields.length);
  });

  it('refresh: true reads again, and later calls get the new list', async () => {
    let current: unknown = dealsResponse;
    const route = fieldsRoute(() => HttpResponse.json(current as Record<string, unknown>));
    server.use(route.handler);
    const client = fieldsClient();
    expect(await client.fields.list('Deals')).toHaveLength(dealsFields.length);
    current = { fields: [...dealsFields, { api_name: 'New_Field', data_type: 'integer' }] };
    expect(await client.fields.list('Deals')).toHaveLength(dealsFields.length);
    expect(route.seen).toHaveLength(1);

    const refreshed = await client.fields.list('Deals', { refresh: true });
    expect(refreshed.at(-1)).toEqual({ api_name: 'New_Field', data_type: 'integer' });
    expect(route.seen).toHaveLength(2);
    expect(await client.fields.list('Deals')).toEqual(refreshed);
    const schema = await client.fields.recordSchema('Deals');
    expect(schema.parse({ Id: '1', New_Field: '7' })).toEqual({ Id: '1', New_Field: 7 });
    expect(route.seen).toHaveLength(2);
  });

  it('does not cache a failure: the next call asks again', async () => {
    const route = fieldsRoute((_m, n) =>
      n === 1 ? new HttpResponse('<html>oops</html>', { status: 500 }) : HttpResponse.json(dealsResponse),
    );
    server.use(route.handler);
    const client = fieldsClient();
    const error = await rejectionOf(client.fields.list('Deals'));
    expect(error).toBeInstanceOf(ZohoApiError);
    expect((error as ZohoApiError).status).toBe(500);
    expect(await client.fields.list('Deals')).toHaveLength(dealsFields.length);
    expect(route.seen).toHaveLength(2);
  });

  it('an unknown module rejects with ZohoApiError code INVALID_MODULE (not cached)', async () => {
    const route = fieldsRoute(() => HttpResponse.json(invalidModuleResponse, { status: 400 }));
    server.use(route.handler);
    const client = fieldsClient();
    for (let i = 0; i < 2; i++) {
      const error = await rejectionOf(client.fields.list('Dealz'));
      expect(error).toBeInstanceOf(ZohoApiError);
      expect(error).toMatchObject({
        code: 'INVALID_MODULE',
        status: 400,
        isRetryable: false,
        message: expect.stringContaining('the module name given seems to be invalid'),
      });
      expect(error.message).not.toContain(TOKEN);
    }
    expect(route.seen).toHaveLength(2);
  });

  it('Zoho’s 204 (no body) resolves to [] and is cached', async () => {
    const route = fieldsRoute(() => new HttpResponse(null, { status: 204 }));
    server.use(route.handler);
    const client = fieldsClient();
    expect(await client.fields.list('Line_Items')).toEqual([]);
    expect(await client.fields.list('Line_Items')).toEqual([]);
    expect(route.seen).toHaveLength(1);
    // A record schema without fields still reads Id and keeps every other column as text.
    const schema = await client.fields.recordSchema('Line_Items');
    expect(schema.parse({ Id: '12', Parent_Id: '34', Quantity: '' })).toEqual({
      Id: '12',
      Parent_Id: '34',
      Quantity: null,
    });
  });

  it('a body that is not a field list is a ResponseValidationError', async () => {
    const route = fieldsRoute(() => HttpResponse.json({ fields: [{ data_type: 'text' }] }));
    server.use(route.handler);
    const error = await rejectionOf(fieldsClient().fields.list('Deals'));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.message).toContain('GET /crm/v8/settings/fields');
    expect(error.message).toContain('fields[0].api_name');
  });

  it('refuses a module that is not an API name before any request', async () => {
    const route = fieldsRoute(byModule({ Deals: dealsResponse }));
    server.use(route.handler);
    const client = fieldsClient();
    for (const bad of ['Deals?type=all', '', '../org']) {
      expect(await rejectionOf(client.fields.list(bad))).toBeInstanceOf(RequestValidationError);
    }
    expect(await rejectionOf(client.fields.recordSchema('a b'))).toBeInstanceOf(RequestValidationError);
    expect(route.seen).toHaveLength(0);
  });

  it('an abort rejects that caller’s wait; the shared request carries on for the others', async () => {
    const gate = deferred();
    const route = fieldsRoute(async () => {
      await gate.promise;
      return HttpResponse.json(dealsResponse);
    });
    server.use(route.handler);
    const client = fieldsClient();
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    const aborted = client.fields.list('Deals', { signal: controller.signal });
    const other = client.fields.list('Deals');
    await untilTrue(() => route.seen.length === 1);
    controller.abort(reason);
    expect(await rejectionOf(aborted)).toBe(reason);
    gate.release();
    expect(await other).toHaveLength(dealsFields.length);
    expect(route.seen[0]!.signal.aborted).toBe(false);
    expect(route.seen).toHaveLength(1);
  });

  it('when the only caller aborts, the request is aborted at the wire and not cached', async () => {
    const gate = deferred();
    const route = fieldsRoute(async (_m, n) => {
      if (n === 1) await gate.promise;
      return HttpResponse.json(dealsResponse);
    });
    server.use(route.handler);
    const client = fieldsClient();
    const controller = new AbortController();
    const pending = client.fields.list('Deals', { signal: controller.signal });
    await untilTrue(() => route.seen.length === 1);
    controller.abort();
    expect((await rejectionOf(pending)).name).toBe('AbortError');
    expect(route.seen[0]!.signal.aborted).toBe(true);
    gate.release();
    expect(await client.fields.list('Deals')).toHaveLength(dealsFields.length);
    expect(route.seen).toHaveLength(2);
  });

  it('an already aborted signal rejects at once, with no request', async () => {
    const route = fieldsRoute(byModule({ Deals: dealsResponse }));
    server.use(route.handler);
    const reason = new Error('stop');
    const error = await rejectionOf(
      fieldsClient().fields.list('Deals', { signal: AbortSignal.abort(reason) }),
    );
    expect(error).toBe(reason);
    expect(route.seen).toHaveLength(0);
  });
});

/** Polls a condition on the event loop (no timers): msw handlers run asynchronously. */
async function untilTrue(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise((resolve) => setImmediate(resolve));
  expect(condition()).toBe(true);
}
