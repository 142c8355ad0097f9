import fc from 'fast-check';
import { Zip, ZipDeflate, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DownloadError } from '../../src/core/errors.js';
import { bodyExcerpt } from '../../src/streaming/download-failure.js';
import { unzipFirstEntry } from '../../src/streaming/unzip.js';
import {
  buildZip,
  chunksOf,
  collectBytes,
  contactsCsvPath,
  fromChunks,
  prng,
  randomBytes,
  readFixture,
  rejection,
  splitAt,
} from './helpers.js';

const JOB = '4876876000001310001';
const SIG = Buffer.from([0x50, 0x4b, 0x07, 0x08]);
const unzip = (chunks: Iterable<Uint8Array>) =>
  collectBytes(unzipFirstEntry(fromChunks(chunks), { jobId: JOB }));
const unzipError = async (zip: Uint8Array): Promise<DownloadError> => {
  const error = await rejection(() => unzip([zip]));
  expect(error).toBeInstanceOf(DownloadError);
  expect((error as DownloadError).jobId).toBe(JOB);
  expect(error.message).toContain(JOB);
  return error as DownloadError;
};

const small = Buffer.from('Id,Name\r\n1,"a\r\nb"\r\n2,Zoë 日本語\r\n');

describe('unzipFirstEntry: layouts', () => {
  const variants: [string, Parameters<typeof buildZip>[1]][] = [
    ['deflate + descriptor with signature (Zoho, flag 0x0808)', {}],
    ['deflate + descriptor without signature', { descriptor: 'bare' }],
    ['deflate, sizes in the local header', { descriptor: 'none' }],
    ['deflate + zip64 descriptor (no extra field)', { zip64Descriptor: true }],
    ['deflate + zip64 extra + zip64 descriptor', { zip64Descriptor: true, zip64Extra: true }],
    ['deflate + zip64 extra, no descriptor', { descriptor: 'none', zip64Extra: true }],
    ['deflate + descriptor, no central directory', { centralDirectory: false }],
    ['stored, no descriptor', { method: 'stored', descriptor: 'none' }],
    ['stored + descriptor with local sizes', { method: 'stored' }],
    ['stored + bare descriptor with local sizes', { method: 'stored', descriptor: 'bare' }],
  ];
  for (const [label, options] of variants) {
    it(`${label}: exact bytes, whole and in 1-byte chunks`, async () => {
      const zip = buildZip(small, options);
      expect(await unzip([zip])).toEqual(small);
      expect(await unzip(chunksOf(zip, 1))).toEqual(small);
    });
  }

  it('splits at every position of a Zoho-layout zip give the same bytes', async () => {
    const zip = buildZip(small);
    for (let cut = 0; cut <= zip.length; cut++) {
      expect(await unzip(splitAt(zip, [cut]))).toEqual(small);
    }
  });

  it('an empty entry', async () => {
    expect(await unzip([buildZip('')])).toEqual(Buffer.alloc(0));
    expect(await unzip([buildZip('', { method: 'stored', descriptor: 'none' })])).toEqual(Buffer.alloc(0));
  });

  it('reads the real Contacts sample zipped like Zoho, in random chunkings', async () => {
    const csv = readFixture(contactsCsvPath);
    const zip = buildZip(csv, { name: `${JOB}.csv` });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: zip.length }), { maxLength: 20 }), async (cuts) => {
        expect((await unzip(splitAt(zip, cuts))).equals(csv)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('a multi-slice entry (several MB) in random chunk sizes', async () => {
    const random = prng(7);
    const lines: string[] = ['Id,Value'];
    for (let i = 0; i < 60_000; i++)
      lines.push(`${4876876000001310001n + BigInt(i)},${random().toString(36)}`);
    const big = Buffer.concat([Buffer.from(lines.join('\r\n')), randomBytes(random, 300_000)]);
    const zip = buildZip(big);
    const sizes = [7, 4096, 65_536, 100_000, zip.length];
    for (const size of sizes) expect((await unzip(chunksOf(zip, size))).equals(big)).toBe(true);
  });

  it('zips written by fflate (streaming Zip with data descriptor, and zipSync)', async () => {
    const parts: Uint8Array[] = [];
    await new Promise<void>((resolve, reject) => {
      const zip = new Zip((error, chunk, final) => {
        if (error) reject(error);
        parts.push(chunk);
        if (final) resolve();
      });
      const entry = new ZipDeflate('result.csv', { level: 6 });
      zip.add(entry);
      entry.push(small, true);
      zip.end();
    });
    const streamed = Buffer.concat(parts);
    expect(streamed.readUInt16LE(6) & 0x08).toBe(0x08);
    expect(await unzip([streamed])).toEqual(small);
    expect(await unzip([zipSync({ 'result.csv': small })])).toEqual(small);
    expect(await unzip([zipSync({ 'result.csv': [small, { level: 0 }] })])).toEqual(small);
  });
});

describe('unzipFirstEntry: descriptor signature inside the compressed data', () => {
  it('deflate output containing PK\\x07\\x08 (and a fake descriptor after it) is read to its real end', async () => {
    const random = prng(42);
    // Incompressible bytes make zlib emit stored blocks, so these bytes appear verbatim in the
    // compressed stream; a scanner that looks for the signature stops here.
    const fake = Buffer.concat([SIG, Buffer.alloc(12, 0)]);
    const data = Buffer.concat([
      randomBytes(random, 5000),
      fake,
      randomBytes(random, 5000),
      Buffer.from('tail'),
    ]);
    const zip = buildZip(data);
    const compressed = zip.subarray(30 + 'result.csv'.length);
    const at = compressed.indexOf(SIG);
    expect(at).toBeGreaterThan(4000);
    expect(at).toBeLessThan(compressed.length - 5000);
    expect(await unzip([zip])).toEqual(data);
    expect(await unzip(chunksOf(zip, 3))).toEqual(data);
  });

  it('stored data containing PK\\x07\\x08', async () => {
    const data = Buffer.concat([Buffer.from('a,b\r\n'), SIG, Buffer.from('\r\n')]);
    expect(await unzip([buildZip(data, { method: 'stored' })])).toEqual(data);
  });
});

describe('unzipFirstEntry: errors are DownloadErrors naming the job', () => {
  it('a JSON error body with status 200: code and a short redacted excerpt', async () => {
    const body = Buffer.from(
      '{"code":"INVALID_TOKEN","details":{},"message":"invalid oauth token 1000.0123456789abcdef0123456789abcdef.fedcba9876543210fedcba9876543210","status":"error"}',
    );
    const error = await unzipError(body);
    expect(error.message).toBe(
      `Result file of job ${JOB} is not a zip archive (code INVALID_TOKEN): the body starts with '{"code":"INVALID_TOKEN","details":{},"message":"invalid oaut...'`,
    );
    expect(error.isRetryable).toBe(false);
  });

  it('excerpts never show tokens and show binary as hex', () => {
    expect(bodyExcerpt(Buffer.from('Authorization: Zoho-oauthtoken 1000.abc.def'))).toBe(
      "'Authorization: Zoho-oauthtoken [redacted]'",
    );
    expect(bodyExcerpt(Buffer.from('token=1000.0a1b2c.3d4e5f here'))).toBe("'token=[redacted] here'");
    expect(bodyExcerpt(Buffer.from(`x ${'A'.repeat(40)} y`))).toBe("'x [redacted] y'");
    expect(bodyExcerpt(Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]))).toBe(
      'bytes 1f 8b 08 00 00 00 00 00 ...',
    );
  });

  it('an HTML page, an empty body, an empty archive', async () => {
    expect((await unzipError(Buffer.from('<html><body>Bad gateway</body></html>'))).message).toBe(
      `Result file of job ${JOB} is not a zip archive: the body starts with '<html><body>Bad gateway</body></html>'`,
    );
    expect((await unzipError(Buffer.alloc(0))).message).toBe(
      `Result file of job ${JOB} is empty: expected a zip archive`,
    );
    const eocd = Buffer.from([0x50, 0x4b, 5, 6, ...new Array(18).fill(0)]);
    expect((await unzipError(eocd)).message).toBe(
      `Result file of job ${JOB} is a zip archive with no entries`,
    );
  });

  it('a truncated archive at any position before the end of the descriptor never ends silently', async () => {
    const zip = buildZip(small);
    const dataEnd = zip.indexOf(SIG, 30 + 10) + 16;
    for (let cut = 4; cut < dataEnd; cut++) {
      const error = await unzipError(zip.subarray(0, cut));
      expect(error.message).toMatch(
        /is truncated: the download ended (inside the (zip header|compressed data|data descriptor)|before the compressed data)$/,
      );
      expect(error.isRetryable).toBe(true);
    }
    for (let cut = 1; cut < 4; cut++)
      expect((await unzipError(zip.subarray(0, cut))).message).toContain('not a zip');
    // Cut inside the central directory: the entry was fully verified already.
    expect(await unzip([zip.subarray(0, dataEnd + 10)])).toEqual(small);
  });

  it('truncated stored data and header without descriptor', async () => {
    const stored = buildZip(small, { method: 'stored', descriptor: 'none' });
    expect((await unzipError(stored.subarray(0, 50))).message).toContain('ended inside the stored data');
    const deflated = buildZip(small, { descriptor: 'none', centralDirectory: false });
    expect((await unzipError(deflated.subarray(0, deflated.length - 1))).message).toContain(
      'ended inside the compressed data',
    );
  });

  it('CRC-32 mismatch in the descriptor, the local header and the central directory', async () => {
    const crc = 0x12345678;
    expect((await unzipError(buildZip(small, { crc }))).message).toMatch(
      /is corrupt: CRC-32 mismatch \(descriptor 0x12345678, data 0x[0-9a-f]{8}\)$/,
    );
    expect((await unzipError(buildZip(small, { crc, descriptor: 'none' }))).message).toMatch(
      /CRC-32 mismatch \(header 0x12345678/,
    );
    expect((await unzipError(buildZip(small, { centralCrc: crc }))).message).toMatch(
      /CRC-32 mismatch \(central directory 0x12345678/,
    );
  });

  it('size mismatch', async () => {
    const error = await unzipError(buildZip(small, { size: small.length + 1 }));
    expect(small.length).toBe(37);
    expect(error.message).toMatch(
      /is corrupt: size mismatch \(descriptor (\d+) compressed \/ 38 bytes, data \1 \/ 37\)$/,
    );
    expect((await unzipError(buildZip(small, { size: 3, descriptor: 'none' }))).message).toContain(
      'size mismatch (header',
    );
  });

  it('corrupt deflate data', async () => {
    const error = await unzipError(buildZip(small, { compressed: Buffer.from([0xff, 0xff, 0xff, 0xff]) }));
    expect(error.message).toContain('is corrupt: invalid deflate data');
  });

  it('unsupported method, encryption, undecodable stored+descriptor', async () => {
    expect((await unzipError(buildZip(small, { methodNumber: 12 }))).message).toBe(
      `Result file of job ${JOB} uses unsupported zip compression method 12 (bzip2)`,
    );
    expect((await unzipError(buildZip(small, { extraFlags: 1 }))).message).toContain('is encrypted');
    expect((await unzipError(buildZip(small, { method: 'stored', localSizes: false }))).message).toContain(
      'cannot be read as a stream',
    );
  });

  it('without a job id the message still says what failed', async () => {
    const error = await rejection(() => collectBytes(unzipFirstEntry(fromChunks([Buffer.from('nope')]))));
    expect(error.message).toBe("Result file is not a zip archive: the body starts with 'nope'");
    expect((error as DownloadError).jobId).toBeUndefined();
  });
});

describe('unzipFirstEntry: pull-based', () => {
  it('reads at most a chunk or two ahead and releases the source on early return', async () => {
    const random = prng(1);
    const data = Buffer.concat(Array.from({ length: 20 }, () => randomBytes(random, 50_000)));
    const zip = buildZip(data);
    const chunks = chunksOf(zip, 16 * 1024);
    let pulled = 0;
    let released = false;
    const source = (async function* () {
      try {
        for (const chunk of chunks) {
          pulled++;
          yield chunk;
        }
      } finally {
        released = true;
      }
    })();
    const out = unzipFirstEntry(source, { jobId: JOB });
    const first = await out.next();
    expect(first.done).toBe(false);
    expect(pulled).toBeLessThanOrEqual(3);
    await out.return(undefined);
    expect(released).toBe(true);
    expect(pulled).toBeLessThan(chunks.length);
  });
});
