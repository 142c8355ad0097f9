/**
 * Bulk write through the SDK: upload a zip (feature + X-CRM-ORG headers, org id from the SDK's
 * Org API), create an insert job with per-resource ignore_empty and file_names, poll its status,
 * download the result file and check every row's outcome.
 */
import { createReadStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildZip, toZohoCsv } from '../../dist/testing/index.js';
import { equal, ok, poll, text } from '../lib/check.mjs';
import { bytesOf, parseCsv, unzip } from '../lib/files.mjs';
import { objectOf, ZOHO } from '../lib/sdk.mjs';

export const name = 'bulk write (upload, create, status, result)';

const rows = [
  { Last_Name: 'Conformance One', Email: 'one@conformance.example', Lead_Source: 'Trade Show', Title: '' },
  { Last_Name: 'Conformance Two', Email: 'two@conformance.example', Lead_Source: '', Title: 'CTO' },
  { Last_Name: '', Email: 'three@conformance.example', Lead_Source: 'Web Download', Title: '' },
  { Last_Name: 'Conformance Four', Email: 'not an e-mail', Lead_Source: '', Title: '' },
  {
    Last_Name: 'Conformance Five',
    Email: 'five@conformance.example',
    Lead_Source: '',
    Title: 'x'.repeat(101),
  },
  { Last_Name: 'Conformance Six', Email: 'six@conformance.example', Lead_Source: 'Partner', Title: 'VP' },
];
const expected = ['ADDED', 'ADDED', 'SKIPPED', 'SKIPPED', 'SKIPPED', 'ADDED'];

export async function run(ctx) {
  const org = await objectOf(
    await new ZOHO.Org.OrgOperations().getOrganization(),
    ZOHO.Org.ResponseWrapper,
    'org',
  );
  const zgid = org.getOrg()[0].getZgid();
  ok(zgid, 'org zgid');

  const ops = new ZOHO.BulkWrite.BulkWriteOperations();
  const zipPath = join(ctx.dir, 'contacts.zip');
  writeFileSync(zipPath, buildZip([{ name: 'contacts.csv', data: toZohoCsv(rows) }]));
  const upload = new ZOHO.BulkWrite.FileBodyWrapper();
  upload.setFile(new ZOHO.StreamWrapper(null, createReadStream(zipPath)));
  const headers = new ZOHO.HeaderMap();
  await headers.add(ZOHO.BulkWrite.UploadFileHeader.FEATURE, 'bulk-write');
  await headers.add(ZOHO.BulkWrite.UploadFileHeader.X_CRM_ORG, String(zgid));
  const uploaded = await objectOf(
    await ops.uploadFile(upload, headers),
    ZOHO.BulkWrite.SuccessResponse,
    'upload',
  );
  const fileId = String(uploaded.getDetails().get('file_id'));
  ok(/^\d{19}$/.test(fileId), `file_id ${fileId}`);

  const request = new ZOHO.BulkWrite.RequestWrapper();
  request.setCharacterEncoding('UTF-8');
  request.setOperation(new ZOHO.Choice('insert'));
  const resource = new ZOHO.BulkWrite.Resource();
  resource.setType(new ZOHO.Choice('data'));
  const module = new ZOHO.Modules.MinifiedModule();
  module.setAPIName('Contacts');
  await resource.setModule(module);
  resource.setFileId(fileId);
  resource.setFileNames(['contacts.csv']);
  resource.setIgnoreEmpty(true);
  resource.setFieldMappings(
    Object.keys(rows[0]).map((apiName, index) => {
      const mapping = new ZOHO.BulkWrite.FieldMapping();
      mapping.setAPIName(apiName);
      mapping.setIndex(index);
      return mapping;
    }),
  );
  request.setResource([resource]);
  const created = await objectOf(
    await ops.createBulkWriteJob(request),
    ZOHO.BulkWrite.SuccessResponse,
    'create job',
  );
  const jobId = String(created.getDetails().get('id'));

  const running = new Set(['ADDED', 'INPROGRESS', 'IN PROGRESS']);
  const job = await poll(
    async () =>
      await objectOf(await ops.getBulkWriteJobDetails(jobId), ZOHO.BulkWrite.BulkWriteResponse, 'job'),
    (j) => !running.has(text(j.getStatus())),
    `bulk-write job ${jobId}`,
  );
  equal(text(job.getStatus()), 'COMPLETED', 'job status');
  const echoed = job.getResource()[0];
  equal(echoed.getIgnoreEmpty(), true, 'resource ignore_empty echo');
  equal(String(echoed.getFileId()), fileId, 'resource file_id echo');
  equal(echoed.getFileNames(), ['contacts.csv'], 'resource file_names echo');
  const file = echoed.getFile();
  equal([file.getAddedCount(), file.getSkippedCount(), file.getTotalCount()], [3, 3, 6], 'file counts');

  const result = await objectOf(
    await ops.downloadBulkWriteResult(job.getResult().getDownloadUrl()),
    ZOHO.BulkWrite.FileBodyWrapper,
    'result download',
  );
  const entries = unzip(await bytesOf(result.getFile().getStream()));
  const csv = parseCsv([...entries.values()][0]);
  equal(csv.header.slice(-3), ['STATUS', 'RECORD_ID', 'ERRORS'], 'result columns');
  equal(
    csv.records.map((r) => r.STATUS),
    expected,
    'row outcomes',
  );
  equal(csv.records[2].ERRORS, 'MANDATORY_NOT_FOUND-Last_Name', 'mandatory error');
  equal(csv.records[4].ERRORS, 'INVALID_DATA-Title', 'length error');
  ctx.insertedContacts = csv.records.filter((r) => r.STATUS === 'ADDED').map((r) => r.RECORD_ID);
  return `job ${jobId}: ${expected.join(' ')}`;
}
