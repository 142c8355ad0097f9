/**
 * A module, as a caller names it (`'Contacts'` or `{ api_name: 'Contacts' }`) and as Zoho echoes
 * it back (a string in v2, `{ id, api_name }` later, where `id` may be `null`). Which shape a
 * request needs depends on the API version: see `core/api-version.ts`.
 */
import { z } from 'zod';
import { zohoIdSchema } from './ids.js';
import { wireOptional } from './wire-optional.js';

/** A module API name as used in the path (`Leads`, `Sales_Orders`, `Custom_Module__c` …). */
export const moduleNameSchema = z
  .string({ error: 'module must be a string' })
  .regex(/^[A-Za-z][A-Za-z0-9_$]*$/, 'module must be an API name such as "Leads"');

/** A module in a request: `'Contacts'` (v2 shape) or `{ api_name: 'Contacts' }` (v2.1+). */
export const moduleRefSchema = z.union([
  z.string().min(1, 'module must not be empty'),
  z.looseObject({
    api_name: z.string().min(1, 'module api_name must not be empty'),
    id: z.string().optional(),
  }),
]);
export type ModuleRef = z.input<typeof moduleRefSchema>;

/** A module in a response: a string (v2) or `{ api_name, id }` with either key absent or `null`. */
export const moduleEchoSchema = z.union([
  z.string(),
  z.looseObject({ api_name: wireOptional(z.string()), id: wireOptional(zohoIdSchema) }),
]);
export type ModuleEcho = z.output<typeof moduleEchoSchema>;

/** The api name of a module given as `'Contacts'` or `{ api_name: 'Contacts' }`, if it has one. */
export function moduleName(module: unknown): string | undefined {
  if (typeof module === 'string') return module;
  if (typeof module === 'object' && module !== null) {
    const name = (module as { api_name?: unknown }).api_name;
    if (typeof name === 'string') return name;
  }
  return undefined;
}
