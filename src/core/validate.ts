/**
 * zod at the HTTP boundary: `parseRequest` refuses bad input before any I/O
 * (`RequestValidationError`), `parseResponse` refuses a response shape this library does not
 * understand (`ResponseValidationError`). Messages name the endpoint and the first issue's path;
 * the value kept on the error is redacted. `invalidRequest` is the one builder of a
 * `RequestValidationError` for checks zod does not make.
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

/** One problem with caller input, found by a check zod does not make. */
export interface InvalidRequest {
  /** What was called, e.g. `bulkWrite.import` or `GET /crm/bulk/v8/read/1`; named in the message. */
  endpoint: string;
  /** Where in the input the problem is, e.g. `['query', 'page_token']`. @default [] (the input itself) */
  path?: readonly PropertyKey[];
  /** What is wrong, e.g. `must be a non-negative integer`. */
  message: string;
  /** The issue's code. @default 'custom' */
  code?: string;
  /** The offending value; kept on the error, redacted. @default undefined */
  value?: unknown;
  /** The error's whole message, when the standard one does not read well.
   *  @default `Invalid input for <endpoint>: <path>: <message>` (no path part for the input itself) */
  headline?: string;
  cause?: unknown;
  /** Further problems of the same input, each one more issue. @default none */
  more?: readonly { path: readonly PropertyKey[]; message: string; code?: string }[];
}

/**
 * The `RequestValidationError` for one problem (to throw): one issue `{ code, path, message }`,
 * the redacted value, the endpoint, and a message naming the endpoint and the path.
 */
export function invalidRequest(problem: InvalidRequest): RequestValidationError {
  const path = [...(problem.path ?? [])];
  const where = path.length === 0 ? '' : `${formatPath(path)}: `;
  const init: ConstructorParameters<typeof RequestValidationError>[1] = {
    issues: [
      { code: problem.code ?? 'custom', path, message: problem.message },
      ...(problem.more ?? []).map((m) => ({
        code: m.code ?? 'custom',
        path: [...m.path],
        message: m.message,
      })),
    ],
    endpoint: problem.endpoint,
  };
  if (problem.value !== undefined) init.value = redactDeep(problem.value);
  if (problem.cause !== undefined) init.cause = problem.cause;
  return new RequestValidationError(
    problem.headline ?? `Invalid input for ${problem.endpoint}: ${where}${problem.message}`,
    init,
  );
}
