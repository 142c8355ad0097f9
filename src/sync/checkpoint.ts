/** Sync checkpoints (plain JSON): the cursor a run will produce and its export's checkpoint. */
import { z } from 'zod';
import { invalidRequest, parseRequest } from '../core/validate.js';
import type { PreparedQuery } from '../export/checkpoint.js';
import { exportCheckpointSchema } from '../schemas/bulk-read.js';
import { madeFor, syncCursorSchema } from './cursor.js';
import type { SyncCheckpoint } from './options.js';

const syncCheckpointSchema = z.object({
  version: z.literal(1, { error: 'unsupported checkpoint version (expected 1)' }),
  next: syncCursorSchema,
  export: exportCheckpointSchema.optional(),
});

/** Checks a `resume` value and that it belongs to this query (the export part is checked by export). */
export function parseSyncCheckpoint(resume: unknown, prepared: PreparedQuery): SyncCheckpoint {
  const checkpoint = parseRequest(syncCheckpointSchema, resume, 'bulkRead.changes (resume)');
  if (!madeFor(checkpoint.next, prepared)) {
    throw invalidRequest({
      endpoint: 'bulkRead.changes',
      path: ['resume', 'next', 'query'],
      message: 'query mismatch',
      headline:
        'Invalid input for bulkRead.changes: the checkpoint was taken for another query; resume with the same query and since',
    });
  }
  return checkpoint;
}
