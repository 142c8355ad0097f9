/**
 * Reads `--criteria`: inline JSON, or `@path` to read the JSON from a file. The object is Zoho's
 * criteria grammar as is; the library validates it before any request.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Criteria } from '../schemas/criteria.js';
import { usageError } from './exit-codes.js';

export async function readCriteria(value: string, cwd: string): Promise<Criteria> {
  let text = value;
  let where = '--criteria';
  if (value.startsWith('@')) {
    const path = resolve(cwd, value.slice(1));
    where = `--criteria file ${path}`;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw usageError(
        `Cannot read ${where}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw usageError(
      `${where} is not valid JSON (${(error as Error).message})`,
      `give a Zoho criteria object, e.g. '{"field":{"api_name":"Last_Name"},"comparator":"equal","value":"Boyle"}'`,
    );
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw usageError(`${where} must be a JSON object (one condition or a group)`);
  }
  return json as Criteria;
}
