/**
 * The field a misspelt column most likely meant: the smallest edit distance (case-insensitive)
 * to any field's API name or label, when it is close enough to be a typo.
 */
import type { ZohoField } from '../../schemas/fields.js';

/** Levenshtein distance, two rows at a time. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** The API name of the closest field to `name`, or undefined when none is within a typo's reach. */
export function closestField(name: string, fields: readonly ZohoField[]): string | undefined {
  const wanted = name.toLowerCase();
  let best: { api: string; d: number } | undefined;
  for (const field of fields) {
    for (const candidate of [field.api_name, field.field_label]) {
      if (typeof candidate !== 'string' || candidate === '') continue;
      const d = distance(wanted, candidate.toLowerCase());
      if (best === undefined || d < best.d) best = { api: field.api_name, d };
    }
  }
  const reach = Math.max(2, Math.floor(wanted.length / 3));
  return best !== undefined && best.d <= reach ? best.api : undefined;
}
