/**
 * Zoho serialises an absent value as JSON `null`, and its own SDK models make every key optional
 * and nullable. A response key we can do without is therefore read with `wireOptional`: absent,
 * `undefined` or `null` all read as absent, and the key stays optional in the derived type.
 */
import type { z } from 'zod';

/** `schema`, or absent: `null` reads as absent (`undefined`); the key is optional in the output type. */
export const wireOptional = <T extends z.ZodType>(schema: T) =>
  schema
    .nullish()
    .transform((value) => value ?? undefined)
    .optional();
