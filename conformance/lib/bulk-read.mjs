/** Bulk-read calls through the SDK's BulkReadOperations: create a job, wait for it, read its CSV. */
import { equal, ok, poll, text } from './check.mjs';
import { bytesOf, parseCsv, unzip } from './files.mjs';
import { objectOf, ZOHO } from './sdk.mjs';

const ops = () => new ZOHO.BulkRead.BulkReadOperations();
const RUNNING = new Set(['ADDED', 'QUEUED', 'IN PROGRESS']);

export function minifiedModule(name) {
  const module = new ZOHO.Modules.MinifiedModule();
  module.setAPIName(name);
  return module;
}

/** A criteria condition `{field: {api_name}, comparator, value}`. */
export async function condition(apiName, comparator, value) {
  const criteria = new ZOHO.BulkRead.Criteria();
  const field = new ZOHO.Fields.MinifiedField();
  field.setAPIName(apiName);
  await criteria.setField(field);
  criteria.setComparator(new ZOHO.Choice(comparator));
  criteria.setValue(value);
  return criteria;
}

/** Creates a job whose Query `configure` fills in; returns its id (a BigInt, as the SDK wants). */
export async function createJob(configure) {
  const body = new ZOHO.BulkRead.BodyWrapper();
  const query = new ZOHO.BulkRead.Query();
  await configure(query);
  await body.setQuery(query);
  const wrapper = await objectOf(
    await ops().createBulkReadJob(body),
    ZOHO.BulkRead.ActionWrapper,
    'create job',
  );
  const answer = wrapper.getData()[0];
  ok(answer instanceof ZOHO.BulkRead.SuccessResponse, 'create answers SuccessResponse');
  equal(text(answer.getCode()), 'ADDED_SUCCESSFULLY', 'create code');
  const id = answer.getDetails().get('id');
  ok(/^\d{19}$/.test(String(id)), `job id ${id}`);
  return BigInt(id);
}

export async function getJob(jobId) {
  const wrapper = await objectOf(
    await ops().getBulkReadJobDetails(jobId),
    ZOHO.BulkRead.ResponseWrapper,
    'job',
  );
  return wrapper.getData()[0];
}

/** Polls until the job leaves ADDED / QUEUED / IN PROGRESS; it must be COMPLETED. */
async function completeJob(jobId) {
  const job = await poll(
    () => getJob(jobId),
    (j) => !RUNNING.has(text(j.getState())),
    `bulk-read job ${jobId}`,
  );
  equal(text(job.getState()), 'COMPLETED', 'job state');
  return job;
}

/** The job's result zip through downloadResult: one `<job id>.csv`, parsed. */
async function downloadCsv(jobId) {
  const file = await objectOf(await ops().downloadResult(jobId), ZOHO.BulkRead.FileBodyWrapper, 'download');
  const entries = unzip(await bytesOf(file.getFile().getStream()));
  equal([...entries.keys()], [`${jobId}.csv`], 'zip entries');
  return parseCsv(entries.get(`${jobId}.csv`));
}

/** Create, wait, download: the records of one page. */
export async function exportPage(configure) {
  const id = await createJob(configure);
  const job = await completeJob(id);
  return { id, job, ...(await downloadCsv(id)) };
}
