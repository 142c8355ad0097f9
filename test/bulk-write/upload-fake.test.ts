/** bulkWrite.upload against FakeZoho through msw: org discovery, Zoho's errors, id precision. */
import { describe, expect, it } from 'vitest';
import { ZohoApiError } from '../../src/core/errors.js';
import { useFakeZoho } from './support.js';

const { zoho, client } = useFakeZoho({ modules: { Leads: { records: 10 } } });
const routes = (route: string) => zoho.requests.filter((r) => r.route === route);

describe('bulkWrite.upload with FakeZoho', () => {
  it('discovers the org once and sends feature + X-CRM-ORG on every upload', async () => {
    const { client: c } = client();
    const ids = [];
    for (let i = 0; i < 3; i++)
      ids.push((await c.bulkWrite.upload(`Last_Name,Company\r\nL${i},C\r\n`)).file_id);
    expect(new Set(ids).size).toBe(3);
    expect(routes('org.get')).toHaveLength(1);
    const uploads = routes('bulkWrite.upload');
    expect(uploads.map((r) => [r.status, r.headers.feature, r.headers['x-crm-org']])).toEqual(
      Array(3).fill([200, 'bulk-write', '694902309']),
    );
  });

  it('a zip the upload host cannot read is HTTP 200 INVALID_FILE_FORMAT → ZohoApiError', async () => {
    const { client: c } = client();
    const notAZip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]);
    const error = await c.bulkWrite.upload(notAZip).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZohoApiError);
    expect(error).toMatchObject({ status: 200, code: 'INVALID_FILE_FORMAT' });
    expect(routes('bulkWrite.upload')).toHaveLength(1);
  });

  it('an org mismatch is the upload host’s x-error answer', async () => {
    const { client: c } = client({ orgId: '1' });
    const error = await c.bulkWrite.upload('Last_Name\r\nA\r\n').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZohoApiError);
    expect((error as ZohoApiError).status).toBe(400);
    expect((error as Error).message).toContain('check if headers [feature, X-CRM-ORG] are present and valid');
  });

  it('keeps every digit of a file_id sent as a bare JSON number, and creates a job with it', async () => {
    zoho.bulkWrite.configure({ fileIdAsNumber: true });
    const { client: c } = client();
    const file = await c.bulkWrite.upload([{ Last_Name: 'Boyle', Company: 'Zylker' }]);
    expect(file.file_id).toMatch(/^\d{19}$/);
    expect(file.file_id).not.toBe(String(Number(file.file_id)));
    const job = await c.bulkWrite.create({
      operation: 'insert',
      resource: [{ module: 'Leads', file_id: file.file_id }],
    });
    const done = await c.bulkWrite.waitFor(job.id);
    expect(done.resource?.[0]?.file).toMatchObject({ added_count: 1, total_count: 1 });
    expect(zoho.count('Leads')).toBe(11);
  });
});
