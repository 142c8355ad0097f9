/**
 * `GET /crm/{v}/{module}/deleted` (metadata-sync.md §2.2): `{ data: [...], info: {...} }`, or no
 * body at all (204, nothing deleted in the window). Only `id` and `deleted_time` are relied on:
 * permanent entries come with `display_name`, `deleted_by` and `created_by` set to null.
 */
import { z } from 'zod';
import { zohoIdSchema } from './ids.js';
import { wireOptional } from './wire-optional.js';

/** `recycle` or `permanent`; other values are passed through (open union). */
export type DeletedType = 'recycle' | 'permanent' | (string & {});

const userRefSchema = z.looseObject({ id: wireOptional(zohoIdSchema), name: wireOptional(z.string()) });

export const deletedRecordSchema = z.looseObject({
  id: zohoIdSchema,
  deleted_time: z.string().min(1),
  type: wireOptional(z.string().transform((type): DeletedType => type)),
  display_name: wireOptional(z.string()),
  deleted_by: wireOptional(userRefSchema),
  created_by: wireOptional(userRefSchema),
});
export type DeletedRecord = z.output<typeof deletedRecordSchema>;

export const deletedRecordsResponseSchema = z.looseObject({
  data: z
    .array(deletedRecordSchema)
    .nullish()
    .transform((data) => data ?? []),
  info: wireOptional(
    z.looseObject({
      more_records: wireOptional(z.boolean()),
      page: wireOptional(z.number()),
      per_page: wireOptional(z.number()),
      count: wireOptional(z.number()),
    }),
  ),
});
export type DeletedRecordsResponse = z.output<typeof deletedRecordsResponseSchema>;
