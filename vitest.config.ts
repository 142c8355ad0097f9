import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Two projects, both run by `npm test`:
 * - unit: everything in-process (msw or FakeZoho over loopback), plus the type tests — `npm run test:unit`;
 * - e2e: the files that spawn the CLI or the examples as child processes — `npm run test:e2e`. The
 *   CLI is the bundle test/setup/cli-bundle.ts builds once, `dist/cli/main.js` with
 *   ZOHO_BULK_CLI=dist (.ci/run, after the build), or the sources through tsx with ZOHO_BULK_CLI=tsx.
 * A new test file that spawns processes belongs in `e2e` below. The 1,000,000-record memory check of
 * FakeZoho is a benchmark: `npm run bench -- fake-export`.
 */
const e2e = [
  'test/cli/spawn.test.ts',
  'test/cli/spawn-resources.test.ts',
  'test/cli/sync.test.ts',
  'test/examples/examples.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    setupFiles: ['test/setup/per-file.ts'],
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary', 'text'],
      thresholds: {
        'src/core/**': { lines: 90 },
        'src/auth/**': { lines: 90 },
      },
    },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          // Files share one module graph per worker: src and msw are imported once, not per file
          // (the unit run takes less than half the CPU time). Helpers must not keep per-file state
          // in module-level hooks; per-file setup goes in test/setup/per-file.ts.
          isolate: false,
          exclude: [...configDefaults.exclude, ...e2e],
          // Type tests run here only: with typecheck on in both projects, tsc would run twice.
          typecheck: { enabled: true, include: ['test/**/*.test-d.ts'] },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: e2e,
          typecheck: { enabled: false },
          // builds the CLI once, so each spawn starts like the published binary
          globalSetup: ['test/setup/cli-bundle.ts'],
          // With fewer than 4 cores, after the unit project rather than beside it: the child
          // processes then do not compete with a unit worker (the examples' time limits are real time).
          sequence: { groupOrder: availableParallelism() < 4 ? 1 : 0 },
        },
      },
    ],
  },
});
