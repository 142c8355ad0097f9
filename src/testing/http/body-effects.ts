/**
 * Body faults applied while a response streams: drop the connection after N bytes (the stream
 * errors; the node adapter then resets the socket), end cleanly after N bytes, or pause after
 * N bytes.
 */

export interface BodyEffects {
  resetAfter?: number;
  truncateAfter?: number;
  delay?: { afterBytes: number; ms: number };
}

export function applyBodyEffects(
  response: Response,
  effects: BodyEffects,
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
): Response {
  const source = response.body;
  if (
    !source ||
    (effects.resetAfter === undefined && effects.truncateAfter === undefined && !effects.delay)
  ) {
    return response;
  }
  const reader = source.getReader();
  let sent = 0;
  let delayed = false;
  const limit = Math.min(
    effects.resetAfter ?? Number.POSITIVE_INFINITY,
    effects.truncateAfter ?? Number.POSITIVE_INFINITY,
  );
  const resets =
    effects.resetAfter !== undefined &&
    effects.resetAfter <= (effects.truncateAfter ?? Number.POSITIVE_INFINITY);
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (effects.delay && !delayed && sent >= effects.delay.afterBytes) {
          delayed = true;
          await sleep(effects.delay.ms);
        }
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          return;
        }
        let chunk = value;
        if (effects.delay && !delayed && sent + chunk.length > effects.delay.afterBytes) {
          const head = effects.delay.afterBytes - sent;
          controller.enqueue(chunk.subarray(0, head));
          sent += head;
          delayed = true;
          await sleep(effects.delay.ms);
          chunk = chunk.subarray(head);
        }
        if (sent + chunk.length >= limit) {
          if (limit > sent) controller.enqueue(chunk.subarray(0, limit - sent));
          sent = limit;
          await reader.cancel();
          if (resets) controller.error(connectionReset());
          else controller.close();
          return;
        }
        sent += chunk.length;
        controller.enqueue(chunk);
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

/** What undici's fetch raises when the peer resets the socket mid-body, so clients treat it alike. */
function connectionReset(): TypeError {
  const cause = Object.assign(new Error('FakeZoho: connection reset (injected fault)'), {
    code: 'UND_ERR_SOCKET',
  });
  return new TypeError('terminated', { cause });
}
