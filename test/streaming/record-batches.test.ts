/** RecordStream: batches handed out one record at a time, in order, never read ahead, closed on return. */
import { describe, expect, it } from 'vitest';
import { RecordStream, recordBatches } from '../../src/streaming/record-batches.js';

/** A batch source that logs what is asked of it. */
function source(batches: number[][], log: string[]) {
  return (async function* () {
    try {
      for (const [i, batch] of batches.entries()) {
        log.push(`pull ${i}`);
        yield batch;
      }
      log.push('end');
    } finally {
      log.push('closed');
    }
  })();
}

describe('RecordStream', () => {
  it('hands out every record in order, skipping empty batches, and asks for a batch only when the last is used up', async () => {
    const log: string[] = [];
    const stream = new RecordStream(source([[1, 2], [], [3]], log));
    const got: number[] = [];
    for await (const record of stream) {
      got.push(record);
      log.push(`got ${record}`);
    }
    expect(got).toEqual([1, 2, 3]);
    expect(log).toEqual(['pull 0', 'got 1', 'got 2', 'pull 1', 'pull 2', 'got 3', 'end', 'closed']);
  });

  it('serves calls of next() made before the previous one settled in order', async () => {
    const stream = new RecordStream(source([[1, 2, 3], [4]], []));
    const results = await Promise.all([
      stream.next(),
      stream.next(),
      stream.next(),
      stream.next(),
      stream.next(),
    ]);
    expect(results.map((r) => (r.done ? 'done' : r.value))).toEqual([1, 2, 3, 4, 'done']);
  });

  it('break closes the source at once', async () => {
    const log: string[] = [];
    for await (const record of new RecordStream(source([[1, 2, 3], [4]], log))) if (record === 2) break;
    expect(log).toEqual(['pull 0', 'closed']);
  });

  it('an error of the source reaches the consumer after the records before it', async () => {
    const failing = (async function* () {
      yield [1, 2];
      throw new Error('boom');
    })();
    const got: number[] = [];
    const error = await (async () => {
      for await (const record of new RecordStream(failing)) got.push(record);
    })().catch((e: Error) => e);
    expect(got).toEqual([1, 2]);
    expect((error as Error).message).toBe('boom');
  });

  it('recordBatches gives the batches of an untouched stream, and single records once reading began', async () => {
    const whole = new RecordStream(source([[1, 2], [3]], []));
    const batches: number[][] = [];
    for await (const batch of recordBatches(whole)) batches.push(batch);
    expect(batches).toEqual([[1, 2], [3]]);

    const started = new RecordStream(source([[1, 2], [3]], []));
    expect((await started.next()).value).toBe(1);
    const rest: number[][] = [];
    for await (const batch of recordBatches(started)) rest.push(batch);
    expect(rest).toEqual([[2], [3]]);
  });
});
