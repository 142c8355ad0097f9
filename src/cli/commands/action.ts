/**
 * Glue between commander and the commands: an action handler receives the Session (built from the
 * global flags), the positional arguments and the command's own flags, and returns the exit code.
 */
import type { Command } from 'commander';
import type { CliClient } from '../client-types.js';
import type { Session } from '../session.js';

export type Handler<Flags> = (session: Session, args: string[], flags: Flags) => Promise<number>;

/** Wraps a handler into a commander action; program.ts supplies the implementation. */
export type ActionFactory = <Flags>(handler: Handler<Flags>) => (...args: unknown[]) => Promise<void>;

/** Splits commander's action arguments into positionals, flags and the command. */
export function splitActionArgs(args: unknown[]): {
  positionals: string[];
  flags: unknown;
  command: Command;
} {
  const command = args[args.length - 1] as Command;
  const flags = args[args.length - 2];
  const positionals = args
    .slice(0, -2)
    .flatMap((a) => (Array.isArray(a) ? a.map(String) : a === undefined ? [] : [String(a)]));
  return { positionals, flags, command };
}

/** A client, or a way to get one once the arguments were checked (credentials are looked at last). */
export type ClientSource = CliClient | (() => Promise<CliClient>);

export function getClient(source: ClientSource): Promise<CliClient> {
  return Promise.resolve(typeof source === 'function' ? source() : source);
}
