/**
 * Global setup of the e2e project: builds the CLI once with the `cli/main` entry of
 * tsup.config.ts (as `npm run build` does, without types) into node_modules/.cache, and points
 * test/cli/helpers/run-cli.ts at it through ZOHO_BULK_CLI_MAIN. Each spawned CLI then starts
 * like the published binary (~0.7 s of CPU) instead of compiling the sources through tsx (~2 s).
 *
 * Skipped when ZOHO_BULK_CLI is set: `dist` runs the package's own build (.ci/run), `tsx` the
 * sources.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Options } from 'tsup';
import tsupConfig from '../../tsup.config.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function cliEntry(): Options {
  const configs = [tsupConfig].flat() as Options[];
  const cli = configs.find((c) => c.entry && !Array.isArray(c.entry) && 'cli/main' in c.entry);
  if (!cli) throw new Error("tsup.config.ts has no 'cli/main' entry");
  const entry = Object.fromEntries(
    Object.entries(cli.entry as Record<string, string>).map(([k, v]) => [k, join(ROOT, v)]),
  );
  return { ...cli, entry };
}

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.ZOHO_BULK_CLI) return undefined;
  const cache = join(ROOT, 'node_modules', '.cache', 'zoho-bulk-e2e');
  await mkdir(cache, { recursive: true });
  // Inside the repository, so the bundle's external imports resolve from its node_modules.
  const outDir = await mkdtemp(join(cache, 'cli-'));
  await build({ ...cliEntry(), outDir, clean: false, sourcemap: true, silent: true, config: false });
  process.env.ZOHO_BULK_CLI_MAIN = join(outDir, 'cli', 'main.js');
  return async () => {
    delete process.env.ZOHO_BULK_CLI_MAIN;
    await rm(outDir, { recursive: true, force: true });
  };
}
