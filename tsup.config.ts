import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' },
    format: ['esm', 'cjs'],
    // Declarations tagged `@internal` (the client's transport and resolved options …) do not ship.
    dts: { compilerOptions: { stripInternal: true } },
    sourcemap: true,
    clean: true,
    target: 'node20',
    shims: true,
    splitting: false,
    // p-retry 7 is ESM-only: a CJS build that leaves it external breaks on Node 20 (DESIGN.md).
    noExternal: ['p-retry', 'is-network-error'],
  },
  {
    // The demo's FakeZoho runs in a worker thread from its own file (src/cli/commands/demo-fake.ts).
    entry: { 'cli/main': 'src/cli/main.ts', 'cli/demo-fake-worker': 'src/cli/commands/demo-fake-worker.ts' },
    format: ['esm'],
    sourcemap: true,
    clean: false,
    target: 'node20',
    splitting: false,
    banner: { js: '#!/usr/bin/env node' },
  },
]);
