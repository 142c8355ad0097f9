/**
 * zod at the HTTP boundary: `parseRequest` refuses bad input before any I/O
 * (`RequestValidationError`), `parseResponse` refuses a response shape this library does not
 * understand (`ResponseValidationError`). Messages name the endpoint and the first issue's path;
 * the value kept on the error is redacted.
 */
import type { z } from 'zod';
import { RequestValidationError, ResponseValidationError } from './errors.js';
import { formatPath } from './issue-path.js';
import { excerpt, redactDeep } from './redact.js';

type Issue = z.core.$ZodIssue;

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    return excerpt(JSON.stringify(value) ?? String(value), [], 80);
  } catch {
    return excerpt(String(value), [], 80);
  }
}

function describe(prefix: string, issues: readonly Issue[], value: unknown): string {
  const first = issues[0];
  if (first === undefined) return prefix;
  const more = issues.length > 1 ? ` (+${issues.length - 1} more issue${issues.length > 2 ? 's' : ''})` : '';
  return `${prefix}: ${formatPath(first.path)}: ${first.message}; got ${show(valueAt(value, first.path))}${more}`;
}

/** Parses a response with `schema`, or throws `ResponseValidationError` naming `endpoint`. */
export function parseResponse<S extends z.ZodType>(schema: S, value: unknown, endpoint: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues;
  throw new ResponseValidationError(describe(`Unexpected response from ${endpoint}`, issues, value), {
    issues,
    value: redactDeep(value),
    endpoint,
    cause: result.error,
  });
}

/** Parses caller input with `schema` before any I/O, or throws `RequestValidationError`. */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, endpoint: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues;
  throw new RequestValidationError(describe(`Invalid input for ${endpoint}`, issues, value), {
    issues,
    value: redactDeep(value),
    endpoint,
    cause: result.error,
  });
}
