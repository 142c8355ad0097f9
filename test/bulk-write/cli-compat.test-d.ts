/** Compile-time check: BulkWrite and MassUpdate satisfy what the CLI expects of a client. */
import { expectTypeOf, test } from 'vitest';
import type { CliClient } from '../../src/cli/client-types.js';
import type { WriteClient } from './support.js';

type CliWrite = Pick<CliClient, 'massUpdate'> & {
  bulkWrite: Pick<CliClient['bulkWrite'], 'import' | 'get' | 'waitFor'>;
};

test('the resources satisfy what the CLI uses', () => {
  // Fails to compile when a method's parameters or result no longer fit the CLI's view.
  const asCli = (client: WriteClient): CliWrite => client;
  expectTypeOf(asCli).returns.toEqualTypeOf<CliWrite>();
});
