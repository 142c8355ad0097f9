/**
 * The demo's dry-run step: a small Contacts CSV with a few values Zoho cannot take (a score that
 * is no number, a date that does not exist, an e-mail without a domain), `import --dry-run` to find
 * them without uploading, then the real import; the self-check is that the rows the dry run named
 * are exactly the rows the import SKIPPED.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { csvLine } from '../output/csv-writer.js';
import { FileSink } from '../output/sink.js';
import type { Session } from '../session.js';
import type { ClientSource } from './action.js';
import { printImportSummary, runImport } from './import.js';
import { printDryRun, runDryRun } from './import-dry-run.js';

const ROWS = 200;

/** Row i (0-based) and what is wrong with it, if anything. */
function contactRow(i: number): string[] {
  const score = i % 50 === 7 ? 'n/a' : String(i % 100);
  const birth = i % 70 === 33 ? '1990-02-31' : `19${50 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}`;
  const email = i === 123 ? `dry${i}@nowhere` : `dry${i}@dryrun.example`;
  return [`Dry-${i}`, 'Ana', email, score, birth];
}

export async function demoDryRun(
  session: Session,
  client: ClientSource,
  where: { outDir: string; shown: (path: string) => string },
): Promise<{ step: string; checks: { ok: boolean; text: string }[] }> {
  const { outDir, shown } = where;
  const input = join(outDir, 'contacts-new.csv');
  const sink = await FileSink.open(input);
  // Secondary_Email, not Email: Email is unique, and checking a new Contact against 450,000
  // generated ones costs the fake ~2 s of index building that the story does not need.
  await sink.write(csvLine(['Last_Name', 'First_Name', 'Secondary_Email', 'Score', 'Date_of_Birth']));
  for (let i = 0; i < ROWS; i++) await sink.write(csvLine(contactRow(i)));
  await sink.close();
  session.out('');
  session.out(`2b. Dry run of ${ROWS} new Contacts from ${shown(input)}, then the import itself`);
  const report = await runDryRun(session, client, 'Contacts', input, { operation: 'insert', dryRun: true });
  printDryRun(session, 'Contacts', report, false);
  const resultsPath = join(outDir, 'contacts-new-results.csv');
  const imported = await runImport(session, client, 'Contacts', input, {
    operation: 'insert',
    results: resultsPath,
  });
  printImportSummary(session, imported);
  const skipped = (await readFile(resultsPath, 'utf8'))
    .split('\n')
    .slice(1)
    .map((line) => line.split(','))
    .filter((cells) => cells[1] === 'SKIPPED')
    .map((cells) => Number(cells[0]));
  const flagged = [...new Set(report.problems.rows.map((p) => p.index + 1))];
  const same = flagged.length === skipped.length && flagged.every((row, i) => skipped[i] === row);
  const rows = flagged.join(', ');
  return {
    step: `dry run    ${String(report.records).padStart(9)} Contacts: ${report.rowsWithProblems} rows flagged, ${report.jobs} job, ~${report.credits} credits, nothing uploaded`,
    checks: [
      {
        ok: same && flagged.length > 0,
        text: `the dry run flagged rows ${rows}; the import skipped rows ${skipped.join(', ')}`,
      },
    ],
  };
}
