/**
 * What the fake's upload host does with a file: takes the `file` part of the multipart body,
 * reads the zip through its central directory (inflating with node:zlib, checking CRC-32 and
 * sizes) and parses each CSV the way Zoho reads them (delimiter `,` `;` `:` or `|` detected from
 * the header row, optional BOM, CRLF or LF).
 */
import { crc32, inflateRawSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';

export interface UploadedCsv {
  name: string;
  header: string[];
  rows: string[][];
}

export interface StoredUpload {
  id: string;
  createdAt: number;
  bytes: number;
  entries: { name: string; data: Buffer }[];
  /** Parsed on first use (job creation). */
  csv: Map<string, UploadedCsv>;
}

const isZipStart = (b: Uint8Array): boolean =>
  b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/** The entries of a zip, or undefined when it is not one this reader understands. */
export function readZipEntries(bytes: Uint8Array): { name: string; data: Buffer }[] | undefined {
  if (!isZipStart(bytes)) return undefined;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > buf.length) return undefined;
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out: { name: string; data: Buffer }[] = [];
  try {
    for (let i = 0; i < count; i++) {
      if (buf.readUInt32LE(p) !== 0x02014b50) return undefined;
      const method = buf.readUInt16LE(p + 10);
      const crc = buf.readUInt32LE(p + 16);
      const csize = buf.readUInt32LE(p + 20);
      const usize = buf.readUInt32LE(p + 24);
      const nlen = buf.readUInt16LE(p + 28);
      const xlen = buf.readUInt16LE(p + 30);
      const clen = buf.readUInt16LE(p + 32);
      const local = buf.readUInt32LE(p + 42);
      const name = buf.subarray(p + 46, p + 46 + nlen).toString('utf8');
      if (buf.readUInt32LE(local) !== 0x04034b50) return undefined;
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const raw = buf.subarray(start, start + csize);
      let data: Buffer;
      if (method === 8) data = inflateRawSync(raw);
      else if (method === 0) data = Buffer.from(raw);
      else return undefined;
      if (data.length !== usize || crc32(data) >>> 0 !== crc) return undefined;
      if (!name.endsWith('/')) out.push({ name, data });
      p += 46 + nlen + xlen + clen;
    }
  } catch {
    return undefined;
  }
  return out;
}

const DELIMITERS = [',', ';', '|', ':'] as const;

/** The delimiter Zoho would detect from the header row: the most frequent of `, ; | :` outside quotes. */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>();
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && (DELIMITERS as readonly string[]).includes(c))
      counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let best = ',';
  let most = 0;
  for (const d of DELIMITERS) {
    const n = counts.get(d) ?? 0;
    if (n > most) {
      best = d;
      most = n;
    }
  }
  return best;
}

/** Header and rows of one CSV entry; throws when the CSV cannot be parsed. */
export function parseUploadedCsv(name: string, data: Buffer): UploadedCsv {
  const text = data.toString('utf8').replace(/^\uFEFF/, '');
  const records = parse(text, {
    delimiter: detectDelimiter(text),
    relax_column_count: true,
    skip_empty_lines: true,
    record_delimiter: ['\r\n', '\n'],
  }) as string[][];
  const [header = [], ...rows] = records;
  return { name, header: header.map((h) => h.trim()), rows };
}

/** The CSV a resource reads: the one named in `file_names`, else the first entry. */
export function csvOf(upload: StoredUpload, fileName: string | undefined): UploadedCsv | undefined {
  const entry = fileName === undefined ? upload.entries[0] : upload.entries.find((e) => e.name === fileName);
  if (!entry) return undefined;
  let csv = upload.csv.get(entry.name);
  if (!csv) {
    csv = parseUploadedCsv(entry.name, entry.data);
    upload.csv.set(entry.name, csv);
  }
  return csv;
}
