import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { RequestValidationError, ResponseValidationError, ZohoApiError } from '../../src/core/errors.js';
import { zipCsvText } from '../../src/streaming/zip-writer.js';
import { raw, route, useMswServer } from '../client/support.js';
import { readZip } from '../streaming/upload-zip-reader.js';
import { makeClient } from './support.js';

const server = useMswServer();
const API = 'https://www.zohoapis.com';
const UPLOAD = 'https://content.zohoapis.com';

interface SeenUpload {
  headers: Headers;
  fileName: string;
  zip: Uint8Array;
}

/** An upload host that records each multipart upload and answers `reply(n)`. */
function uploadHost(reply: (n: number) => unknown = () => success('4876876000001492610')) {
  const seen: SeenUpload[] = [];
  const handler = http.post(`${UPLOAD}/crm/:v/upload`, async ({ request }) => {
    const form = await request.formData();
    const file = form.get('file') as File;
    seen.push({
      headers: request.headers,
      fileName: file.name,
      zip: new Uint8Array(await file.arrayBuffer()),
    });
    const answer = reply(seen.length);
    return answer instanceof Response ? answer : HttpResponse.json(answer as Record<string, unknown>);
  });
  return { handler, seen };
}

const success = (fileId: string) => ({
  status: 'success',
  code: 'FILE_UPLOAD_SUCCESS',
  message: 'file uploaded.',
  details: { file_id: fileId, created_time: '2024-07-20T12:00:00+05:30' },
});

const org = () => route('get', `${API}/crm/v8/org`, () => ({ org: [{ id: '1', zgid: '694902309' }] }));
const client = (options = {}) => makeClient({ auth: 'static-access-token', ...options }).client;
const csvOfZip = (zip: Uint8Array) => {
  const entries = readZip(zip);
  expect(entries).toHaveLength(1);
  return entries[0]!.data.toString('utf8');
};

