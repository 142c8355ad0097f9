/**
 * Rendering of issue paths the way a JavaScript reader writes them: `criteria.group[3].value`,
 * `query.fields`, `[12]["Account_Name.Account_Name"]`.
 */
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `['criteria', 'group', 3, 'value']` → `criteria.group[3].value`; `[]` → `(root)`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'symbol') out += `[${key.toString()}]`;
    else if (IDENTIFIER.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out === '' ? '(root)' : out;
}

/** `'query.criteria.group[3]'` → `['query', 'criteria', 'group', 3]` (the inverse of `formatPath` for plain keys). */
export function parsePath(path: string): PropertyKey[] {
  const out: PropertyKey[] = [];
  for (const m of path.matchAll(/\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]|([^.[\]]+)/g)) {
    if (m[1] !== undefined) out.push(Number(m[1]));
    else if (m[2] !== undefined) out.push(JSON.parse(`"${m[2]}"`) as string);
    else if (m[3] !== undefined) out.push(m[3]);
  }
  return out;
}
