/**
 * Bulk read through the SDK: create (fields + criteria), poll, download and read the CSV; follow
 * next_page_token to the end (every record once, each token job echoing its token); a job over a
 * custom view (cvid).
 */
import { condition, createJob, exportPage, getJob, minifiedModule } from '../lib/bulk-read.mjs';
import { equal, ok } from '../lib/check.mjs';

export const name = 'bulk read (create, status, download, page token, cvid)';

// biome-ignore lint/suspicious/noTemplateCurlyInString: Zoho's literal marker for an empty value
const EMPTY = '${EMPTY}';

export async function run({ cvid, counts }) {
  // One page with fields and a criteria condition; the echo carries the field's id.
  const first = await exportPage(async (query) => {
    await query.setModule(minifiedModule('Contacts'));
    query.setFields(['Last_Name', 'Email', 'Owner', 'Created_Time']);
    query.setPage(1);
    await query.setCriteria(await condition('Last_Name', 'not_equal', EMPTY));
  });
  const echoed = first.job.getQuery().getCriteria().getField();
  equal(echoed.getAPIName(), 'Last_Name', 'criteria echo api_name');
  ok(/^\d{19}$/.test(String(echoed.getId())), `criteria echo field.id (${echoed.getId()})`);
  equal(first.header, ['Id', 'Last_Name', 'Email', 'Owner', 'Created_Time'], 'CSV header');
  const offsets = new Set(first.records.map((r) => r.Created_Time.slice(-6)));
  ok(
    [...offsets].every((o) => o === '-07:00' || o === '-08:00'),
    `the exporting user's offsets only (${[...offsets]})`,
  );

  // Every page through next_page_token, every record once.
  const ids = new Set();
  let page = await exportPage(async (query) => {
    await query.setModule(minifiedModule('Contacts'));
    query.setPage(1);
  });
  let pages = 1;
  for (;;) {
    const result = page.job.getResult();
    equal(page.records.length, result.getCount(), 'result.count = CSV rows');
    for (const record of page.records) ids.add(record.Id);
    if (!result.getMoreRecords()) break;
    const token = result.getNextPageToken();
    ok(typeof token === 'string' && token.length > 0, 'next_page_token');
    page = await exportPage((query) => query.setPageToken(token));
    equal(page.job.getQuery().getPageToken(), token, 'a page-token job echoes its page_token');
    pages++;
  }
  equal(ids.size, counts.Contacts, 'distinct Ids over all pages');

  // A custom view.
  const view = await createJob(async (query) => {
    await query.setModule(minifiedModule('Contacts'));
    query.setCvid(BigInt(cvid));
  });
  equal(String((await getJob(view)).getQuery().getCvid()), cvid, 'cvid echo');
  return `${pages} pages, ${ids.size} records, criteria and view echoed`;
}