describe('bulkWrite.upload', () => {
  it('sends feature and X-CRM-ORG, discovering the org once for several uploads', async () => {
    const host = uploadHost();
    const orgRoute = org();
    server.use(host.handler, orgRoute.handler);
    const c = client();
    const files = await Promise.all([
      c.bulkWrite.upload('Last_Name\r\nA\r\n'),
      c.bulkWrite.upload('Last_Name\r\nB\r\n'),
      c.bulkWrite.upload([{ Last_Name: 'C' }]),
    ]);
    expect(files.map((f) => f.file_id)).toEqual(Array(3).fill('4876876000001492610'));
    expect(files[0]).toEqual({ file_id: '4876876000001492610', created_time: '2024-07-20T12:00:00+05:30' });
    expect(orgRoute.seen).toHaveLength(1);
    expect(host.seen).toHaveLength(3);
    for (const upload of host.seen) {
      expect(upload.headers.get('feature')).toBe('bulk-write');
      expect(upload.headers.get('x-crm-org')).toBe('694902309');
      expect(upload.headers.get('authorization')).toBe('Zoho-oauthtoken static-access-token');
      expect(upload.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
      expect(upload.fileName).toBe('records.zip');
    }
  });

  it('uses the orgId option without asking for the org', async () => {
    const host = uploadHost();
    server.use(host.handler);
    await client({ orgId: '111222333' }).bulkWrite.upload('Last_Name\r\nA\r\n');
    expect(host.seen[0]!.headers.get('x-crm-org')).toBe('111222333');
  });

  it('sends zip bytes as they are, zips CSV text and bytes, writes records as CSV', async () => {
    const host = uploadHost();
    server.use(host.handler);
    const c = client({ orgId: '1' });
    const zip = zipCsvText('Last_Name,Company\r\nBoyle,Zylker\r\n', 'mine.csv');
    await c.bulkWrite.upload(zip);
    await c.bulkWrite.upload('Last_Name,Company\r\nKennedy,Acme\r\n', { fileName: 'leads.csv' });
    await c.bulkWrite.upload(new TextEncoder().encode('Last_Name\nSmith\n'));
    await c.bulkWrite.upload(
      (async function* () {
        yield {
          Last_Name: 'Jones',
          Opt_Out: true,
          Score: 1e21,
          Tags: ['a', 'b'],
          Born: new Date(Date.UTC(2000, 0, 2)),
        };
        yield { Last_Name: 'Says "hi", bye', Opt_Out: false, Score: 2.5, Tags: [], Born: null };
      })(),
      { dateFormats: { Born: 'MM/dd/yyyy' } },
    );
    expect(host.seen[0]!.zip).toEqual(zip);
    expect(host.seen[1]!.fileName).toBe('leads.zip');
    expect(readZip(host.seen[1]!.zip)[0]!.name).toBe('leads.csv');
    expect(csvOfZip(host.seen[1]!.zip)).toBe('Last_Name,Company\r\nKennedy,Acme\r\n');
    expect(csvOfZip(host.seen[2]!.zip)).toBe('Last_Name\nSmith\n');
    expect(csvOfZip(host.seen[3]!.zip)).toBe(
      'Last_Name,Opt_Out,Score,Tags,Born\r\n' +
        'Jones,true,1000000000000000000000,a;b,01/02/2000\r\n' +
        '"Says ""hi"", bye",false,2.5,,\r\n',
    );
  });

  it('keeps file_id a string when Zoho sends a bare number', async () => {
    const host = uploadHost((n) =>
      n === 1
        ? raw('{"status":"success","code":"FILE_UPLOAD_SUCCESS","details":{"file_id":4876876000001492617}}')
        : raw('{"status":"success","details":{"file_id":12345}}'),
    );
    server.use(host.handler);
    const c = client({ orgId: '1' });
    expect((await c.bulkWrite.upload('A\r\n1\r\n')).file_id).toBe('4876876000001492617');
    expect((await c.bulkWrite.upload('A\r\n1\r\n')).file_id).toBe('12345');
  });

  it('turns an HTTP 200 error body into a ZohoApiError', async () => {
    const host = uploadHost(() => ({
      code: 'INVALID_FILE_FORMAT',
      details: { created_time: '2021-05-11T12:03:47+05:30' },
      message: 'invalid file format. only zip format is supported',
      status: 'error',
    }));
    server.use(host.handler);
    const error = await client({ orgId: '1' })
      .bulkWrite.upload('A\r\n1\r\n')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZohoApiError);
    expect(error).toMatchObject({ status: 200, code: 'INVALID_FILE_FORMAT', isRetryable: false });
    expect((error as Error).message).toContain('invalid file format');
  });

  it('turns the upload host header error into a ZohoApiError', async () => {
    const host = uploadHost(() =>
      HttpResponse.json(
        {
          ERROR_CODE: 400,
          ERROR_MESSAGE: 'Bad Request',
          'x-error': 'check if headers [feature, X-CRM-ORG] are present and valid',
          http_status: 400,
        },
        { status: 400 },
      ),
    );
    server.use(host.handler);
    const error = await client({ orgId: '1' })
      .bulkWrite.upload('A\r\n1\r\n')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZohoApiError);
    expect((error as Error).message).toContain('check if headers [feature, X-CRM-ORG]');
  });

  it('refuses a success answer of the wrong shape', async () => {
    server.use(uploadHost(() => ({ status: 'success', details: {} })).handler);
    const error = await client({ orgId: '1' })
      .bulkWrite.upload('A\r\n1\r\n')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as Error).message).toContain('details.file_id');
  });

  it('never resends an upload after a 500 or a reset; resends after a 429', async () => {
    const host = uploadHost((n) =>
      n === 1
        ? HttpResponse.json({ code: 'TOO_MANY_REQUESTS', status: 'error', message: 'x' }, { status: 429 })
        : n === 2
          ? HttpResponse.json({ code: 'INTERNAL_ERROR', status: 'error', message: 'x' }, { status: 500 })
          : HttpResponse.error(),
    );
    server.use(host.handler);
    const c = client({ orgId: '1' });
    const first = await c.bulkWrite.upload('A\r\n1\r\n').catch((e: unknown) => e);
    expect(first).toMatchObject({ status: 500, code: 'INTERNAL_ERROR' });
    expect(host.seen).toHaveLength(2);
    await expect(c.bulkWrite.upload('A\r\n1\r\n')).rejects.toThrow();
    expect(host.seen).toHaveLength(3);
  });

  describe('refuses before sending anything', () => {
    const refuse = async (input: Parameters<ReturnType<typeof client>['bulkWrite']['upload']>[0]) => {
      const error = await client({ orgId: '1' })
        .bulkWrite.upload(input)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RequestValidationError);
      return (error as Error).message;
    };

    it('25,001 records', async () => {
      const records = Array.from({ length: 25_001 }, (_, i) => ({ Last_Name: `L${i}` }));
      expect(await refuse(records)).toContain('More than 25000 records');
    });

    it('25,001 CSV rows as text, as bytes and zipped (quoted line breaks are not rows)', async () => {
      const rows = Array.from({ length: 25_001 }, (_, i) => `"L\n${i}",x`).join('\r\n');
      const csv = `Last_Name,Company\r\n${rows}\r\n`;
      expect(await refuse(csv)).toContain('25001 rows');
      expect(await refuse(new TextEncoder().encode(csv))).toContain('25001 rows');
      expect(await refuse(zipCsvText(csv))).toContain('25001 rows');
    });

    it('201 columns', async () => {
      const record = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`F${i}`, 'x']));
      expect(await refuse([record])).toContain('201 columns');
      const header = Object.keys(record).join(',');
      expect(await refuse(`${header}\r\n${Object.values(record).join(',')}\r\n`)).toContain('201 columns');
    });

    it('a zip over 25 MB', async () => {
      const big = new Uint8Array(25 * 1024 * 1024 + 1);
      big.set([0x50, 0x4b, 0x03, 0x04]);
      expect(await refuse(big)).toContain('at most 26214400');
    });

    it('an empty input', async () => {
      expect(await refuse('')).toContain('empty');
      expect(await refuse([])).toContain('No records');
    });
  });

  it('accepts exactly 25,000 records and 200 columns', async () => {
    const host = uploadHost();
    server.use(host.handler);
    const c = client({ orgId: '1' });
    await c.bulkWrite.upload(Array.from({ length: 25_000 }, (_, i) => ({ Last_Name: `L${i}` })));
    const record = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`F${i}`, 'x']));
    await c.bulkWrite.upload([record]);
    expect(host.seen).toHaveLength(2);
    expect(csvOfZip(host.seen[0]!.zip).split('\r\n')).toHaveLength(25_002);
  });
});
