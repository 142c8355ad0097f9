/**
 * msw handlers for the fake's origins. msw is an optional peer dependency: it is loaded here, on
 * first use, with `require`, so `FakeZoho` and `listen()` work without it. A CJS copy of msw's
 * handlers works with an ESM `setupServer` (msw checks handlers by shape, not by class).
 */
import { createRequire } from 'node:module';
import type { HttpHandler } from 'msw';

/** The part of msw the handlers are built with. */
export type MswModule = Pick<typeof import('msw'), 'http'>;

export function mswHandlers(
  origins: readonly string[],
  handle: (request: Request) => Promise<Response>,
  given?: MswModule,
): HttpHandler[] {
  let msw: MswModule;
  try {
    msw = given ?? (createRequire(import.meta.url)('msw') as MswModule);
  } catch (cause) {
    throw new Error('FakeZoho.handlers() needs the msw package (npm install -D msw); listen() does not', {
      cause,
    });
  }
  return [...new Set(origins)].map((origin) => msw.http.all(`${origin}/*`, ({ request }) => handle(request)));
}
