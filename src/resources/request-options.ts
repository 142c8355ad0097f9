/**
 * The options of a single request (`create`, `get`, …) of every resource.
 */

/** `signal` for a single request. */
export interface RequestOptions {
  /** Cancels the request; rejects with the signal's reason. @default none */
  signal?: AbortSignal | undefined;
}
