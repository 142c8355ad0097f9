/**
 * Export Contacts to an NDJSON file (one JSON object per line), with progress, and resume after
 * a crash from a checkpoint file.
 *
 *   node --import tsx examples/export-to-ndjson.ts [--out-dir DIR] [--stop-after N]
 *
 * Writes DIR/contacts.ndjson (DIR defaults to <os tmpdir>/zoho-bulk-examples). While it runs,
 * DIR/contacts.ndjson.checkpoint.json says how far the file is complete; it is deleted when the
 * export finishes. Try `--stop-after 420` (a simulated crash), then run again without it: the
 * second run continues after the last checkpoint and the file ends up with every record once.
 */
import { open, readFile, rename, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
// In your project: import { and, … } from 'zoho-bulk';
import { and, type ExportCheckpoint, type ExportProgressEvent, where } from '../src/index.js';
import { connect, outputDir } from './_connect.js';

const { values: args } = parseArgs({
  options: { 'out-dir': { type: 'string' }, 'stop-after': { type: 'string' } },
});
const stopAfter = args['stop-after'] === undefined ? undefined : Number(args['stop-after']);
const dir = await outputDir(args['out-dir']);
const outPath = join(dir, 'contacts.ndjson');
const statePath = `${outPath}.checkpoint.json`;

/** What we store: the library's checkpoint (plain JSON) plus how many bytes of our file it covers. */
interface SavedState {
  checkpoint: ExportCheckpoint;
  bytes: number;
}
const saved = await readFile(statePath, 'utf8').then(
  (text) => JSON.parse(text) as SavedState,
  () => undefined, // no checkpoint: a fresh export
);

// Against the fake: 2,500 generated Contacts, served in pages of 250 (Zoho's pages hold 200,000).
const { client, close } = await connect({
  fake: { modules: { Contacts: { records: 2_500 } }, pageSize: 250 },
});

try {
  // A resumed run keeps the bytes the checkpoint covers and drops anything written after it.
  if (saved) await truncate(outPath, saved.bytes);
  const out = await open(outPath, saved ? 'a' : 'w');
  let bytes = saved?.bytes ?? 0;
  let pending = ''; // lines not yet written to the file
  const flush = async () => {
    if (pending === '') return;
    const chunk = Buffer.from(pending, 'utf8');
    pending = '';
    await out.write(chunk);
    bytes += chunk.length;
  };

  let written = 0;
  let stopped = false;
  const records = client.bulkRead.export(
    {
      module: 'Contacts',
      fields: ['First_Name', 'Last_Name', 'Email', 'Lead_Source', 'Account_Name.Account_Name'],
      // The builder writes Zoho's criteria JSON; it is validated before any request is made.
      criteria: and(
        where('Lead_Source').in(['Advertisement', 'Partner', 'Trade Show', 'Web Download', 'Online Store']),
        where('Email').isNotEmpty(),
      ),
    },
    {
      // undefined → start at page 1. (Against the fake, a rerun is a new fake process: the old
      // job and page token are unknown to it, so the export re-creates the jobs it needs and
      // skips the records already written — the same recovery as for an expired Zoho file.)
      resume: saved?.checkpoint,
      checkpointEvery: 100, // records between two checkpoints within a page (default 10,000)
      progressEvery: 200, // records between two 'records' progress events (default 1,000)
      onProgress: printProgress,
      // Called only after your loop body has finished with every record it counts: write the
      // output first, make it durable, then save the checkpoint (atomically, via rename).
      onCheckpoint: async (checkpoint) => {
        await flush();
        await out.datasync();
        const state: SavedState = { checkpoint, bytes };
        await writeFile(`${statePath}.tmp`, JSON.stringify(state));
        await rename(`${statePath}.tmp`, statePath);
      },
    },
  );

  for await (const record of records) {
    // `record` is keyed by the CSV header: Id, First_Name, …, 'Account_Name.Account_Name'.
    pending += `${JSON.stringify(record)}\n`;
    if (pending.length > 1 << 20) await flush(); // keep memory bounded between checkpoints
    written++;
    if (written === stopAfter) {
      stopped = true; // simulate a crash: leave without flushing or saving anything more
      break;
    }
  }

  if (stopped) {
    await out.close();
    console.log(`Stopped after ${written} records (simulated crash). Run again to resume.`);
    process.exitCode = 2;
  } else {
    await flush();
    await out.close();
    await rm(statePath, { force: true }); // finished: the next run starts from scratch
    const resumedFrom = saved?.checkpoint.totalRecords ?? 0;
    console.log(
      `Wrote ${resumedFrom + written} records to ${outPath}` +
        (saved ? ` (resumed after ${resumedFrom}, ${written} in this run)` : ''),
    );
  }
} finally {
  await close();
}

function printProgress(event: ExportProgressEvent): void {
  switch (event.type) {
    case 'job': // every status read: ADDED, QUEUED, IN PROGRESS, COMPLETED
      console.error(`page ${event.page}: job ${event.jobId} ${event.state}`);
      break;
    case 'page-start':
      console.error(
        `page ${event.page}: downloading ${event.count ?? '?'} records` +
          (event.skip > 0 ? `, skipping ${event.skip} already written` : ''),
      );
      break;
    case 'records':
      console.error(`page ${event.page}: ${event.recordsInPage} records (${event.totalRecords} in all)`);
      break;
    case 'page-complete':
      console.error(`page ${event.page} done${event.moreRecords ? ', more to come' : ''}`);
      break;
  }
}
