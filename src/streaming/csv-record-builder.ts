/** Records from field arrays, as csv-parse builds them with `columns`, but fast. */

/** One row of a result file, keyed by the header row; values are the CSV text. */
export type CsvRecord = Record<string, string>;

/** Widest header built into an object literal; wider ones are assigned key by key. */
const MAX_LITERAL_WIDTH = 2048;

/**
 * Builds records from field arrays: `{"Id": f[0], …}` compiled for the header, so every record
 * is created whole with one shape (assigning 31 keys one by one makes slow dictionary objects,
 * 2.5× slower to build). Keys as csv-parse assigns them: a repeated name keeps its first place
 * and its last value; `__proto__` sets no own property.
 */
export function recordBuilder(names: readonly string[]): (f: readonly string[]) => CsvRecord {
  if (names.length <= MAX_LITERAL_WIDTH) {
    const props: string[] = [];
    names.forEach((name, i) => {
      if (name !== '__proto__') props.push(`${JSON.stringify(name)}:f[${i}]`);
    });
    try {
      return new Function('f', `return {${props.join(',')}}`) as (f: readonly string[]) => CsvRecord;
    } catch {
      // Code generation disallowed (--disallow-code-generation-from-strings): ~2.5× slower.
    }
  }
  return (f) => {
    const record: CsvRecord = {};
    for (let i = 0; i < names.length; i++) record[names[i]!] = f[i]!;
    return record;
  };
}
