import { configDefaults, defineConfig } from 'vitest/config';

/**
 * End-to-end tests: they spawn the CLI (the built `dist/cli/main.js` when ZOHO_BULK_CLI=dist, else
 * the sources through tsx) or the examples as child processes. Everything else is a unit or wire
 * test that runs in-process. `npm test` runs both projects; `npm run test:unit` only the first.
 * The one-million-record memory test is a benchmark: `npm run bench -- big-export`.
 */
const e2e = ['test/cli/spawn.test.ts', 'test/cli/spawn-resources.test.ts', 'test/examples/examples.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
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
        },
      },
    ],
  },
});
