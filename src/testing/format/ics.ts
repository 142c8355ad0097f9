/**
 * iCalendar text for Events exports (RFC 5545): one VEVENT per record, CRLF line ends, text
 * escaped (`\\`, `;`, `,`, newlines) and lines longer than 75 octets folded (CRLF + space).
 */
import type { FakeRecord } from '../data/store.js';

export const icsHeader =
  'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Zoho Corporation//Zoho CRM (FakeZoho)//EN\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n';
export const icsFooter = 'END:VCALENDAR\r\n';

export function icsEscape(text: string): string {
  return text.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r\n|\n|\r/g, '\\n');
}

/** Folds a content line at 75 octets without splitting a UTF-8 sequence. */
export function icsFold(line: string): string {
  if (Buffer.byteLength(line, 'utf8') <= 75) return `${line}\r\n`;
  let out = '';
  let current = '';
  let bytes = 0;
  let limit = 75;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    if (bytes + size > limit) {
      out += `${current}\r\n `;
      current = '';
      bytes = 0;
      limit = 74; // the leading space counts
    }
    current += char;
    bytes += size;
  }
  return `${out}${current}\r\n`;
}

/** `2024-07-19T10:22:31+05:30` → `20240719T045231Z`. */
export function icsTime(dateTime: string): string {
  const ms = Date.parse(dateTime);
  if (Number.isNaN(ms)) return '';
  return `${new Date(ms).toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}

/** One VEVENT for an Events record. */
export function icsEvent(record: FakeRecord): string {
  const lines = [
    'BEGIN:VEVENT',
    `UID:${record.Id}@zohocrm`,
    `DTSTAMP:${icsTime(record.Modified_Time ?? '')}`,
    `DTSTART:${icsTime(record.Start_DateTime ?? '')}`,
    `DTEND:${icsTime(record.End_DateTime ?? '')}`,
    `SUMMARY:${icsEscape(record.Event_Title ?? '')}`,
  ];
  if (record.Venue) lines.push(`LOCATION:${icsEscape(record.Venue)}`);
  if (record.Description) lines.push(`DESCRIPTION:${icsEscape(record.Description)}`);
  lines.push('END:VEVENT');
  return lines.map(icsFold).join('');
}
