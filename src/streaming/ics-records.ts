/**
 * iCalendar (Events export, `file_type: 'ics'`) bytes → one record per `VEVENT`.
 *
 * Record shape (all values strings, like CSV records):
 * - Lines are unfolded (a line break followed by a space or tab continues the previous line).
 * - `NAME` → the property value, unescaped (`\n`/`\N` → line break, `\\` `\;` `\,` → the character).
 * - Every parameter is kept under `NAME;PARAM`: `DTSTART;TZID=Asia/Kolkata:20240105T100000` gives
 *   `{ DTSTART: '20240105T100000', 'DTSTART;TZID': 'Asia/Kolkata' }` (quotes removed, RFC 6868
 *   `^n` `^'` `^^` decoded).
 * - A property that occurs more than once (`ATTENDEE`, `EXDATE`) has its values joined with `\n`
 *   (and so do its parameters, position by position where present).
 * - Properties of components nested in the event are prefixed with the component name:
 *   `VALARM.TRIGGER`, `VALARM.ACTION`.
 * - Names are upper-cased; anything outside a `VEVENT` (calendar properties, `VTIMEZONE`) is
 *   skipped.
 */
import type { CsvRecordsOptions, RecordDecoder } from './csv-records.js';
import { decodeRecords } from './csv-records.js';
import { downloadFailure, type FailFn } from './download-failure.js';

/** One `VEVENT`: property name (and `NAME;PARAM`) → value. */
export type IcsRecord = Record<string, string>;

export interface IcsRecordsOptions {
  /** Job id named in error messages. @default undefined */
  jobId?: CsvRecordsOptions['jobId'];
  /** Zip entry named in error messages. @default undefined */
  entry?: CsvRecordsOptions['entry'];
  /** Events at the start of the file to drop, not yield (resuming). @default 0 */
  skip?: number | undefined;
}

const unescapeText = (value: string): string =>
  value.includes('\\')
    ? value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c))
    : value;

