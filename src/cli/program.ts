/**
 * The commander program: global flags, the commands, and the one place where errors become an
 * exit code and a redacted line on stderr. `runCli(argv, ctx)` never calls process.exit.
 */
import { Command, CommanderError, Option } from 'commander';
import { VERSION } from '../core/options.js';
import type { ActionFactory } from './commands/action.js';
import { splitActionArgs } from './commands/action.js';
import { registerAuth } from './commands/auth.js';
import { registerDemo } from './commands/demo.js';
import { registerExport } from './commands/export.js';
import { registerFakeServer } from './commands/fake-server.js';
import { registerImport } from './commands/import.js';
import { registerJob } from './commands/job.js';
import { registerMassUpdate } from './commands/mass-update.js';
import { registerSync } from './commands/sync.js';
import { registerTypes } from './commands/types.js';
import { DATA_CENTERS } from './config.js';
import type { CliContext } from './context.js';
import { formatError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { parseDuration } from './parse-values.js';
import { type GlobalOptions, Session } from './session.js';

const PROGRAM_HELP = `
Configuration (flags first, then environment, then the config file):
  ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET, ZOHO_REFRESH_TOKEN   refresh-token credentials
  ZOHO_ACCESS_TOKEN                                       a static access token (scripts, tests)
  ZOHO_DC, ZOHO_API_DOMAIN, ZOHO_ACCOUNTS_DOMAIN, ZOHO_UPLOAD_DOMAIN, ZOHO_ORG_ID, ZOHO_API_VERSION
  ZOHO_PROFILE                                            profile name (default: default)
  ZOHO_POLL_INTERVAL                                      like --poll-interval
  Config file: --config, $ZOHO_BULK_CONFIG, $XDG_CONFIG_HOME/zoho-bulk/config.json or
  ~/.config/zoho-bulk/config.json (mode 0600; written by \`zoho-bulk auth login\`).

Exit codes:
  0 ok   1 unexpected error   2 usage error   3 some rows skipped/failed   4 auth/OAuth error
  5 Zoho API error   6 job failed   7 timed out waiting   8 network error   130 interrupted

Examples:
  $ zoho-bulk auth login --client-id 1000.XXXX --client-secret … --code 1000.… --dc eu
  $ zoho-bulk export Contacts --out contacts.ndjson
  $ zoho-bulk import Leads leads.csv --operation upsert --find-by Email --results results.csv
  $ zoho-bulk demo
`;

function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

export function buildProgram(ctx: CliContext, onExitCode: (code: number, session: Session) => void): Command {
  const program = new Command('zoho-bulk');
  program
    .description('Zoho CRM bulk APIs from the command line: export, import, mass update')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({
      writeOut: (text) => ctx.stdout.write(text),
      writeErr: (text) => ctx.stderr.write(text),
    })
    .addOption(new Option('--dc <dc>', 'Zoho data centre').choices(DATA_CENTERS))
    .option('--api-domain <origin>', 'CRM API origin, e.g. https://www.zohoapis.eu')
    .option('--accounts-domain <origin>', 'OAuth server origin, e.g. https://accounts.zoho.eu')
    .option('--upload-domain <origin>', 'bulk-write upload origin')
    .option('--org-id <zgid>', 'org id for uploads (fetched when absent)')
    .option('--api-version <version>', 'CRM API version (default v8)')
    .option('--profile <name>', 'config-file profile (default: default)')
    .option('--config <path>', 'config file path')
    .option('--poll-interval <duration>', 'first wait between job polls, e.g. 2s (default 5s)', (v) =>
      parseDuration(v, '--poll-interval'),
    )
    .option(
      '--wait-timeout <duration>',
      'give up waiting for a job after this long (exit 7), 0 = never (default 1h)',
      (v) => parseDuration(v, '--wait-timeout'),
    )
    .option('-q, --quiet', 'no progress bar, no notes on stderr')
    .option('-v, --verbose', 'log every HTTP request on stderr')
    .option('--debug', 'print stack traces with errors')
    .addHelpText('after', PROGRAM_HELP);

  const action: ActionFactory =
    (handler) =>
    async (...args) => {
      const { positionals, flags, command } = splitActionArgs(args);
      const session = new Session(ctx, globalOptions(command));
      onExitCode(ExitCode.UNEXPECTED, session);
      try {
        onExitCode(await handler(session, positionals, flags as never), session);
      } finally {
        await session.close();
      }
    };

  registerExport(program, action);
  registerSync(program, action);
  registerImport(program, action);
  registerMassUpdate(program, action);
  registerTypes(program, action);
  registerJob(program, action);
  registerAuth(program, action);
  registerFakeServer(program, action);
  registerDemo(program, action);
  return program;
}

/** Parses `argv` (without node and script), runs the command, returns the exit code. */
export async function runCli(argv: readonly string[], ctx: CliContext): Promise<number> {
  let exitCode: number = ExitCode.OK;
  let session: Session | undefined;
  const program = buildProgram(ctx, (code, s) => {
    exitCode = code;
    session = s;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed help or the usage message.
      return error.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
    }
    const s = session ?? new Session(ctx, {});
    const debug = s.global.debug === true || argv.includes('--debug');
    const { exitCode: code, lines } = formatError(error, { debug, redactor: s.redactor });
    for (const line of lines) ctx.stderr.write(`${line}\n`);
    return code;
  }
}
