/**
 * `typed: true` on `bulkRead.export()` / `records()`: the same as
 * `{ schema: await client.fields.recordSchema(module) }`. One function for both call sites, so
 * they agree on the rules (either `typed` or `schema`, and a module to read the fields of).
 */
import type { z } from 'zod';
import type { RequestValidationError } from '../core/errors.js';
import { invalidRequest } from '../core/validate.js';
import type { Fields } from '../resources/fields.js';
import { moduleName } from '../schemas/module-ref.js';

export interface TypedSchemaOptions {
  /** Parse every record with the module's record schema (from its field metadata). @default false */
  typed?: boolean | undefined;
  /** A zod schema of the caller's own. */
  schema?: z.ZodType | undefined;
  signal?: AbortSignal | undefined;
}

function refuse(message: string, path: string, endpoint: string): RequestValidationError {
  return invalidRequest({
    endpoint,
    path: [path],
    message,
    headline: `Invalid input for ${endpoint}: ${message}`,
  });
}

/**
 * The schema records are to be parsed with: `options.schema` as given, or with `typed: true` the
 * record schema of `module` (read through `fields`, so cached per client). Throws
 * `RequestValidationError` for `typed` together with `schema`, or `typed` without a module.
 */
export async function resolveTypedSchema(
  fields: Pick<Fields, 'recordSchema'>,
  module: unknown,
  options: TypedSchemaOptions,
  endpoint = 'bulkRead.export',
): Promise<z.ZodType | undefined> {
  if (options.typed !== true) return options.schema;
  if (options.schema !== undefined) {
    throw refuse('give either `typed: true` or `schema`, not both', 'typed', endpoint);
  }
  const name = moduleName(module);
  if (name === undefined) {
    throw refuse('`typed: true` needs the module (the job carries none)', 'typed', endpoint);
  }
  return fields.recordSchema(name, { signal: options.signal });
}
