/**
 * The undici dispatcher zoho-bulk uses when the caller gave no `fetch`: keep-alive, and
 * proxy-aware (`HTTP_PROXY`, `HTTPS_PROXY`, `NO_PROXY`). Created on first use; `close()` ends its
 * idle connections so a CLI or script can exit at once, and the next request opens a new one.
 */
import { type Dispatcher, EnvHttpProxyAgent } from 'undici';

export class LazyDispatcher {
  #agent: EnvHttpProxyAgent | undefined;

  get(): Dispatcher {
    this.#agent ??= new EnvHttpProxyAgent();
    return this.#agent;
  }

  async close(): Promise<void> {
    const agent = this.#agent;
    this.#agent = undefined;
    await agent?.close();
  }
}
