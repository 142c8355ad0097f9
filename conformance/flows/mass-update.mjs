/**
 * Mass update through the SDK's RecordOperations (which reads settings/fields first, and checks
 * picklist values against them): by ids (the records the bulk-write flow added, checked with a
 * bulk read afterwards), then by custom view with the job status polled.
 */
import { condition, exportPage, minifiedModule } from '../lib/bulk-read.mjs';
import { equal, ok, poll, text } from '../lib/check.mjs';
import { objectOf, ZOHO } from '../lib/sdk.mjs';

export const name = 'mass update (by ids, by cvid + status)';

function body(values) {
  const wrapper = new ZOHO.Record.MassUpdateBodyWrapper();
  const record = new ZOHO.Record.Record();
  for (const [key, value] of Object.entries(values)) record.addKeyValue(key, value);
  wrapper.setData([record]);
  return wrapper;
}

export async function run({ cvid, insertedContacts }) {
  const ops = new ZOHO.Record.RecordOperations('Contacts');
  ok(insertedContacts?.length > 0, 'records from the bulk-write flow');

  const byIds = body({ Lead_Source: new ZOHO.Choice('Web Download') });
  byIds.setIds(insertedContacts);
  const answer = await objectOf(
    await ops.massUpdateRecords(byIds),
    ZOHO.Record.MassUpdateActionWrapper,
    'by ids',
  );
  const results = answer.getData();
  equal(results.length, insertedContacts.length, 'one result per id');
  for (const result of results) {
    ok(result instanceof ZOHO.Record.MassUpdateSuccessResponse, 'success per id');
    equal(text(result.getCode()), 'SUCCESS', 'code per id');
  }
  // (Not `Id in [...]`: this SDK version sends an array criteria value as an object {"0": …}.)
  const check = await exportPage(async (query) => {
    await query.setModule(minifiedModule('Contacts'));
    query.setFields(['Lead_Source']);
    await query.setCriteria(await condition('Lead_Source', 'equal', 'Web Download'));
  });
  const updated = new Set(check.records.map((r) => r.Id));
  ok(
    insertedContacts.every((id) => updated.has(id)),
    'the updated records read back with the new value',
  );

  const byView = body({ Title: 'Conformance' });
  byView.setCvid(cvid);
  const scheduled = await objectOf(
    await ops.massUpdateRecords(byView),
    ZOHO.Record.MassUpdateActionWrapper,
    'by cvid',
  );
  const jobId = scheduled.getData()[0].getDetails().get('job_id');
  ok(/^\d{19}$/.test(String(jobId)), `job_id ${jobId}`);
  const params = new ZOHO.ParameterMap();
  await params.add(ZOHO.Record.GetMassUpdateStatusParam.JOB_ID, String(jobId));
  const readStatus = async () =>
    (
      await objectOf(await ops.getMassUpdateStatus(params), ZOHO.Record.MassUpdateResponseWrapper, 'status')
    ).getData()[0];
  const status = await poll(
    readStatus,
    (s) => !['SCHEDULED', 'RUNNING'].includes(text(s.getStatus())),
    `mass-update job ${jobId}`,
  );
  equal(text(status.getStatus()), 'COMPLETED', 'mass-update status');
  ok(status.getUpdatedCount() > 0, 'Updated_Count');
  equal(status.getUpdatedCount(), status.getTotalCount(), 'Updated_Count = Total_Count');
  return `${results.length} by ids (read back), ${status.getUpdatedCount()} by view`;
}
