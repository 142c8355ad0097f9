/** Bulk-write calls against a FakeZoho (msw on Zoho's default hosts, or `listen()`), with plain fetch. */
import { parse } from 'csv-parse/sync';
import { expect } from 'vitest';
import { zipCsvText } from '../../src/streaming/zip-writer.js';
import type { FakeZoho } from '../../src/testing/index.js';
import { readZip } from '../streaming/upload-zip-reader.js';

export const API = 'https://www.zohoapis.com';
export const UPLOAD = 'https://content.zohoapis.com';

export type WriteJob = {
  status: string;
  ignore_empty?: boolean;
  resource: [
    {
      status: string;
      code: string;
      file: Record<string, unknown>;
      module: unknown;
      file_id?: string;
      file_names?: string[];
      ignore_empty?: boolean;
    },
  ];
  result?: { download_url: string };
};

/** Calls on the fake's current origins (Zoho's hosts under msw, the server's URL while it listens). */
export function writeApi(zoho: FakeZoho) {
  const auth = () => ({ authorization: `Zoho-oauthtoken ${zoho.credentials.accessToken}` });
  const uploadHeaders = () => ({ ...auth(), feature: 'bulk-write', 'X-CRM-ORG': '694902309' });

  async function upload(file: Uint8Array | string, headers: Record<string, string> = uploadHeaders()) {
    const form = new FormData();
    const bytes = typeof file === 'string' ? zipCsvText(file) : file;
    form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>]), 'file.zip');
    const res = await fetch(`${zoho.urls.upload}/crm/v8/upload`, { method: 'POST', headers, body: form });
    return { status: res.status, text: await res.text() };
  }

  async function fileId(csv: string, fileName?: string): Promise<string> {
    const { text } = await upload(fileName === undefined ? csv : zipCsvText(csv, fileName));
    return (JSON.parse(text) as { details: { file_id: string } }).details.file_id;
  }

  async function create(body: unknown, version = 'v8') {
    const res = await fetch(`${zoho.urls.api}/crm/bulk/${version}/write`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return {
      status: res.status,
      json: (await res.json()) as Record<string, unknown> & { details: Record<string, unknown> },
    };
  }

  async function getJob(id: string): Promise<WriteJob> {
    const res = await fetch(`${zoho.urls.api}/crm/bulk/v8/write/${id}`, { headers: auth() });
    expect(res.status).toBe(200);
    return (await res.json()) as WriteJob;
  }

  async function complete(id: string): Promise<WriteJob> {
    for (let i = 0; i < 10; i++) {
      const job = await getJob(id);
      if (!['ADDED', 'INPROGRESS', 'IN PROGRESS'].includes(job.status)) return job;
    }
    throw new Error('job did not complete');
  }

  async function resultRows(job: WriteJob): Promise<string[][]> {
    const res = await fetch(job.result!.download_url, { headers: auth() });
    expect(res.status).toBe(200);
    const entries = readZip(new Uint8Array(await res.arrayBuffer()));
    return parse(entries[0]!.data.toString('utf8')) as string[][];
  }

  /** Upload, create, complete; returns the job and the result rows (header first). */
  async function run(
    csv: string,
    resource: Record<string, unknown>,
    top: Record<string, unknown> = {},
    module = 'Leads',
  ) {
    const id = await fileId(csv);
    const { status, json } = await create({
      operation: 'insert',
      ...top,
      resource: [{ type: 'data', module: { api_name: module }, file_id: id, ...resource }],
    });
    expect(status).toBe(201);
    const job = await complete(json.details.id as string);
    return { job, fileId: id, rows: job.status === 'FAILED' ? [] : await resultRows(job) };
  }

  return { auth, uploadHeaders, upload, fileId, create, getJob, complete, resultRows, run };
}
