/**
 * Zoho ids — jobs, records, views, files, users — are 18–19 digit numbers, beyond 2^53: strings of
 * digits end to end. One schema for every id a caller hands in, one for every id Zoho sends back.
 */
import { z } from 'zod';
import { parseRequest } from '../core/validate.js';
import { wireOptional } from './wire-optional.js';

/** A string of digits, named `what` in messages. */
export const digitsSchema = (what: string) =>
  z.string({ error: `${what} must be a string (ids exceed 2^53)` }).regex(/^\d+$/, `${what} must be digits`);

export const jobIdSchema = digitsSchema('job id');

/** A job id from the caller (it becomes a path segment), or `RequestValidationError` before any I/O. */
export const checkJobId = (jobId: unknown, endpoint: string): string =>
  parseRequest(jobIdSchema, jobId, endpoint);

/** An id as Zoho sends it (a string, or a bare JSON number small enough to survive parsing) → string. */
export const zohoIdSchema = z
  .union([z.string().min(1), z.number().int().nonnegative()])
  .transform((id) => String(id));

/** A user as Zoho names one in a response (`created_by`): every key may be absent or `null`. */
export const userRefSchema = z.looseObject({
  id: wireOptional(zohoIdSchema),
  name: wireOptional(z.string()),
});
export type UserRef = z.output<typeof userRefSchema>;
