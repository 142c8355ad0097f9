/** Temporary directories for a test file, removed when the file's tests are done. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dirs: string[] = [];

/**
 * Removes the directories made so far. Registered as an afterAll hook of every test file by
 * test/setup/per-file.ts: a hook registered here, at module level, would run for the first file
 * only when test files share their modules (vitest `isolate: false`).
 */
export async function removeTempDirs(): Promise<void> {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

export async function makeTempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}
