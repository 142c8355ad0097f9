/**
 * Serves `handle(Request) → Response` over node:http on 127.0.0.1. The response body is pumped
 * with backpressure (wait for 'drain'); a client that goes away cancels the body (and so the
 * generation of the file); a body stream that errors (an injected reset) resets the socket.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ListenOptions {
  /** TCP port. @default 0 (any free port) */
  port?: number;
  /** Interface to bind. @default '127.0.0.1' */
  host?: string;
}

export interface FakeServer {
  /** `http://127.0.0.1:<port>`: every origin of the fake while it runs. */
  url: string;
  close(): Promise<void>;
}

type Handle = (request: Request) => Promise<Response>;

const HOP_HEADERS = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'upgrade',
  'expect',
]);

async function toRequest(req: IncomingMessage, base: string, signal: AbortSignal): Promise<Request> {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined || HOP_HEADERS.has(key)) continue;
    headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const method = req.method ?? 'GET';
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = chunks.length > 0 && method !== 'GET' && method !== 'HEAD' ? Buffer.concat(chunks) : undefined;
  const init: RequestInit = { method, headers, signal };
  if (body) init.body = body;
  return new Request(new URL(req.url ?? '/', base), init);
}

/** Resolves on 'drain' or 'close', whichever comes first, leaving no listener behind. */
function drained(res: ServerResponse): Promise<void> {
  // 'close' may have fired already (the client went away before this write): don't wait for it.
  if (res.destroyed || res.writableEnded) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function reset(res: ServerResponse): void {
  const socket = res.socket as (ServerResponse['socket'] & { resetAndDestroy?: () => void }) | null;
  if (socket?.resetAndDestroy) socket.resetAndDestroy();
  else res.destroy();
}

async function serve(handle: Handle, base: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const abort = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) abort.abort(new Error('client disconnected'));
  });
  const response = await handle(await toRequest(req, base, abort.signal));
  if (response.type === 'error') {
    reset(res);
    return;
  }
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    headers[key] = value;
  });
  res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  try {
    for (;;) {
      if (abort.signal.aborted) {
        await reader.cancel(abort.signal.reason);
        return;
      }
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await drained(res);
    }
    res.end();
  } catch {
    await flushed(res);
    reset(res);
  }
}

/**
 * Resolves once the bytes already written have left for the socket, so an injected reset cuts
 * the body after them, not before: a reset drops whatever is still queued (and the first writes
 * of a response wait, corked, for the next tick).
 */
async function flushed(res: ServerResponse): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  const socket = res.socket;
  if (socket && !socket.destroyed && socket.writableLength > 0) {
    await new Promise((resolve) => {
      socket.once('drain', resolve);
      socket.once('close', resolve);
    });
  }
}

export async function startServer(
  handle: Handle,
  options: ListenOptions = {},
): Promise<{ server: ReturnType<typeof createServer>; url: string }> {
  const host = options.host ?? '127.0.0.1';
  let base = '';
  const server = createServer((req, res) => {
    serve(handle, base, req, res).catch(() => reset(res));
  });
  server.listen(options.port ?? 0, host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  base = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return { server, url: base };
}
