/**
 * Zoho-shaped bulk-read data for `bench/decoders.ts`, made in code: 31 Contacts columns, CRLF
 * record ends, a value quoted only when it holds whitespace, a comma, a quote or an apostrophe,
 * quoted CRLF and LF in some descriptions, empty values as nothing; ≈450 bytes a record like the
 * 90 MB / 200,000-record page measured in the issue. Zipped the way Zoho does (one deflated
 * entry, flag 0x0808, sizes and CRC in a data descriptor).
 */
import { deflateRawSync } from 'node:zlib';
import { buildZip, prng } from '../test/streaming/helpers.js';

const COLUMNS = [
  'Id', 'Owner', 'Salutation', 'First_Name', 'Last_Name', 'Full_Name', 'Account_Name', 'Email',
  'Secondary_Email', 'Title', 'Department', 'Phone', 'Mobile', 'Lead_Source', 'Mailing_Street',
  'Mailing_City', 'Mailing_State', 'Mailing_Zip', 'Mailing_Country', 'Description', 'Email_Opt_Out',
  'Date_of_Birth', 'Created_By', 'Modified_By', 'Created_Time', 'Modified_Time', 'Last_Activity_Time',
  'Tag', 'Currency', 'Exchange_Rate', 'Layout',
]; // biome-ignore format: a table

const quote = (v: string) => (/[\s,"']/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** `n` records and a header; `ascii`: no accented, CJK or emoji text. */
export function buildZohoCsv(n: number, { ascii = false } = {}): Buffer {
  const random = prng(7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const digits = (k: number) => Array.from({ length: k }, () => Math.floor(random() * 10)).join('');
  const first = ['James', 'Mary', 'Robert', 'Patricia', 'Sean', "D'Arcy", 'Linda', 'Ahmed', 'Priya', 'Chen'];
  const firstIntl = ['Zoë', 'José', 'Søren', '陽菜', 'Renée', 'Łukasz'];
  const last = ['Smith', "O'Neil", 'Johnson', 'Garcia', 'Van der Berg', 'Nguyen', 'Patel', 'Kowalski'];
  const lastIntl = ['Müller', 'Núñez', '佐藤', 'Ødegaard'];
  const cities = ['Austin', 'San Jose', 'New York', 'Chennai', 'London', 'Toronto'];
  const words = ['call', 'back', 'about', 'renewal', 'pricing', 'demo', 'next', 'week', 'CRM', 'migration'];
  const time = () =>
    `2024-0${1 + Math.floor(random() * 9)}-1${digits(1)}T1${digits(1)}:${digits(1)}5:0${digits(1)}-0${pick(['7', '8'])}:00`;
  const rows = [COLUMNS.join(',')];
  for (let i = 0; i < n; i++) {
    const intl = !ascii && random() < 0.03;
    const firstName = intl ? pick(firstIntl) : pick(first);
    const lastName = intl ? pick(lastIntl) : pick(last);
    const mail = `${firstName.toLowerCase().replace(/[^a-z]/g, '') || 'x'}.${digits(4)}@example.com`;
    let description = '';
    const d = random();
    if (d < 0.35)
      description = Array.from({ length: 4 + Math.floor(random() * 12) }, () => pick(words)).join(' ');
    else if (d < 0.4)
      description = `Line one ${digits(3)}\r\nline two\nline three${!ascii && random() < 0.2 ? ' 🚀' : ''}`;
    const values = [
      `5735450000${digits(9)}`, `5735450000${digits(8)}1`, pick(['Mr.', 'Ms.', 'Dr.', '']), firstName, lastName,
      `${firstName} ${lastName}`, `5735450000${digits(9)}`, mail, random() < 0.2 ? `alt${digits(3)}@example.org` : '',
      pick(['CEO', 'VP Sales', 'Engineer', 'Head of IT', '']), pick(['Sales', 'IT', 'Finance', '']),
      `+1 512 ${digits(3)} ${digits(4)}`, random() < 0.5 ? `${digits(10)}` : '', pick(['Web Site', 'Cold Call', 'Partner', 'Trade Show']),
      `${digits(4)} ${pick(['Main', 'Oak', 'Elm', 'Market'])} St, Suite ${digits(3)}`, pick(cities), pick(['TX', 'CA', 'NY', '']),
      digits(5), pick(['USA', 'United Kingdom', 'India', 'Canada']), description, pick(['true', 'false']),
      random() < 0.3 ? `19${digits(2)}-0${1 + Math.floor(random() * 9)}-1${digits(1)}` : '',
      `5735450000${digits(8)}2`, `5735450000${digits(8)}3`, time(), time(), random() < 0.6 ? time() : '',
      pick(['', 'Client', 'Client,New Website', 'VIP']), 'USD', '1', `5735450000${digits(8)}4`,
    ]; // biome-ignore format: one row
    rows.push(values.map(quote).join(','));
  }
  return Buffer.from(`${rows.join('\r\n')}\r\n`);
}

/** A zip holding `data` as one deflated entry, written the way Zoho (Java's zip writer) does. */
export function zipLikeZoho(
  data: Buffer,
  name = '573545000054017003.csv',
): { zip: Buffer; compressed: Buffer } {
  const compressed = deflateRawSync(data);
  return { zip: buildZip(data, { name, compressed }), compressed };
}
