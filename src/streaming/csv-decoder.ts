/**
 * The CSV parser of the read path, written for Zoho's dialect and measured against csv-parse and
 * uDSV (`bench/decoders.ts`). It reads decoded text, one piece at a time, and gives the records and
 * errors csv-parse gives with the options the read path used before (`columns`, `bom`,
 * `record_delimiter: ['\r\n', '\n']`, `skip_empty_lines`, strict quotes and column count, `from`):
 *
 * - `,` separates fields; a record ends at LF or CRLF; a bare CR is text; a line with nothing on
 *   it is skipped (a line holding `""` is a record).
 * - A quoted field holds anything; `""` is a quote. Its closing quote must be followed by `,`, a
 *   record end or the end of input (or a NUL byte, which csv-parse lets end it too: the field
 *   then goes on unquoted).
 * - A quote inside an unquoted field, a quote not closed by the end of input and a record whose
 *   width differs from the header's are errors, at csv-parse's line (counting every CR and LF, a
 *   CRLF record end once) and record (data records before it + 1).
 *
 * Fields are found with `indexOf` and cut with `slice`; records are built by an object literal
 * compiled once per header (`csv-record-builder.ts`). A field cut at a chunk boundary is kept as
 * its text so far (`#acc`) plus at most three characters still to be decided (`#carry`), so no
 * text is scanned twice however long a field or record is.
 */

import { type CsvRecord, recordBuilder } from './csv-record-builder.js';

export type { CsvRecord } from './csv-record-builder.js';

/** Malformed CSV: what is wrong, on which line (1-based, as csv-parse counts) and record. */
export class CsvSyntaxError extends Error {
  override readonly name = 'CsvSyntaxError';
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly record: number,
  ) {
    super(`at line ${line} (record ${record}): ${reason}`);
  }
}

export interface CsvParserOptions {
  /** Column names instead of a header row. @default undefined (the first record is the header) */
  columns?: readonly string[] | undefined;
  /** Data records to count but not emit. @default 0 */
  skip?: number | undefined;
  /** Called with the header row when it has been read (not for `columns`). @default none */
  onHeader?: ((columns: readonly string[]) => void) | undefined;
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;
/** Where the parser stopped at the end of the last piece of text. */
const START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
/** Error position meaning "at the end of input". */
const EOF = -1;

const OPENING_QUOTE = 'a quote appears inside an unquoted value';
const CLOSING_QUOTE = 'a closing quote is followed by other characters';
const NOT_CLOSED = 'a quoted value is not closed';

/** CR and LF characters in `s` before `to`. */
function newlines(s: string, to: number): number {
  let count = 0;
  for (let at = s.indexOf('\n'); at !== -1 && at < to; at = s.indexOf('\n', at + 1)) count++;
  for (let at = s.indexOf('\r'); at !== -1 && at < to; at = s.indexOf('\r', at + 1)) count++;
  return count;
}

/** `prefix` + the text of a quoted field, `s[start, end)`, with `""` read as `"`. */
function cut(s: string, start: number, end: number, prefix: string, escaped: boolean): string {
  const raw = s.slice(start, end);
  return prefix + (escaped ? raw.replaceAll('""', '"') : raw);
}

export class CsvParser {
  readonly #skip: number;
  readonly #onHeader: ((columns: readonly string[]) => void) | undefined;
  /** Columns per record, -1 until the header has been read. */
  #width = -1;
  #build: ((f: readonly string[]) => CsvRecord) | undefined;
  /** Fields of the record being read: `#fields[0 .. #count)`. */
  readonly #fields: string[] = [];
  #count = 0;
  #mode = START;
  /** Text so far of a field cut by the end of the last piece (unescaped). */
  #acc = '';
  /** Characters at the end of the last piece that need the next one to be understood. */
  #carry = '';
  /** Data records read, skipped ones included. */
  #records = 0;
  /** csv-parse's line number at the start of `#text`, and the last character before it. */
  #lines = 1;
  #lastCode = -1;
  /** The text being parsed, and the CRLF record ends passed in it (for line numbers). */
  #text = '';
  #crlf = 0;

