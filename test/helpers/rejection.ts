/** The error a promise (or an async function) rejects with, for exact assertions; fails if it resolves. */
export async function rejectionOf(run: Promise<unknown> | (() => Promise<unknown>)): Promise<Error> {
  try {
    await (typeof run === 'function' ? run() : run);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}
