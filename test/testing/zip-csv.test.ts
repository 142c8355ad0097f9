import { crc32, inflateRawSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { formatDateTime } from '../../src/testing/data/gen.js';
import { buildZip, csvCell, FakeZoho, toZohoCsv } from '../../src/testing/index.js';
import { type AnswerJson, api, readZip } from './helpers.js';

async function exportZip(
  fake: FakeZoho,
  query: Record<string, unknown>,
): Promise<{ id: string; zip: Buffer }> {
  const a = api(fake);
  const call = (path: string, init: RequestInit = {}) =>
    fake.handle(
      new Request(`${a.base}${path}`, {
        ...init,
        headers: { authorization: `Zoho-oauthtoken ${a.token}`, 'content-type': 'application/json' },
      }),
    );
  const created = (await (
    await call('/crm/bulk/v8/read', { method: 'POST', body: JSON.stringify({ query }) })
  ).json()) as AnswerJson;
  const id = created.data[0].details.id;
  await call(`/crm/bulk/v8/read/${id}`);
  const res = await call(`/crm/bulk/v8/read/${id}/result`);
  expect(res.headers.get('content-type')).toBe('application/zip');
  return { id, zip: Buffer.from(await res.arrayBuffer()) };
}

const SPECIAL = /[\s,"']/;

describe('result zip layout', () => {
  it("matches Zoho's bytes: flag 0x0808, zero local CRC/sizes, PK\\x07\\x08 descriptor, correct central directory", async () => {
    const fake = new FakeZoho({
      pollsToComplete: 1,
      modules: { Contacts: { records: 300 }, Accounts: { records: 10 } },
    });
    const { id, zip } = await exportZip(fake, { module: { api_name: 'Contacts' } });
    const entry = readZip(zip);
    expect(entry.name).toBe(`${id}.csv`);
    expect(zip.readUInt16LE(6)).toBe(0x0808);
    expect(entry.version).toBe(20);
    expect(entry.method).toBe(8);
    expect(entry.local).toEqual({ crc: 0, compressedSize: 0, size: 0 });
    expect(entry.descriptor.signature).toBe(0x08074b50);
    expect(entry.descriptor.crc).toBe(entry.crcOfText);
    expect(entry.descriptor.size).toBe(Buffer.byteLength(entry.text));
    expect(entry.descriptor.compressedSize).toBe(entry.data.length);
    expect(entry.central).toEqual({
      crc: entry.crcOfText,
      compressedSize: entry.data.length,
      size: Buffer.byteLength(entry.text),
      offset: 0,
      flags: 0x0808,
    });
    // the central directory starts right after the descriptor; one entry, EOCD at the end
    const centralOffset = zip.readUInt32LE(zip.length - 22 + 16);
    expect(centralOffset).toBe(30 + Buffer.byteLength(entry.name) + entry.data.length + 16);
    expect(zip.readUInt16LE(zip.length - 22 + 10)).toBe(1);
    expect(zip.readUInt32LE(zip.length - 22 + 12)).toBe(zip.length - 22 - centralOffset);
    // a raw inflate of the data knows its own end and gives exactly the CSV
    expect(inflateRawSync(entry.data).equals(Buffer.from(entry.text))).toBe(true);
  });

  it("writes Zoho's CSV dialect: Id first, CRLF ends, quotes only for whitespace , \" ', no BOM", async () => {
    const fake = new FakeZoho({
      pollsToComplete: 1,
      modules: { Contacts: { records: 400 }, Accounts: { records: 50 } },
    });
    const { zip } = await exportZip(fake, { module: { api_name: 'Contacts' } });
    const text = readZip(zip).text;
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    expect(text.startsWith(`Id,${fake.fields('Contacts').join(',')}\r\n`)).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parse(text, { columns: true, raw: true }) as Array<{
      record: Record<string, string>;
      raw: string;
    }>;
    expect(rows.length).toBe(400);
    expect(rows.map((r) => r.record)).toEqual([...fake.records('Contacts')]);
    // csv-parse's raw text stops before the '\n' of the record end: every record ends in CRLF, and
    // the records are the whole file after the header
    const header = text.slice(0, text.indexOf('\r\n') + 2);
    expect(rows.every((r) => r.raw.endsWith('\r'))).toBe(true);
    expect(header + rows.map((r) => `${r.raw}\n`).join('')).toBe(text);
    // each raw record is exactly its values written with the rule "quote iff whitespace , \" '"
    const seen = {
      quoted: 0,
      crlfInside: 0,
      lfInside: 0,
      quoteInside: 0,
      apostrophe: 0,
      comma: 0,
      nonAscii: 0,
      emoji: 0,
    };
    for (const { record, raw } of rows) {
      const values = Object.values(record);
      const rule = values.map((v) => (SPECIAL.test(v) ? `"${v.replaceAll('"', '""')}"` : v)).join(',');
      expect(raw.slice(0, -1)).toBe(rule);
      for (const value of values) {
        if (SPECIAL.test(value)) seen.quoted++;
        if (value.includes('\r\n')) seen.crlfInside++;
        if (/[^\r]\n/.test(value)) seen.lfInside++;
        if (value.includes('"')) seen.quoteInside++;
        if (value.includes("'")) seen.apostrophe++;
        if (value.includes(',')) seen.comma++;
        if (/[éüö]|日本/.test(value)) seen.nonAscii++;
        if (/\p{Extended_Pictographic}/u.test(value)) seen.emoji++;
      }
    }
    for (const [kind, count] of Object.entries(seen)) expect(count, kind).toBeGreaterThan(0);
  });

  it("generates realistic values: 19-digit ids, dates, datetimes in the exporting user's zone, booleans, multi-selects, tags", () => {
    const fake = new FakeZoho({ modules: { Contacts: { records: 500 }, Accounts: { records: 20 } } });
    const records = [...fake.records('Contacts')];
    const offsets = new Set<string>();
    for (const r of records) {
      expect(r.Id).toMatch(/^4876876000\d{9}$/);
      expect(r.Owner).toMatch(/^\d{19}$/);
      expect(r.Created_Time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
      offsets.add(r.Created_Time!.slice(-6));
      expect(['true', 'false']).toContain(r.Email_Opt_Out);
      if (r.Date_of_Birth) expect(r.Date_of_Birth).toMatch(/^\d{4}-\d\d-\d\d$/);
      if (r.Account_Name) expect(r.Account_Name).toMatch(/^4876876000100\d{6}$/);
    }
    // One user's zone (US Pacific), whoever owns the record; DST changes the offset within a file.
    expect([...offsets].sort()).toEqual(['-07:00', '-08:00']);
    expect(records.some((r) => r.Service_Interested_In!.includes(';'))).toBe(true);
    expect(records.some((r) => r.Tag!.includes(','))).toBe(true);
    expect(new Set(records.map((r) => r.Last_Name)).size).toBeGreaterThan(15);
    expect(fake.record('Contacts', 123)).toEqual(records[123]);
  });

  it('formats datetimes like Date would, in the owner zone', () => {
    for (let i = 0; i < 2000; i++) {
      const ms = Date.UTC(2019, 0, 1) + i * 98_765_432;
      const us = formatDateTime(ms, 'us');
      const india = formatDateTime(ms, 'in');
      expect(Date.parse(us)).toBe(Math.floor(ms / 1000) * 1000);
      expect(Date.parse(india)).toBe(Math.floor(ms / 1000) * 1000);
      expect(india.endsWith('+05:30')).toBe(true);
    }
    expect(formatDateTime(Date.UTC(2024, 6, 19, 17, 22, 31), 'us')).toBe('2024-07-19T10:22:31-07:00');
    expect(formatDateTime(Date.UTC(2024, 0, 19, 17, 22, 31), 'us')).toBe('2024-01-19T09:22:31-08:00');
  });

  it('is deterministic: two fakes with the same seed give byte-identical files; another seed differs', async () => {
    const make = (seed: number) =>
      new FakeZoho({ seed, pollsToComplete: 1, modules: { Leads: { records: 500 } } });
    const one = await exportZip(make(11), { module: { api_name: 'Leads' } });
    const two = await exportZip(make(11), { module: { api_name: 'Leads' } });
    const other = await exportZip(make(12), { module: { api_name: 'Leads' } });
    expect(one.id).toBe(two.id);
    expect(one.zip.equals(two.zip)).toBe(true);
    expect(one.zip.equals(other.zip)).toBe(false);
  });

  it('can start the CSV with a BOM', async () => {
    const fake = new FakeZoho({ bom: true, pollsToComplete: 1, modules: { Leads: { records: 2 } } });
    const text = readZip((await exportZip(fake, { module: { api_name: 'Leads' } })).zip).text;
    expect(text.startsWith('\uFEFFId,')).toBe(true);
  });
});

describe('fixture helpers', () => {
  it('toZohoCsv writes the dialect and csv-parse reads it back', () => {
    const rows = [
      { Id: '1', Name: "O'Neil, Jr.", Note: 'a "b"\r\nc\nd', Empty: '', Plain: 'x;y' },
      { Id: '2', Name: '日本 🎉', Note: 'tab\there', Empty: '', Plain: 'z' },
    ];
    const text = toZohoCsv(rows);
    expect(text.split('\r\n')[0]).toBe('Id,Name,Note,Empty,Plain');
    expect(text).toContain(`1,"O'Neil, Jr.","a ""b""\r\nc\nd",,x;y\r\n`);
    expect(parse(text, { columns: true })).toEqual(rows);
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('two words')).toBe('"two words"');
    expect(toZohoCsv([], { columns: ['A'], bom: true })).toBe('\uFEFFA\r\n');
  });

  it('buildZip writes descriptor and plain layouts with several entries', () => {
    const entries = [
      { name: 'a.csv', data: 'Id\r\n1\r\n' },
      { name: 'b.csv', data: new Uint8Array([1, 2, 3]) },
    ];
    const withDescriptor = Buffer.from(buildZip(entries));
    const first = readZip(withDescriptor);
    expect(first.flags).toBe(0x0808);
    expect(first.text).toBe('Id\r\n1\r\n');
    expect(first.descriptor.crc).toBe(crc32('Id\r\n1\r\n'));
    const plain = Buffer.from(buildZip(entries, { descriptor: false, method: 0 }));
    expect(plain.readUInt16LE(6)).toBe(0x0800);
    expect(plain.readUInt32LE(14)).toBe(crc32('Id\r\n1\r\n'));
    expect(plain.readUInt16LE(plain.length - 22 + 10)).toBe(2);
  });
});
