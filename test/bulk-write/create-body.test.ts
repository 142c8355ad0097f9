/**
 * What `bulkWrite.create` lets through to the wire, as Zoho documents it
 * (zoho-api-metadata-sync.md §4.4–4.7): http callbacks, `default_value` without `value`,
 * `ignore_empty` at the top level and per resource, `character_encoding`. Signed callback URLs
 * (CallbackHub) stay https-only outside loopback.
 */
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { CallbackHub } from '../../src/callbacks/callback-hub.js';
import { createCallbackUrl } from '../../src/callbacks/callback-token.js';
import { RequestValidationError } from '../../src/core/errors.js';
import type { BulkWriteCreateBody } from '../../src/schemas/bulk-write-body.js';
import { rejectionOf, route, useMswServer } from '../client/support.js';
import { makeClient } from './support.js';

const server = useMswServer();
const API = 'https://www.zohoapis.com';
const SECRET = 'a-very-secret-callback-key-0123456789';
const created = {
  status: 'success',
  code: 'SUCCESS',
  message: 'success',
  details: { id: '4876876000000890075' },
};

function createRoute() {
  const create = route('post', `${API}/crm/bulk/v8/write`, () => HttpResponse.json(created, { status: 201 }));
  server.use(create.handler);
  return {
    sent: (n = 0) => JSON.parse(create.seen[n]!.body) as Record<string, unknown>,
    count: () => create.seen.length,
  };
}

const resource = { module: 'Leads', file_id: '4876876000001492610' };

describe('bulkWrite.create sends what Zoho documents', () => {
  it('an http callback on a public host (Zoho’s own example uses one)', async () => {
    const wire = createRoute();
    const { client } = makeClient({ auth: 'static-access-token' });
    const callback = { url: 'http://hooks.example.com/zoho/bulk-write', method: 'post' as const };
    await client.bulkWrite.create({ operation: 'insert', callback, resource: [resource] });
    expect(wire.sent().callback).toEqual(callback);
  });

  it('default_value with name and module but no value (Zoho’s SDK and OpenAPI models allow it)', async () => {
    const wire = createRoute();
    const { client } = makeClient({ auth: 'static-access-token' });
    const mappings = [
      { api_name: 'Last_Name', index: 0 },
      {
        api_name: 'Owner',
        index: 1,
        find_by: 'email',
        default_value: { name: 'Patricia Boyle', module: 'users' },
      },
      { api_name: 'Layout', default_value: { name: 'Standard', module: { api_name: 'Layouts' } } },
    ];
    await client.bulkWrite.create({
      operation: 'insert',
      resource: [{ ...resource, field_mappings: mappings }],
    });
    expect((wire.sent().resource as [{ field_mappings: unknown }])[0].field_mappings).toEqual(mappings);
  });

  it('ignore_empty at the top level and per resource, character_encoding', async () => {
    const wire = createRoute();
    const { client } = makeClient({ auth: 'static-access-token' });
    const body: BulkWriteCreateBody = {
      operation: 'upsert',
      ignore_empty: true,
      character_encoding: 'ISO-8859-1',
      resource: [{ ...resource, find_by: 'Email', ignore_empty: false }],
    };
    await client.bulkWrite.create(body);
    expect(wire.sent()).toEqual({
      operation: 'upsert',
      ignore_empty: true,
      character_encoding: 'ISO-8859-1',
      resource: [
        { ...resource, type: 'data', module: { api_name: 'Leads' }, find_by: 'Email', ignore_empty: false },
      ],
    });
  });

  it('still refuses a resource-level ignore_empty that is not a boolean, before any request', async () => {
    const wire = createRoute();
    const { client } = makeClient({ auth: 'static-access-token' });
    const bad = { operation: 'insert', resource: [{ ...resource, ignore_empty: 'yes' }] };
    const error = await rejectionOf(client.bulkWrite.create(bad as unknown as BulkWriteCreateBody));
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as RequestValidationError).issues[0]?.path).toEqual(['resource', 0, 'ignore_empty']);
    expect(wire.count()).toBe(0);
  });
});

describe('signed callback URLs stay https-only outside loopback', () => {
  const opts = { secret: SECRET };

  it('CallbackHub and createCallbackUrl refuse an http base URL on a public host', () => {
    const hub = new CallbackHub({ secret: SECRET });
    expect(() => hub.callbackUrl('http://hooks.example.com/zoho')).toThrow(RequestValidationError);
    expect(() => createCallbackUrl('http://hooks.example.com/zoho', opts)).toThrow(/must use https/);
    expect(() => createCallbackUrl('ftp://hooks.example.com/zoho', opts)).toThrow(/must use https/);
    expect(hub.callbackUrl('https://hooks.example.com/zoho')).toMatch(/^https:/);
    expect(hub.callbackUrl('http://127.0.0.1:8080/zoho')).toMatch(
      /^http:\/\/127\.0\.0\.1:8080\/zoho\?zb_token=/,
    );
    expect(hub.callbackUrl('http://localhost/zoho')).toMatch(/^http:\/\/localhost\/zoho\?/);
  });

  it('create() refuses a signed URL turned to http on a public host, whatever the parameter name', async () => {
    const wire = createRoute();
    const { client } = makeClient({ auth: 'static-access-token' });
    for (const param of [undefined, 'sig']) {
      const signed = createCallbackUrl('https://hooks.example.com/zoho', { ...opts, param });
      const url = signed.replace(/^https:/, 'http:');
      const error = await rejectionOf(
        client.bulkWrite.create({
          operation: 'insert',
          callback: { url, method: 'post' },
          resource: [resource],
        }),
      );
      expect(error).toBeInstanceOf(RequestValidationError);
      expect((error as Error).message).toContain('must use https outside loopback');
    }
    expect(wire.count()).toBe(0);
  });

  it('create() sends a signed https URL and a signed loopback http URL', async () => {
    const wire = createRoute();
    const { client } = makeClient({ auth: 'static-access-token' });
    const https = createCallbackUrl('https://hooks.example.com/zoho', opts);
    const loopback = createCallbackUrl('http://127.0.0.1:9000/zoho', opts);
    for (const url of [https, loopback]) {
      await client.bulkWrite.create({
        operation: 'insert',
        callback: { url, method: 'post' },
        resource: [resource],
      });
    }
    expect([wire.sent(0).callback, wire.sent(1).callback]).toEqual([
      { url: https, method: 'post' },
      { url: loopback, method: 'post' },
    ]);
  });

  it('create() refuses a callback that is not an http(s) URL', async () => {
    const { client } = makeClient({ auth: 'static-access-token' });
    for (const url of ['hooks.example.com/zoho', 'mailto:ops@example.com']) {
      const error = await rejectionOf(
        client.bulkWrite.create({
          operation: 'insert',
          callback: { url, method: 'post' },
          resource: [resource],
        }),
      );
      expect(error).toBeInstanceOf(RequestValidationError);
      expect((error as RequestValidationError).issues[0]?.path).toEqual(['callback', 'url']);
    }
  });
});
