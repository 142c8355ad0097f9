/**
 * Import a CSV file of Contacts (upsert by Email), streaming: the file is parsed as it is read,
 * uploaded in as few Zoho jobs as the limits allow, and every row's outcome is written to a
 * results CSV.
 *
 *   node --import tsx examples/import-from-csv.ts [contacts.csv] [--out-dir DIR] [--confirm]
 *
 * The CSV's header names Zoho fields by API name (First_Name, Last_Name, Email, …). Without a
 * path (fake only) a sample file is generated: DIR/contacts-to-import.csv. Results go to
 * DIR/<input name>.results.csv with the columns index (0-based data row), status, recordId, errors.
 * Against real Zoho this changes your CRM, so it needs a path and --confirm.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';
// In your project: import { formatRowErrors, … } from 'zoho-bulk';
import { type BulkWriteImportEvent, formatRowErrors } from '../src/index.js';
// In your project: import type { FakeZoho } from 'zoho-bulk/testing';
import type { FakeZoho } from '../src/testing/index.js';
import { connect, outputDir, requireConfirmation } from './_connect.js';

const { values: args, positionals } = parseArgs({
  options: { 'out-dir': { type: 'string' }, confirm: { type: 'boolean' } },
  allowPositionals: true,
});
const dir = await outputDir(args['out-dir']);
const connection = await connect(); // the fake starts with 1,000 Contacts
const { client, fake } = connection;

try {
  requireConfirmation(connection, args.confirm);
  let inputPath = positionals[0];
  if (inputPath === undefined) {
    if (!fake)
      throw new Error('Give the CSV file to import: examples/import-from-csv.ts contacts.csv --confirm');
    inputPath = join(dir, 'contacts-to-import.csv');
    await writeFile(inputPath, sampleCsv(fake));
    console.error(`Generated ${inputPath}`);
  }
  const resultsPath = join(dir, `${basename(inputPath, '.csv')}.results.csv`);

  // csv-parse turns the file into an async iterable of { column: text } objects, read as needed.
  const rows = createReadStream(inputPath).pipe(parse({ columns: true, bom: true, skip_empty_lines: true }));

  const counts = new Map<string, number>();
  await pipeline(
    async function* () {
      // One result per input row, in input order, as soon as each job's result file is read.
      for await (const result of client.bulkWrite.import(
        {
          module: 'Contacts',
          operation: 'upsert', // update the Contact with this Email, or add a new one
          findBy: 'Email',
          records: rows,
          // Header names that are not API names? Map them instead of renaming the file:
          // fieldMappings: [{ api_name: 'Last_Name', column: 'Surname' }, …]
        },
        { onProgress: printProgress },
      )) {
        counts.set(result.status, (counts.get(result.status) ?? 0) + 1);
        // errors: [{ code: 'MANDATORY_NOT_FOUND', fields: ['Last_Name'] }] → 'MANDATORY_NOT_FOUND-Last_Name'
        yield [result.index, result.status, result.recordId ?? '', formatRowErrors(result.errors)];
      }
    },
    stringify({ header: true, columns: ['index', 'status', 'recordId', 'errors'] }),
    createWriteStream(resultsPath),
  );

  console.log(`Results: ${resultsPath}`);
  for (const [status, n] of [...counts].sort()) console.log(`${status}: ${n}`);
} finally {
  await connection.close();
}

function printProgress(event: BulkWriteImportEvent): void {
  const rows = `rows ${event.chunk.firstIndex}..${event.chunk.lastIndex}`;
  if (event.type === 'uploaded') console.error(`${rows}: uploaded as file ${event.fileId}`);
  if (event.type === 'created') console.error(`${rows}: job ${event.jobId} created`);
  if (event.type === 'job') console.error(`${rows}: job ${event.jobId} ${event.status}`);
  if (event.type === 'results') console.error(`${rows}: ${event.rows} results read`);
}

/**
 * A sample file for the fake: 40 rows update existing Contacts (their Email is in the CRM),
 * 150 add new ones, 5 lack the mandatory Last_Name and 5 have a date Zoho cannot read.
 */
function sampleCsv(zoho: FakeZoho): string {
  const header = ['First_Name', 'Last_Name', 'Email', 'Title', 'Date_of_Birth'];
  const lines: string[][] = [];
  for (const existing of zoho.records('Contacts')) {
    if (existing.Email === '') continue; // (a few generated Contacts have no e-mail)
    lines.push([existing.First_Name ?? '', existing.Last_Name ?? '', existing.Email ?? '', 'Customer', '']);
    if (lines.length === 40) break;
  }
  for (let i = 0; i < 150; i++) {
    lines.push([`Ada${i}`, `Lovelace${i}`, `ada.${i}@example.org`, 'Engineer', '1990-12-10']);
  }
  for (let i = 0; i < 5; i++) lines.push(['Nameless', '', `nameless.${i}@example.org`, '', '']);
  for (let i = 0; i < 5; i++) lines.push(['Bad', 'Date', `bad.date.${i}@example.org`, '', '31.12.1990']);
  return stringifySync([header, ...lines]);
}
