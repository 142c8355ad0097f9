/**
 * Mass update: set one field on many Leads — a list of ids (answered at once, one outcome per
 * id), then every record of a custom view (a background job you wait for).
 *
 *   node --import tsx examples/mass-update.ts [--ids ID,ID,…] [--cvid VIEW_ID] [--confirm]
 *
 * Against the fake, the ids are the first five generated Leads plus one unknown id (to show a
 * per-id error), and the view is a fake view of the Leads whose Lead_Source is "Trade Show".
 * Against real Zoho give --ids and/or --cvid, and --confirm: this changes your CRM.
 */
import { parseArgs } from 'node:util';
// In your project: import { where, … } from 'zoho-bulk';
import { type MassUpdateStatus, where } from '../src/index.js';
import { connect, requireConfirmation } from './_connect.js';

const FIELD = 'Lead_Status';
const VALUE = 'Contacted';
/** The fake's custom view (on Zoho: the number at the end of the view's URL in the CRM). */
const TRADE_SHOW_VIEW = '4876876000000087501';

const { values: args } = parseArgs({
  options: { ids: { type: 'string' }, cvid: { type: 'string' }, confirm: { type: 'boolean' } },
});

const connection = await connect({
  fake: {
    modules: { Leads: { records: 1_000 } },
    // Views usable as `cvid`; their criteria are Zoho's JSON (the builder writes it).
    views: {
      [TRADE_SHOW_VIEW]: {
        module: 'Leads',
        name: 'Trade show leads',
        criteria: where('Lead_Source').equal('Trade Show'),
      },
    },
  },
});
const { client, fake } = connection;

try {
  requireConfirmation(connection, args.confirm);
  // Against the fake: the first five Leads, and an id no record has.
  const fakeIds = fake ? [0, 1, 2, 3, 4].map((i) => fake.record('Leads', i)?.Id ?? '') : [];
  const ids = args.ids?.split(',') ?? (fake ? [...fakeIds, '4876876000999999999'] : []);
  const cvid = args.cvid ?? (fake ? TRADE_SHOW_VIEW : undefined);
  if (ids.length === 0 && cvid === undefined) throw new Error('Give --ids and/or --cvid');

  // 1. Up to 500 ids: answered at once. Per-id failures are results, not exceptions.
  if (ids.length > 0) {
    const { results } = await client.massUpdate.create('Leads', { data: [{ [FIELD]: VALUE }], ids });
    for (const r of results) {
      // { id, status: 'success' | 'error', code: 'SUCCESS' | 'INVALID_DATA' | …, message, details }
      console.log(`id ${r.id}: ${r.status} ${r.code} (${r.message})`);
    }
  }

  // 2. A custom view (up to 50,000 records): scheduled as a job. Zoho answers 202
  //    ALREADY_SCHEDULED (a ZohoApiError) while an earlier job on the same view is running.
  if (cvid !== undefined) {
    const { job_id } = await client.massUpdate.create('Leads', { data: [{ [FIELD]: VALUE }], cvid });
    console.log(`view ${cvid}: job ${job_id} scheduled`);
    const status = await client.massUpdate.waitFor('Leads', job_id, {
      // SCHEDULED → RUNNING → COMPLETED; FAILED rejects with JobFailedError (error.job = the status)
      onProgress: (s: MassUpdateStatus) => console.error(`job ${job_id}: ${s.Status}`),
    });
    console.log(
      `job ${job_id}: ${status.Status}, updated ${status.Updated_Count} of ${status.Total_Count}` +
        ` (failed ${status.Failed_Count}, not updated ${status.Not_Updated_Count})`,
    );
  }

  if (fake) {
    // The fake applied the changes to its records: check one of each kind.
    const viewLead = [...fake.records('Leads')].find((lead) => lead.Lead_Source === 'Trade Show');
    console.log(
      `fake: first Lead is now ${fake.record('Leads', 0)?.[FIELD]}, first trade-show Lead ${viewLead?.[FIELD]}`,
    );
  }
} finally {
  await connection.close();
}
