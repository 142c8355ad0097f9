/**
 * JSON parsing that keeps Zoho's ids exact. Zoho sends some ids (`file_id`, job ids in older
 * versions) as bare 18–19-digit numbers, above `Number.MAX_SAFE_INTEGER`; `JSON.parse` would round
 * them. `parseJson` quotes every bare integer literal with more than 15 digits before parsing, so
 * it arrives as a string with every digit intact. Digits inside strings are never touched.
 */

/** Integer literals with more digits than this become strings. */
const MAX_SAFE_DIGITS = 15;

const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/**
 * Rewrites bare integer literals longer than 15 digits as JSON strings. Anything that is not
 * valid JSON comes out unchanged enough for `JSON.parse` to reject it as before.
 */
export function quoteBigIntegers(text: string): string {
  let out: string[] | undefined;
  let copiedUpTo = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      // Skip the whole string literal, honouring backslash escapes.
      i++;
      while (i < n) {
        const s = text.charCodeAt(i);
        if (s === 92 /* \ */) i += 2;
        else if (s === 34) break;
        else i++;
      }
      i++;
      continue;
    }
    if (c === 45 /* - */ || isDigit(c)) {
      const start = i;
      if (c === 45) i++;
      const digitsStart = i;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      const digits = i - digitsStart;
      let integer = true;
      // Fraction and exponent parts make it a non-integer literal: leave it to JSON.parse.
      while (i < n) {
        const d = text.charCodeAt(i);
        if (
          d === 46 /* . */ ||
          d === 101 /* e */ ||
          d === 69 /* E */ ||
          d === 43 /* + */ ||
          d === 45 ||
          isDigit(d)
        ) {
          integer = false;
          i++;
        } else break;
      }
      if (integer && digits > MAX_SAFE_DIGITS) {
        out ??= [];
        out.push(text.slice(copiedUpTo, start), '"', text.slice(start, i), '"');
        copiedUpTo = i;
      }
      continue;
    }
    i++;
  }
  if (out === undefined) return text;
  out.push(text.slice(copiedUpTo));
  return out.join('');
}

/** `JSON.parse`, except that integers with more than 15 digits become strings (exact ids). */
export function parseJson(text: string): unknown {
  return JSON.parse(quoteBigIntegers(text));
}
