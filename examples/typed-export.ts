/**
 * Typed records: parse every exported Contact with a zod schema, so values arrive as booleans,
 * numbers, dates and arrays instead of CSV text — and a record that does not fit fails loudly.
 *
 *   node --import tsx examples/typed-export.ts
 *
 * Prints a few figures computed from the typed values.
 */
import { z } from 'zod';
// In your project: import { zohoCsv } from 'zoho-bulk';
import { ResponseValidationError, zohoCsv } from '../src/index.js';
import { connect } from './_connect.js';

// One schema = the fields to export + how to read each CSV cell. An empty cell becomes null
// (an empty array for multi-selects).
const Contact = z.object({
  Id: zohoCsv.id(), //                                 '4876876000200000001' (ids stay strings)
  First_Name: zohoCsv.string(), //                     '' → null
  Last_Name: z.string(), //                            mandatory in Zoho: never empty
  Email_Opt_Out: zohoCsv.boolean(), //                 'true' / 'false' → boolean
  Score: zohoCsv.integer(), //                         '73' → 73
  Annual_Spend: zohoCsv.number(), //                   '210150.5' → 210150.5
  Date_of_Birth: zohoCsv.date(), //                    '1989-08-31' → Date at UTC midnight
  Created_Time: zohoCsv.datetime(), //                 '2022-11-19T05:13:14+05:30' → Date
  Service_Interested_In: zohoCsv.multiSelect(), //     'SEO;Hosting' → ['SEO', 'Hosting']
});
type Contact = z.output<typeof Contact>; // { Id: string | null; Score: number | null; … }

const { client, close } = await connect(); // the fake has 1,000 Contacts by default

try {
  let count = 0;
  let optedOut = 0;
  let scoreSum = 0;
  let scored = 0;
  let spend = 0;
  let bornBefore1970 = 0;
  let newest: Contact | undefined;
  const services = new Map<string, number>();

  const contacts = client.bulkRead.export(
    { module: 'Contacts', fields: Object.keys(Contact.shape).filter((name) => name !== 'Id') }, // Id comes anyway
    { schema: Contact }, // every record is parsed with it: `contact` below is a `Contact`
  );
  for await (const contact of contacts) {
    count++;
    if (contact.Email_Opt_Out) optedOut++;
    if (contact.Score !== null) {
      scoreSum += contact.Score;
      scored++;
    }
    spend += contact.Annual_Spend ?? 0;
    if (contact.Date_of_Birth && contact.Date_of_Birth.getUTCFullYear() < 1970) bornBefore1970++;
    if (contact.Created_Time && (!newest?.Created_Time || contact.Created_Time > newest.Created_Time)) {
      newest = contact;
    }
    for (const service of contact.Service_Interested_In)
      services.set(service, (services.get(service) ?? 0) + 1);
  }

  const [topService, topCount] =
    [...services].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0] ?? [];
  console.log(`contacts: ${count}`);
  console.log(`opted out of e-mail: ${optedOut}`);
  console.log(`average score: ${scored === 0 ? '-' : (scoreSum / scored).toFixed(2)} (${scored} scored)`);
  console.log(`total annual spend: ${spend.toFixed(2)}`);
  console.log(`born before 1970: ${bornBefore1970}`);
  console.log(`most requested service: ${topService ?? '-'} (${topCount ?? 0})`);
  console.log(`newest contact: ${newest?.Id} created ${newest?.Created_Time?.toISOString()}`);
} catch (error) {
  // A cell that does not fit the schema names the record, the column and the job:
  // "Record 4 of job … does not match the schema, column Score: expected a whole number, got "n/a""
  if (error instanceof ResponseValidationError) console.error(error.message);
  throw error;
} finally {
  await close();
}
