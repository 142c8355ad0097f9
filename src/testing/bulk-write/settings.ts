/**
 * Knobs of the bulk-write and mass-update routes that tests turn (`fake.bulkWrite.configure()`).
 * They live in the route-group state, so `fake.reset()` restores the defaults.
 */
import type { FakeContext } from '../context.js';

export interface FakeWriteSettings {
  /** Send `file_id` as a bare JSON number in the upload answer (tests id precision). @default false */
  fileIdAsNumber: boolean;
  /** HTTP status of an ids-mode mass update whose results hold any error. @default 200 */
  massUpdateErrorStatus: 200 | 207;
  /** HTTP status of an upload refused with FILE_TOO_LARGE (CRM docs: 413; Bigin docs: 200). @default 413 */
  fileTooLargeStatus: 200 | 413;
  /** Largest upload the fake accepts, bytes. @default 26214400 (25 MiB) */
  maxUploadBytes: number;
  /** Most rows in the CSV of a subform or line-item resource of a parent-child job (Zoho's limitations page: 200). @default 200 */
  maxChildRowsPerFile: number;
}

const defaults: FakeWriteSettings = {
  fileIdAsNumber: false,
  massUpdateErrorStatus: 200,
  fileTooLargeStatus: 413,
  maxUploadBytes: 25 * 1024 * 1024,
  maxChildRowsPerFile: 200,
};

export const settingsOf = (ctx: FakeContext): FakeWriteSettings =>
  ctx.state('bulkWrite.settings', () => ({ ...defaults }));

/** `fake.bulkWrite`: settings and a view of what was uploaded. */
export class FakeWriteControls {
  constructor(private readonly ctx: () => FakeContext) {}

  /** Changes settings until `fake.reset()`. */
  configure(patch: Partial<FakeWriteSettings>): void {
    Object.assign(settingsOf(this.ctx()), patch);
  }

  /** The settings in force. */
  get settings(): Readonly<FakeWriteSettings> {
    return { ...settingsOf(this.ctx()) };
  }
}
