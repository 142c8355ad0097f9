/**
 * A Zoho error the fake has decided to answer with, before it becomes a Response: request parsers
 * return one instead of throwing, and the route turns it into Zoho's envelope with `failureResponse`.
 */
import { zohoError } from './http/responses.js';

export interface ZohoFailure {
  status: number;
  code: string;
  message: string;
  details: Record<string, unknown>;
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A failure; HTTP 400 unless told otherwise. */
export const bad = (
  code: string,
  message: string,
  details: Record<string, unknown> = {},
  status = 400,
): ZohoFailure => ({ status, code, message, details });

export const failureResponse = (f: ZohoFailure): Response =>
  zohoError(f.status, f.code, f.message, f.details);
