/**
 * The demo's FakeZoho, served on 127.0.0.1 from a worker thread: generating, zipping and serving
 * 450,000 Contacts costs about as much CPU as reading them, so with the fake on its own thread the
 * export uses both cores instead of taking turns on one. The demo reaches the fake over HTTP like
 * any client, and changes its records and clock (the sync step) through `DemoFake`, whose calls
 * are answered by the worker (`demo-fake-worker.ts`) in order.
 */
import { Worker } from 'node:worker_threads';
import { type FakeCredentials, FakeZoho } from '../../testing/index.js';

/** What the demo configures (plain data: it crosses to the worker). */
export interface DemoFakeConfig {
  contacts: number;
  leads: number;
  /** How long each fake job runs, in ms. */
  latency: number;
  /** The custom view over every Lead that the mass update targets. */
  cvid: string;
}

/** The calls the demo makes on the fake, answered in order. */
export interface DemoFakeCalls {
  /** Ids of the first `n` records of `module`. */
  firstIds(module: string, n: number): string[];
  updateRecord(module: string, id: string, values: Record<string, string>): boolean;
  insertRecord(module: string, values: Record<string, string>): string;
  deleteRecord(module: string, id: string, permanent: boolean): boolean;
  /** Moves the fake's clock forward. */
  advanceClock(ms: number): void;
}

type Promised<T> = {
  [K in keyof T]: T[K] extends (...a: infer A) => infer R ? (...a: A) => Promise<R> : never;
};

export type DemoFake = Promised<DemoFakeCalls> & {
  url: string;
  credentials: FakeCredentials & { accessToken: string };
  close(): Promise<void>;
};

/** The fake of the demo, listening on loopback, and the calls on it (used by the worker too). */
export async function serveDemoFake(
  config: DemoFakeConfig,
): Promise<{ url: string; fake: FakeZoho; calls: DemoFakeCalls; close: () => Promise<void> }> {
  let skew = 0;
  const fake = new FakeZoho({
    now: () => Date.now() + skew,
    modules: { Contacts: { records: config.contacts }, Leads: { records: config.leads } },
    jobLatency: config.latency,
    views: { [config.cvid]: { module: 'Leads', name: 'All Leads (demo)' } },
  });
  const server = await fake.listen();
  const calls: DemoFakeCalls = {
    firstIds: (module, n) => {
      const ids: string[] = [];
      for (const record of fake.records(module)) {
        if (ids.length === n) break;
        ids.push(record.Id as string);
      }
      return ids;
    },
    updateRecord: (module, id, values) => fake.updateRecord(module, id, values),
    insertRecord: (module, values) => fake.insertRecord(module, values),
    deleteRecord: (module, id, permanent) => fake.deleteRecord(module, id, { permanent }),
    advanceClock: (ms) => {
      skew += ms;
    },
  };
  return { url: server.url, fake, calls, close: () => server.close() };
}

/** A message to the worker: call `op` with `args`, answer with the same `id`. */
export interface DemoFakeRequest {
  id: number;
  op: keyof DemoFakeCalls;
  args: unknown[];
}
type DemoFakeReply = { id: number; value: unknown } | { id: number; error: string };

const CALLS: readonly (keyof DemoFakeCalls)[] = [
  'firstIds',
  'updateRecord',
  'insertRecord',
  'deleteRecord',
  'advanceClock',
];

/**
 * The worker: the bundle's sibling `demo-fake-worker.js`, or, running from the TypeScript sources,
 * `demo-fake-worker.ts` imported through tsx's API (a worker does not inherit tsx's loader on Node 20).
 */
function newWorker(config: DemoFakeConfig): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts'))
    return new Worker(new URL('./demo-fake-worker.js', here), { workerData: config });
  const api = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const script = JSON.stringify(new URL('./demo-fake-worker.ts', here).href);
  const code = `import(${api}).then(({ tsImport }) => tsImport(${script}, ${script}))`;
  return new Worker(code, { eval: true, workerData: config });
}

/** Starts the demo's fake in its worker thread (see the module comment). */
export async function startDemoFake(config: DemoFakeConfig): Promise<DemoFake> {
  const worker = newWorker(config);
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let failure: Error | undefined;
  const failAll = (error: Error) => {
    failure ??= error;
    for (const w of waiting.values()) w.reject(failure);
    waiting.clear();
  };
  worker.on('message', (reply: DemoFakeReply) => {
    const w = waiting.get(reply.id);
    waiting.delete(reply.id);
    if ('error' in reply) w?.reject(new Error(`FakeZoho worker: ${reply.error}`));
    else w?.resolve(reply.value);
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`FakeZoho worker exited (code ${code})`)));
  let next = 0;
  const call = (op: keyof DemoFakeCalls | 'start', args: unknown[]): Promise<unknown> =>
    new Promise((resolve, reject) => {
      if (failure) return reject(failure);
      const id = next++;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ id, op, args });
    });
  try {
    const started = (await call('start', [])) as Pick<DemoFake, 'url' | 'credentials'>;
    const calls = Object.fromEntries(CALLS.map((op) => [op, (...args: unknown[]) => call(op, args)]));
    return {
      ...(calls as Promised<DemoFakeCalls>),
      ...started,
      close: async () => {
        await worker.terminate();
      },
    };
  } catch (error) {
    await worker.terminate();
    throw error;
  }
}
