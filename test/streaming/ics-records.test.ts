import { describe, expect, it } from 'vitest';
import { DownloadError } from '../../src/core/errors.js';
import { icsRecords } from '../../src/streaming/ics-records.js';
import { chunksOf, collect, fromChunks, rejection, splitAt } from './helpers.js';

const JOB = '4876876000001999001';
const events = (chunks: Iterable<Uint8Array>, opts: Parameters<typeof icsRecords>[1] = {}) =>
  collect(icsRecords(fromChunks(chunks), { jobId: JOB, ...opts }));

const ics = Buffer.from(
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Zoho//CRM//EN',
    'BEGIN:VTIMEZONE',
    'TZID:Asia/Kolkata',
    'BEGIN:STANDARD',
    'TZOFFSETFROM:+0530',
    'END:STANDARD',
    'END:VTIMEZONE',
    'BEGIN:VEVENT',
    'UID:4876876000001310001',
    'SUMMARY:Quarterly review\\, Zylker',
    'DESCRIPTION:Line one\\nLine two with a long text that is fol',
    ' ded here and',
    '\t again\\; semi\\; back\\\\slash\\Nend',
    'DTSTART;TZID=Asia/Kolkata:20240105T100000',
    'DTEND;TZID="Asia/Kolkata";VALUE=DATE-TIME:20240105T110000',
    'ATTENDEE;CN="Doe, John";ROLE=REQ-PARTICIPANT:mailto:john@example.com',
    "ATTENDEE;CN=Jane^'J^':mailto:jane@example.com",
    'LOCATION:日本語 Zoë 😀',
    'X-URL;VALUE=URI:https://example.com/a:b',
    'BEGIN:VALARM',
    'ACTION:DISPLAY',
    'TRIGGER:-PT15M',
    'END:VALARM',
    'END:VEVENT',
  ].join('\r\n') +
    '\r\nBEGIN:VEVENT\nUID:2\nsummary:LF only\nRRULE:FREQ=WEEKLY;BYDAY=MO\nRECURRENCE-ID:20240108T100000Z\nEND:VEVENT\n' +
    'END:VCALENDAR',
);

const expected = [
  {
    UID: '4876876000001310001',
    SUMMARY: 'Quarterly review, Zylker',
    DESCRIPTION: 'Line one\nLine two with a long text that is folded here and again; semi; back\\slash\nend',
    DTSTART: '20240105T100000',
    'DTSTART;TZID': 'Asia/Kolkata',
    DTEND: '20240105T110000',
    'DTEND;TZID': 'Asia/Kolkata',
    'DTEND;VALUE': 'DATE-TIME',
    ATTENDEE: 'mailto:john@example.com\nmailto:jane@example.com',
    'ATTENDEE;CN': 'Doe, John\nJane"J"',
    'ATTENDEE;ROLE': 'REQ-PARTICIPANT',
    LOCATION: '日本語 Zoë 😀',
    'X-URL': 'https://example.com/a:b',
    'X-URL;VALUE': 'URI',
    'VALARM.ACTION': 'DISPLAY',
    'VALARM.TRIGGER': '-PT15M',
  },
  { UID: '2', SUMMARY: 'LF only', RRULE: 'FREQ=WEEKLY;BYDAY=MO', 'RECURRENCE-ID': '20240108T100000Z' },
];

describe('icsRecords', () => {
  it('one record per VEVENT: unfolded, unescaped, params under NAME;PARAM', async () => {
    expect(await events([ics])).toEqual(expected);
  });

  it('the same records with the input split at every position and byte by byte', async () => {
    for (let cut = 0; cut <= ics.length; cut++) expect(await events(splitAt(ics, [cut]))).toEqual(expected);
    expect(await events(chunksOf(ics, 1))).toEqual(expected);
  });

  it('skip drops the first events', async () => {
    expect(await events([ics], { skip: 1 })).toEqual(expected.slice(1));
    expect(await events([ics], { skip: 5 })).toEqual([]);
  });

  it('a file that ends inside an event is an error, not a short read', async () => {
    const cut = ics.indexOf('END:VEVENT');
    const error = await rejection(() => events([ics.subarray(0, cut)]));
    expect(error).toBeInstanceOf(DownloadError);
    expect(error.message).toBe(
      `Result file of job ${JOB} is not valid iCalendar: it ends inside VEVENT (truncated?)`,
    );
  });

  it('mismatched END and a line without a colon name the line', async () => {
    const mismatched = Buffer.from('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:1\r\nEND:VTODO\r\n');
    expect((await rejection(() => events([mismatched]))).message).toBe(
      `Result file of job ${JOB} is not valid iCalendar at line 4: END:VTODO closes VEVENT`,
    );
    const noColon = Buffer.from('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID 1\r\n continued\r\nEND:VEVENT\r\n');
    expect((await rejection(() => events([noColon]))).message).toBe(
      `Result file of job ${JOB} is not valid iCalendar at line 3: no property name or ':'`,
    );
  });
});
