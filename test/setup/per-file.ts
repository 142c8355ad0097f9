/**
 * Runs before every test file, in both projects (vitest `setupFiles` run per file even with
 * `isolate: false`): per-file cleanup that shared helper modules cannot register themselves.
 */
import { afterAll } from 'vitest';
import { removeTempDirs } from '../helpers/temp-dir.js';

afterAll(removeTempDirs);
