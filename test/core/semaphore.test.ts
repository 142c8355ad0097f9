import { describe, expect, it } from 'vitest';
import { Semaphore } from '../../src/core/semaphore.js';

describe('Semaphore', () => {
  it('admits `limit` holders, then hands slots over in FIFO order', async () => {
    const sem = new Semaphore(2);
    const a = await sem.acquire();
    const b = await sem.acquire();
    const order: string[] = [];
    const c = sem.acquire().then((r) => {
      order.push('c');
      return r;
    });
    const d = sem.acquire().then((r) => {
      order.push('d');
      return r;
    });
    await Promise.resolve();
    expect(sem.active).toBe(2);
    a();
    a(); // releasing twice is a no-op
    const releaseC = await c;
    expect(order).toEqual(['c']);
    b();
    const releaseD = await d;
    expect(order).toEqual(['c', 'd']);
    releaseC();
    releaseD();
    expect(sem.active).toBe(0);
  });

  it('an aborted waiter leaves the queue and rejects with the reason', async () => {
    const sem = new Semaphore(1);
    const release = await sem.acquire();
    const controller = new AbortController();
    const waiting = sem.acquire(controller.signal);
    controller.abort('nope');
    await expect(waiting).rejects.toBe('nope');
    release();
    expect(sem.active).toBe(0);
    const gone = new AbortController();
    gone.abort('early');
    await expect(sem.acquire(gone.signal)).rejects.toBe('early');
  });

  it('a non-positive or invalid limit means unlimited', async () => {
    const sem = new Semaphore(0);
    await Promise.all(Array.from({ length: 100 }, () => sem.acquire()));
    expect(sem.active).toBe(100);
  });
});