const decodeParam = (value: string): string => {
  const unquoted =
    value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
  return unquoted.includes('^')
    ? unquoted.replace(/\^([n'^])/g, (_, c: string) => (c === 'n' ? '\n' : c === "'" ? '"' : '^'))
    : unquoted;
};

interface ContentLine {
  name: string;
  params: [string, string][];
  value: string;
}

/** Splits `NAME;P=V;Q="a:b":value` at the first colon outside double quotes. */
function parseContentLine(line: string): ContentLine | undefined {
  let quoted = false;
  let colon = -1;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (c === 58 && !quoted) {
      colon = i;
      break;
    }
  }
  if (colon <= 0) return undefined;
  const parts: string[] = [];
  quoted = false;
  let start = 0;
  for (let i = 0; i < colon; i++) {
    const c = line.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (c === 59 && !quoted) {
      parts.push(line.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(line.slice(start, colon));
  const name = parts[0]!.trim().toUpperCase();
  if (name === '') return undefined;
  const params: [string, string][] = [];
  for (const part of parts.slice(1)) {
    const eq = part.indexOf('=');
    if (eq > 0) params.push([part.slice(0, eq).trim().toUpperCase(), decodeParam(part.slice(eq + 1))]);
  }
  return { name, params, value: line.slice(colon + 1) };
}

/** ICS decoder behind `icsRecords` and `streamRecords({ format: 'ics' })`. */
export class IcsRecordDecoder implements RecordDecoder<IcsRecord> {
  readonly #fail: FailFn;
  readonly #text = new TextDecoder('utf-8');
  #skip: number;
  /** Text after the last line break seen. */
  #partial = '';
  /** The logical line being unfolded, and the physical line it started on. */
  #logical: string | undefined;
  #logicalLine = 0;
  #lineNumber = 0;
  /** Open components, outermost first. */
  readonly #stack: string[] = [];
  /** Index in #stack of the open VEVENT, or -1. */
  #eventDepth = -1;
  #event: IcsRecord | undefined;
  #ended = false;

  constructor(options: IcsRecordsOptions = {}) {
    const skip = options.skip ?? 0;
    if (!Number.isSafeInteger(skip) || skip < 0)
      throw new TypeError(`skip must be a non-negative integer, got ${skip}`);
    this.#skip = skip;
    this.#fail = downloadFailure(options.jobId, options.entry);
  }

  write(chunk: Uint8Array): IcsRecord[] {
    const out: IcsRecord[] = [];
    const text = this.#partial + this.#text.decode(chunk, { stream: true });
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      this.#physical(text.slice(start, nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl), out);
      start = nl + 1;
    }
    this.#partial = text.slice(start);
    return out;
  }

  end(): IcsRecord[] {
    if (this.#ended) return [];
    this.#ended = true;
    const out: IcsRecord[] = [];
    const rest = this.#partial + this.#text.decode();
    this.#partial = '';
    if (rest !== '') this.#physical(rest.endsWith('\r') ? rest.slice(0, -1) : rest, out);
    this.#flush(out);
    if (this.#stack.length > 0) {
      throw this.#fail(`is not valid iCalendar: it ends inside ${this.#stack.at(-1)} (truncated?)`);
    }
    return out;
  }

  #physical(line: string, out: IcsRecord[]): void {
    this.#lineNumber++;
    const first = line.charCodeAt(0);
    if ((first === 32 || first === 9) && this.#logical !== undefined) {
      this.#logical += line.slice(1);
      return;
    }
    this.#flush(out);
    if (line.trim() === '') return;
    this.#logical = line;
    this.#logicalLine = this.#lineNumber;
  }

  #flush(out: IcsRecord[]): void {
    const line = this.#logical;
    if (line === undefined) return;
    this.#logical = undefined;
    const content = parseContentLine(line);
    if (content === undefined)
      throw this.#fail(`is not valid iCalendar at line ${this.#logicalLine}: no property name or ':'`);
    const { name, params, value } = content;
    if (name === 'BEGIN') {
      const component = value.trim().toUpperCase();
      this.#stack.push(component);
      if (component === 'VEVENT' && this.#eventDepth === -1) {
        this.#eventDepth = this.#stack.length - 1;
        this.#event = {};
      }
      return;
    }
    if (name === 'END') {
      const component = value.trim().toUpperCase();
      const open = this.#stack.pop();
      if (open !== component) {
        throw this.#fail(
          `is not valid iCalendar at line ${this.#logicalLine}: END:${component} closes ${open ?? 'nothing'}`,
        );
      }
      if (this.#stack.length === this.#eventDepth) {
        this.#eventDepth = -1;
        const event = this.#event!;
        this.#event = undefined;
        if (this.#skip > 0) this.#skip--;
        else out.push(event);
      }
      return;
    }
    const event = this.#event;
    if (event === undefined) return;
    const nested = this.#stack.slice(this.#eventDepth + 1);
    const key = nested.length === 0 ? name : `${nested.join('.')}.${name}`;
    const repeated = Object.hasOwn(event, key);
    event[key] = repeated ? `${event[key]}\n${unescapeText(value)}` : unescapeText(value);
    for (const [param, paramValue] of params) {
      const paramKey = `${key};${param}`;
      event[paramKey] =
        repeated && Object.hasOwn(event, paramKey) ? `${event[paramKey]}\n${paramValue}` : paramValue;
    }
  }
}

/**
 * The events of an iCalendar byte stream, one record per `VEVENT` (see the module comment for
 * the record shape). Pull-based like `csvRecords`.
 *
 * @throws DownloadError naming the job and line when the file is malformed or ends inside a component.
 */
export function icsRecords(
  source: AsyncIterable<Uint8Array>,
  opts: IcsRecordsOptions = {},
): AsyncGenerator<IcsRecord, void, undefined> {
  return decodeRecords(source, new IcsRecordDecoder(opts));
}