  constructor(options: CsvParserOptions = {}) {
    this.#skip = options.skip ?? 0;
    this.#onHeader = options.onHeader;
    if (options.columns !== undefined) this.#setColumns([...options.columns]);
  }

  /**
   * Parses the next piece of text (`final`: the last one; it may be empty) and appends the
   * records it completes to `out`. Throws `CsvSyntaxError`, after appending the records before
   * the error; the parser must not be used after that.
   */
  parse(text: string, final: boolean, out: CsvRecord[]): void {
    const s = this.#carry === '' ? text : this.#carry + text;
    const mode = this.#mode;
    const acc = this.#acc;
    this.#carry = '';
    this.#mode = START;
    this.#acc = '';
    this.#text = s;
    this.#crlf = 0;
    let at = 0;
    if (mode === QUOTED) at = this.#quoted(s, 0, acc, final, out);
    else if (mode === UNQUOTED) at = this.#unquoted(s, 0, acc, final, out);
    if (at >= 0) this.#run(s, at, final, out);
    if (final && this.#count > 0) this.#last('', EOF, out); // the input ends in `,`
    this.#lines += newlines(s, s.length - this.#carry.length) - this.#crlf;
    if (s.length > 0) this.#lastCode = s.charCodeAt(s.length - 1);
  }

  /** The main loop, from a field start at `i` to the end of `s`. */
  #run(s: string, i: number, final: boolean, out: CsvRecord[]): void {
    const n = s.length;
    const fields = this.#fields;
    // The next `,`, LF and `"` at or after `i` (n: none): each is searched for once.
    let comma = -1;
    let lf = -1;
    let quote = -1;
    while (i < n) {
      if (s.charCodeAt(i) === QUOTE) {
        i = this.#quoted(s, i + 1, '', final, out);
        if (i < 0) return;
        continue;
      }
      if (comma < i) {
        comma = s.indexOf(',', i);
        if (comma < 0) comma = n;
      }
      if (lf < i) {
        lf = s.indexOf('\n', i);
        if (lf < 0) lf = n;
      }
      if (quote < i) {
        quote = s.indexOf('"', i);
        if (quote < 0) quote = n;
      }
      if (comma < lf) {
        if (quote < comma) throw this.#error(quote, OPENING_QUOTE);
        fields[this.#count++] = s.slice(i, comma);
        i = comma + 1;
      } else if (lf < n - 1 || (final && lf < n)) {
        if (quote < lf) throw this.#error(quote, OPENING_QUOTE);
        const crlf = lf > i && s.charCodeAt(lf - 1) === CR;
        const end = crlf ? lf - 1 : lf;
        if (end !== i || this.#count !== 0) this.#last(s.slice(i, end), end, out); // else: an empty line
        if (crlf) this.#crlf++;
        i = lf + 1;
      } else {
        if (quote < n) throw this.#error(quote, OPENING_QUOTE);
        if (final) this.#last(s.slice(i), EOF, out);
        else this.#stashUnquoted(s, i, '');
        return;
      }
    }
  }

  /**
   * A quoted field whose text starts at `start`, after `prefix` (its text from earlier pieces).
   * Returns where the next field starts, or -1 when `s` ends first (the field is stashed).
   */
  #quoted(s: string, start: number, prefix: string, final: boolean, out: CsvRecord[]): number {
    const n = s.length;
    let escaped = false;
    for (let at = start; ; ) {
      const q = s.indexOf('"', at);
      if (q < 0) {
        if (final) throw this.#error(EOF, NOT_CLOSED);
        this.#stash(QUOTED, cut(s, start, n, prefix, escaped), '');
        return -1;
      }
      const next = q + 1 < n ? s.charCodeAt(q + 1) : -1;
      if (next === QUOTE) {
        escaped = true;
        at = q + 2;
        continue;
      }
      if (next === COMMA) {
        this.#fields[this.#count++] = cut(s, start, q, prefix, escaped);
        return q + 2;
      }
      const rest = n - q;
      if (
        !final &&
        (rest === 1 ||
          (rest === 2 && (next === LF || next === CR)) ||
          (rest === 3 && next === CR && s.charCodeAt(q + 2) === LF))
      ) {
        this.#stash(QUOTED, cut(s, start, q, prefix, escaped), s.slice(q)); // see #stashUnquoted
        return -1;
      }
      if (next === -1) {
        this.#last(cut(s, start, q, prefix, escaped), EOF, out);
        return n;
      }
      if (next === LF) {
        this.#last(cut(s, start, q, prefix, escaped), q + 1, out);
        return q + 2;
      }
      if (next === CR && s.charCodeAt(q + 2) === LF) {
        this.#last(cut(s, start, q, prefix, escaped), q + 1, out);
        this.#crlf++;
        return q + 3;
      }
      // csv-parse takes a NUL byte after a quote for the end of the quoted part; the field goes on.
      if (next === 0) return this.#unquoted(s, q + 1, cut(s, start, q, prefix, escaped), final, out);
      throw this.#error(q, CLOSING_QUOTE);
    }
  }

  /**
   * The rest of an unquoted field whose text so far is `prefix` (never empty, or `s[i]` is NUL),
   * from `i`. Returns where the next field starts, or -1 when `s` ends first.
   */
  #unquoted(s: string, i: number, prefix: string, final: boolean, out: CsvRecord[]): number {
    const n = s.length;
    let comma = s.indexOf(',', i);
    if (comma < 0) comma = n;
    let lf = s.indexOf('\n', i);
    if (lf < 0) lf = n;
    const quote = s.indexOf('"', i);
    if (quote >= 0 && quote < Math.min(comma, lf)) throw this.#error(quote, OPENING_QUOTE);
    if (comma < lf) {
      this.#fields[this.#count++] = prefix + s.slice(i, comma);
      return comma + 1;
    }
    if (lf < n - 1 || (final && lf < n)) {
      const crlf = lf > i && s.charCodeAt(lf - 1) === CR;
      const end = crlf ? lf - 1 : lf;
      this.#last(prefix + s.slice(i, end), end, out);
      if (crlf) this.#crlf++;
      return lf + 1;
    }
    if (!final) {
      this.#stashUnquoted(s, i, prefix);
      return -1;
    }
    this.#last(prefix + s.slice(i), EOF, out);
    return n;
  }

