/** Shared helpers for the FakeZoho tests: plain fetch calls and a byte-level zip reader. */
import { crc32, inflateRawSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import type { FakeZoho } from '../../src/testing/index.js';

/** A bulk-read job as the fake answers it (`result` typed as present: tests check it). */
export interface JobJson {
  id: string;
  operation: string;
  state: string;
  file_type: string;
  query: {
    module: unknown;
    page?: number;
    page_token?: string;
    fields?: string[];
    cvid?: string;
    criteria?: unknown;
  };
  created_by: { id: string; name: string };
  created_time: string;
  result: {
    page: number;
    per_page: number;
    count: number;
    download_url: string;
    more_records: boolean;
    next_page_token?: string;
    error_message: { status: string; code: string; message: string; details: unknown };
  };
}

/** Any answer of the fake, seen either as a success envelope or as a Zoho error. */
export interface AnswerJson {
  data: [
    {
      status: string;
      code: string;
      message: string;
      details: {
        id: string;
        operation: string;
        state: string;
        created_by: { id: string; name: string };
        created_time: string;
      };
    },
  ];
  info: unknown;
  code: string;
  status: string;
  message: string;
  details: Record<string, unknown>;
}

export interface Api {
  base: string;
  token: string;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  createJob(body: unknown, version?: string): Promise<{ status: number; json: AnswerJson }>;
  getJob(
    id: string,
    version?: string,
  ): Promise<{ status: number; json: { data: [JobJson] } & Omit<AnswerJson, 'data'> }>;
  /** Polls until COMPLETED (or a failure state); returns the job. */
  complete(id: string, version?: string): Promise<JobJson>;
  download(id: string, version?: string): Promise<Response>;
}

export function api(fake: FakeZoho, base: string = fake.urls.api, token = fake.credentials.accessToken): Api {
  const headers = { authorization: `Zoho-oauthtoken ${token}` };
  const self: Api = {
    base,
    token,
    fetch: (path, init = {}) =>
      fetch(`${base}${path}`, {
        ...init,
        headers: { ...headers, ...(init.headers as Record<string, string>) },
      }),
    async createJob(body, version = 'v8') {
      const res = await self.fetch(`/crm/bulk/${version}/read`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, json: (await res.json()) as never };
    },
    async getJob(id, version = 'v8') {
      const res = await self.fetch(`/crm/bulk/${version}/read/${id}`);
      return { status: res.status, json: (await res.json()) as never };
    },
    async complete(id, version = 'v8') {
      for (let i = 0; i < 20; i++) {
        const job = (await self.getJob(id, version)).json.data[0];
        if (job.state !== 'ADDED' && job.state !== 'QUEUED' && job.state !== 'IN PROGRESS') return job;
      }
      throw new Error('job did not finish');
    },
    download: (id, version = 'v8') => self.fetch(`/crm/bulk/${version}/read/${id}/result`),
  };
  return self;
}

export interface ZipEntryBytes {
  name: string;
  flags: number;
  version: number;
  method: number;
  local: { crc: number; compressedSize: number; size: number };
  descriptor: { signature: number; crc: number; compressedSize: number; size: number };
  central: { crc: number; compressedSize: number; size: number; offset: number; flags: number };
  data: Buffer;
  text: string;
  crcOfText: number;
}

/** Reads Zoho's one-entry, data-descriptor zip byte by byte (no zip library). */
export function readZip(zip: Buffer): ZipEntryBytes {
  if (zip.readUInt32LE(0) !== 0x04034b50) throw new Error('no local header');
  const nameLength = zip.readUInt16LE(26);
  const name = zip.subarray(30, 30 + nameLength).toString('utf8');
  const eocd = zip.length - 22;
  if (zip.readUInt32LE(eocd) !== 0x06054b50) throw new Error('no end record');
  const centralOffset = zip.readUInt32LE(eocd + 16);
  const c = centralOffset;
  const compressedSize = zip.readUInt32LE(c + 20);
  const dataStart = 30 + nameLength;
  const data = zip.subarray(dataStart, dataStart + compressedSize);
  const d = dataStart + compressedSize;
  const raw = zip.readUInt16LE(8) === 8 ? inflateRawSync(data) : data;
  return {
    name,
    flags: zip.readUInt16LE(6),
    version: zip.readUInt16LE(4),
    method: zip.readUInt16LE(8),
    local: { crc: zip.readUInt32LE(14), compressedSize: zip.readUInt32LE(18), size: zip.readUInt32LE(22) },
    descriptor: {
      signature: zip.readUInt32LE(d),
      crc: zip.readUInt32LE(d + 4),
      compressedSize: zip.readUInt32LE(d + 8),
      size: zip.readUInt32LE(d + 12),
    },
    central: {
      crc: zip.readUInt32LE(c + 16),
      compressedSize,
      size: zip.readUInt32LE(c + 24),
      offset: zip.readUInt32LE(c + 42),
      flags: zip.readUInt16LE(c + 8),
    },
    data,
    text: raw.toString('utf8'),
    crcOfText: crc32(raw),
  };
}

export async function downloadCsv(a: Api, id: string, version = 'v8'): Promise<string> {
  const res = await a.download(id, version);
  if (res.status !== 200) throw new Error(`download ${res.status}: ${await res.text()}`);
  return readZip(Buffer.from(await res.arrayBuffer())).text;
}

/** Parses Zoho CSV into objects keyed by the header. */
export function parseCsv(text: string): Record<string, string>[] {
  return parse(text, { columns: true, relax_quotes: false }) as Record<string, string>[];
}

/** Runs a whole export job (create, poll, download) and returns the records. */
export async function exportRecords(
  a: Api,
  query: unknown,
  version = 'v8',
): Promise<{ job: JobJson; rows: Record<string, string>[] }> {
  const created = await a.createJob({ query }, version);
  if (created.status !== 201) throw new Error(`create ${created.status}: ${JSON.stringify(created.json)}`);
  const job = await a.complete(created.json.data[0].details.id, version);
  return { job, rows: parseCsv(await downloadCsv(a, job.id, version)) };
}
