/**
 * `streamRecords({ entries: 'all' })`: every entry of a result zip (a parent-child job's result,
 * one CSV per module), each keyed by its own header, with the retry rule of every result file: a
 * cut download resumes, per entry, so every row comes once; errors name the job and the entry.
 */
import { parse as parseSync } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { DownloadError } from '../../src/core/errors.js';
import { gatherEntries } from '../../src/import/result-zip.js';
import { type RecordStreamParams, streamRecords } from '../../src/streaming/record-stream.js';
import { buildZip as buildEntries } from '../../src/testing/index.js';
import { body, fakeClock, opener, prng, rejection } from './helpers.js';

const JOB = '4876876000002000009';

/** A result CSV of `n` rows with random tokens (so the deflated entry spans many body chunks). */
function resultCsv(first: string, n: number, seed: number): string {
  const random = prng(seed);
  const rows = [`${first},Token,STATUS,RECORD_ID,ERRORS`];
  for (let i = 0; i < n; i++) {
    const token = Math.floor(random() * 2 ** 48).toString(36);
    rows.push(`${first} ${i},"${token}, ok",ADDED,${4876876000001310001n + BigInt(i)},`);
  }
  return `${rows.join('\r\n')}\r\n`;
}

const entries = [
  { name: 'Leads-Leads.csv', data: resultCsv('Last_Name', 1500, 1) },
  { name: 'Leads_Subform-Leads_Subform.csv', data: resultCsv('Secondary_Email', 2500, 2) },
  { name: 'Empty-Empty.csv', data: 'Name,STATUS,RECORD_ID,ERRORS\r\n' },
  { name: 'Quoted_Items-Quoted_Items.csv', data: resultCsv('Product_Name', 700, 3) },
];
const zip = Buffer.from(buildEntries(entries));
const expected = entries.map((e) => ({ name: e.name, rows: parseSync(e.data, { columns: true }) }));
/** Where each entry's local header starts. */
const starts = entries.map((e) => zip.indexOf(Buffer.from(e.name)) - 30);

/** Every entry's rows, gathered as the parent-child import gathers them. */
const readAll = (open: RecordStreamParams['open'], clock = fakeClock()) =>
  gatherEntries((onEntry) => streamRecords({ jobId: JOB, open, clock, entries: 'all', onEntry }));

describe("streamRecords({ entries: 'all' })", () => {
  it('reads every entry, each keyed by its own header, in the order of the zip', async () => {
    const { open, signals } = opener(() => ({ body: body(zip, { chunk: 4096 }) }));
    expect(await readAll(open)).toEqual(expected);
    expect(signals).toHaveLength(1);
  });

  it('a download cut anywhere is downloaded again and resumes: every row of every entry once, in order', async () => {
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(starts[0]).toBe(0);
    const cuts = [
      40,
      Math.floor(starts[1]! / 2),
      starts[1]! - 3,
      starts[1]!,
      starts[1]! + 20,
      Math.floor((starts[1]! + starts[2]!) / 2),
      starts[2]!,
      starts[3]! + 100,
      zip.length - 60,
    ];
    for (const failAfter of cuts) {
      const clock = fakeClock();
      const { open, signals } = opener(
        () => ({ body: body(zip, { failAfter }) }),
        () => ({ body: body(zip) }),
      );
      expect(await readAll(open, clock), `cut after ${failAfter} bytes`).toEqual(expected);
      // A cut in the tail, after the last entry was checked, costs no new download.
      expect(signals).toHaveLength(failAfter === zip.length - 60 ? 1 : 2);
    }
  });

  it('a body that ends cleanly between two entries is a truncated file: downloaded again, never taken as whole', async () => {
    for (const end of [starts[1]!, starts[3]!]) {
      const { open, signals } = opener(
        () => ({ body: body(zip.subarray(0, end)) }),
        () => ({ body: body(zip) }),
      );
      expect(await readAll(open)).toEqual(expected);
      expect(signals).toHaveLength(2);
    }
    const { open } = opener(() => ({ body: body(zip.subarray(0, starts[1]!)) }));
    const error = await rejection(() => readAll(open));
    expect(error).toBeInstanceOf(DownloadError);
    expect(error.message).toBe(
      `Result file of job ${JOB}, entry Leads-Leads.csv, is truncated: the download ended after this entry, before the central directory`,
    );
  });

  it('a malformed CSV entry: DownloadError naming the job, the entry and the line, after the rows before it; not retried', async () => {
    const bad = [
      entries[0]!,
      {
        name: 'Leads_Subform-Leads_Subform.csv',
        data: 'Secondary_Email,STATUS\r\na@x.example,ADDED\r\nb"c,ADDED\r\n',
      },
    ];
    const { open, signals } = opener(() => ({ body: body(buildEntries(bad)) }));
    const got: Record<string, string>[] = [];
    const error = await rejection(async () => {
      for await (const r of streamRecords({ jobId: JOB, open, clock: fakeClock(), entries: 'all' }))
        got.push(r);
    });
    expect(error).toBeInstanceOf(DownloadError);
    expect((error as DownloadError).jobId).toBe(JOB);
    expect(error.message).toBe(
      `Result file of job ${JOB}, entry Leads_Subform-Leads_Subform.csv, is not valid CSV at line 3 (record 2): a quote appears inside an unquoted value`,
    );
    expect(got).toHaveLength(1500 + 1);
    expect(signals).toHaveLength(1);
  });

  it('a body that is not a zip: DownloadError naming the job, not retried', async () => {
    const { open, signals } = opener(() => ({
      body: body(Buffer.from('{"code":"INVALID_URL_PATTERN","status":"error"}')),
    }));
    const error = await rejection(() => readAll(open));
    expect(error).toBeInstanceOf(DownloadError);
    expect(error.message).toMatch(
      new RegExp(`^Result file of job ${JOB} is not a zip archive \\(code INVALID_URL_PATTERN\\)`),
    );
    expect(signals).toHaveLength(1);
  });

  it("the default, entries: 'first', reads the first entry only, as before", async () => {
    const { open } = opener(() => ({ body: body(zip) }));
    const got = [];
    for await (const r of streamRecords({ jobId: JOB, open, clock: fakeClock() })) got.push(r);
    expect(got).toEqual(expected[0]!.rows);
  });
});
