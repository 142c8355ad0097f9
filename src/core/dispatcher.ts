/**
 * The undici dispatcher zoho-bulk uses when the caller gave no `fetch`: keep-alive, and
 * proxy-aware (`HTTP_PROXY`, `HTTPS_PROXY`, `NO_PROXY`). Created on first use; `close()` ends its
 * idle connections so a CLI or script can exit at once, and the next request opens a new one.
 *
 * undici's own 300 s headers timeout is off: the `timeout` option (`http-fetch.ts`) bounds the
 * wait for headers, and `timeout: 0` must mean none. Its body timeout (300 s without a byte)
 * stays, as the guard against a download that stalls.
 */
import { type Dispatcher, EnvHttpProxyAgent } from 'undici';

export class LazyDispatcher {
  #agent: EnvHttpProxyAgent | undefined;

  get(): Dispatcher {
    this.#agent ??= new EnvHttpProxyAgent({ headersTimeout: 0 });
    return this.#agent;
  }

  async close(): Promise<void> {
    const agent = this.#agent;
    this.#agent = undefined;
    await agent?.close();
  }
}
