/**
 * Keeps this process on loopback: every TCP connection to a host other than 127.0.0.1, ::1 or
 * localhost is refused (and recorded), so a misconfigured SDK can never reach real Zoho.
 */
import net from 'node:net';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Hosts the process tried to reach and was refused. */
export const refused = [];

export function loopbackOnly() {
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function guardedConnect(...args) {
    const first = Array.isArray(args[0]) ? args[0][0] : args[0];
    const host = typeof first === 'object' && first !== null ? first.host : args[1];
    const isPath = typeof first === 'object' && first !== null && first.path !== undefined;
    if (!isPath && typeof host === 'string' && !LOOPBACK.has(host.replace(/^\[|\]$/g, ''))) {
      refused.push(host);
      process.nextTick(() => this.destroy(new Error(`conformance: refused a connection to ${host}`)));
      return this;
    }
    return connect.apply(this, args);
  };
}
