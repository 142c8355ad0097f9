/**
 * Zoho ids — jobs, records, views, files — are 18–19 digit numbers, beyond 2^53: strings of digits
 * end to end. One schema for every id a caller hands in.
 */
import { z } from 'zod';
import { parseRequest } from '../core/validate.js';

/** A string of digits, named `what` in messages. */
export const digitsSchema = (what: string) =>
  z.string({ error: `${what} must be a string (ids exceed 2^53)` }).regex(/^\d+$/, `${what} must be digits`);

export const jobIdSchema = digitsSchema('job id');

/** A job id from the caller (it becomes a path segment), or `RequestValidationError` before any I/O. */
export const checkJobId = (jobId: unknown, endpoint: string): string =>
  parseRequest(jobIdSchema, jobId, endpoint);