  /**
   * Keeps an unquoted field cut by the end of `s`. A CR, LF or CRLF at the very end waits for the
   * next piece: a CR may start a record end, and a record ending a piece is completed by the next
   * call, as csv-parse, which holds back the last characters of each chunk, did. So the last
   * record of a file comes from `end()`, after the zip entry has been checked.
   */
  #stashUnquoted(s: string, i: number, prefix: string): void {
    let end = s.length;
    if (end > i && s.charCodeAt(end - 1) === LF) end--;
    if (end > i && s.charCodeAt(end - 1) === CR) end--;
    this.#stash(UNQUOTED, prefix + s.slice(i, end), s.slice(end));
  }

  #stash(mode: number, acc: string, carry: string): void {
    this.#mode = mode === UNQUOTED && acc === '' ? START : mode;
    this.#acc = acc;
    this.#carry = carry;
  }

  /** Adds the last field of a record and ends it; `at`: where its record end is (for errors). */
  #last(value: string, at: number, out: CsvRecord[]): void {
    const width = this.#count + 1;
    this.#fields[this.#count] = value;
    this.#count = 0;
    if (width !== this.#width) {
      if (this.#width >= 0) throw this.#error(at, `expected ${this.#width} columns, got ${width}`);
      const names = this.#fields.slice(0, width);
      this.#setColumns(names);
      this.#onHeader?.(names);
      return;
    }
    if (++this.#records > this.#skip) out.push(this.#build!(this.#fields));
  }

  #setColumns(names: readonly string[]): void {
    this.#width = names.length;
    this.#build = recordBuilder(names);
  }

  /** The error at position `at` of the current text (or at the end of input), as csv-parse counts. */
  #error(at: number, reason: string): CsvSyntaxError {
    const s = this.#text;
    let line: number;
    if (at !== EOF) line = this.#lines + newlines(s, at) - this.#crlf;
    else if (s.length > 0) line = this.#lines + newlines(s, s.length - 1) - this.#crlf;
    else line = this.#lines - (this.#lastCode === LF || this.#lastCode === CR ? 1 : 0);
    return new CsvSyntaxError(reason, line, this.#records + 1);
  }
}
