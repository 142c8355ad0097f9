/**
 * Byte layouts of the zip pieces FakeZoho writes (PKWARE APPNOTE 4.3): local file header, data
 * descriptor, central directory entry and end record. Layout of Zoho's result files: version 2.0,
 * general-purpose flag 0x0808 (bit 3: sizes and CRC follow the data; bit 11: UTF-8 names),
 * method 8 (deflate), one entry.
 */

export interface ZipEntryInfo {
  name: string;
  crc: number;
  compressedSize: number;
  size: number;
  /** Offset of the entry's local header in the archive. */
  offset: number;
  /** Bit 3 set: zero CRC/sizes in the local header, a `PK\x07\x08` descriptor after the data. */
  descriptor: boolean;
  method: 0 | 8;
}

/** MS-DOS time and date of 2024-01-01 00:00: fixed, so files are byte-identical run to run. */
const DOS_TIME = 0;
const DOS_DATE = ((2024 - 1980) << 9) | (1 << 5) | 1;
const VERSION = 20;
const FLAG_UTF8 = 0x0800;
const FLAG_DESCRIPTOR = 0x0008;

const flags = (entry: Pick<ZipEntryInfo, 'descriptor'>): number =>
  FLAG_UTF8 | (entry.descriptor ? FLAG_DESCRIPTOR : 0);

export function localHeader(entry: ZipEntryInfo): Buffer {
  const name = Buffer.from(entry.name, 'utf8');
  const out = Buffer.alloc(30 + name.length);
  out.writeUInt32LE(0x04034b50, 0);
  out.writeUInt16LE(VERSION, 4);
  out.writeUInt16LE(flags(entry), 6);
  out.writeUInt16LE(entry.method, 8);
  out.writeUInt16LE(DOS_TIME, 10);
  out.writeUInt16LE(DOS_DATE, 12);
  if (!entry.descriptor) {
    out.writeUInt32LE(entry.crc >>> 0, 14);
    out.writeUInt32LE(entry.compressedSize, 18);
    out.writeUInt32LE(entry.size, 22);
  }
  out.writeUInt16LE(name.length, 26);
  out.writeUInt16LE(0, 28);
  name.copy(out, 30);
  return out;
}

/** `PK\x07\x08`, CRC-32, compressed size, uncompressed size. */
export function dataDescriptor(entry: ZipEntryInfo): Buffer {
  const out = Buffer.alloc(16);
  out.writeUInt32LE(0x08074b50, 0);
  out.writeUInt32LE(entry.crc >>> 0, 4);
  out.writeUInt32LE(entry.compressedSize, 8);
  out.writeUInt32LE(entry.size, 12);
  return out;
}

export function centralEntry(entry: ZipEntryInfo): Buffer {
  const name = Buffer.from(entry.name, 'utf8');
  const out = Buffer.alloc(46 + name.length);
  out.writeUInt32LE(0x02014b50, 0);
  out.writeUInt16LE(VERSION, 4);
  out.writeUInt16LE(VERSION, 6);
  out.writeUInt16LE(flags(entry), 8);
  out.writeUInt16LE(entry.method, 10);
  out.writeUInt16LE(DOS_TIME, 12);
  out.writeUInt16LE(DOS_DATE, 14);
  out.writeUInt32LE(entry.crc >>> 0, 16);
  out.writeUInt32LE(entry.compressedSize, 20);
  out.writeUInt32LE(entry.size, 24);
  out.writeUInt16LE(name.length, 28);
  // extra length, comment length, disk number, internal attributes: 0
  out.writeUInt32LE(0, 38); // external attributes
  out.writeUInt32LE(entry.offset, 42);
  name.copy(out, 46);
  return out;
}

export function endOfCentralDirectory(count: number, size: number, offset: number): Buffer {
  const out = Buffer.alloc(22);
  out.writeUInt32LE(0x06054b50, 0);
  out.writeUInt16LE(count, 8);
  out.writeUInt16LE(count, 10);
  out.writeUInt32LE(size, 12);
  out.writeUInt32LE(offset, 16);
  return out;
}

/** The central directory and end record for entries already written. */
export function zipTrailer(entries: readonly ZipEntryInfo[], centralOffset: number): Buffer {
  const central = Buffer.concat(entries.map(centralEntry));
  return Buffer.concat([central, endOfCentralDirectory(entries.length, central.length, centralOffset)]);
}
