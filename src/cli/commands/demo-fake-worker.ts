/**
 * Worker thread of the demo's FakeZoho (`demo-fake.ts`): serves the fake on loopback and answers
 * the demo's calls on it, one message at a time, in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type DemoFakeConfig, type DemoFakeRequest, serveDemoFake } from './demo-fake.js';

const port = parentPort;
if (port) {
  const served = serveDemoFake(workerData as DemoFakeConfig);
  port.on('message', async ({ id, op, args }: DemoFakeRequest | { id: number; op: 'start'; args: [] }) => {
    try {
      const { url, fake, calls } = await served;
      const value =
        op === 'start'
          ? { url, credentials: fake.credentials }
          : (calls[op] as (...a: unknown[]) => unknown)(...args);
      port.postMessage({ id, value });
    } catch (error) {
      port.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
    }
  });
}
