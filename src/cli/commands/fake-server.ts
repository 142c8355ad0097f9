/**
 * `zoho-bulk fake-server`: FakeZoho over HTTP on 127.0.0.1, with the environment variables that
 * point the CLI at it, until SIGINT/SIGTERM. The credentials it prints are the fake's own.
 */
import type { Command } from 'commander';
import type { FakeView, FakeZohoOptions } from '../../testing/index.js';
import { FakeZoho } from '../../testing/index.js';
import { ExitCode, usageError } from '../exit-codes.js';
import { collect, parseCount, parseDuration, parseList, parsePair } from '../parse-values.js';
import type { ActionFactory } from './action.js';

export interface FakeServerFlags {
  port?: string;
  host?: string;
  records?: string;
  latency?: string;
  seed?: string;
  pageSize?: string;
  view?: string[];
}

/** `Contacts=250000,Leads=50_000` → `{ Contacts: { records: 250000 }, Leads: { records: 50000 } }`. */
export function parseModuleCounts(value: string): Record<string, { records: number }> {
  const modules: Record<string, { records: number }> = {};
  for (const item of parseList(value)) {
    const [name, count] = parsePair(item, '--records', 'Module=count');
    modules[name] = { records: parseCount(count, `--records ${name}`) };
  }
  if (Object.keys(modules).length === 0) throw usageError('--records names no module');
  return modules;
}

export function fakeOptions(flags: FakeServerFlags): FakeZohoOptions {
  const options: FakeZohoOptions = {};
  if (flags.records !== undefined) options.modules = parseModuleCounts(flags.records);
  options.jobLatency = flags.latency === undefined ? 1000 : parseDuration(flags.latency, '--latency');
  if (flags.seed !== undefined) options.seed = parseCount(flags.seed, '--seed');
  if (flags.pageSize !== undefined) options.pageSize = parseCount(flags.pageSize, '--page-size');
  if (flags.view) {
    const views: Record<string, FakeView> = {};
    for (const item of flags.view) {
      const [cvid, module] = parsePair(item, '--view', 'cvid=Module');
      views[cvid] = { module };
    }
    options.views = views;
  }
  return options;
}

/** The shell lines that point zoho-bulk at a fake listening on `url`. */
export function fakeEnvLines(
  url: string,
  credentials: { clientId: string; clientSecret: string; refreshToken: string },
): string[] {
  return [
    `export ZOHO_API_DOMAIN=${url}`,
    `export ZOHO_ACCOUNTS_DOMAIN=${url}`,
    `export ZOHO_UPLOAD_DOMAIN=${url}`,
    `export ZOHO_CLIENT_ID=${credentials.clientId}`,
    `export ZOHO_CLIENT_SECRET=${credentials.clientSecret}`,
    `export ZOHO_REFRESH_TOKEN=${credentials.refreshToken}`,
    'export ZOHO_POLL_INTERVAL=250ms',
  ];
}

const HELP = `
Prints the environment that points zoho-bulk at the fake (FAKE credentials, safe to print),
then serves until Ctrl-C. Jobs finish --latency after creation (default 1s).

Examples:
  $ zoho-bulk fake-server --port 8787 --records Contacts=250000,Leads=50000 --latency 2s
  $ zoho-bulk fake-server --view 4876876000000087501=Leads     # a custom view for mass-update --cvid
`;

export function registerFakeServer(program: Command, action: ActionFactory): void {
  program
    .command('fake-server')
    .description('run FakeZoho (an in-memory Zoho CRM) on 127.0.0.1 for trying the CLI and tests')
    .option('--port <port>', 'TCP port (default: any free port)')
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--records <Module=count,…>', 'modules and record counts, e.g. Contacts=250000,Leads=50000')
    .option('--latency <duration>', 'how long each job runs, e.g. 2s', '1s')
    .option('--seed <n>', 'seed of the generated data')
    .option('--page-size <n>', 'records per bulk-read page (Zoho: 200000)')
    .option('--view <cvid=Module>', 'add a custom view (repeatable)', collect)
    .addHelpText('after', HELP)
    .action(
      action<FakeServerFlags>(async (session, _args, flags) => {
        const { ctx } = session;
        const fake = new FakeZoho(fakeOptions(flags));
        const port = flags.port === undefined ? 0 : parseCount(flags.port, '--port');
        const server = await fake.listen({ port, ...(flags.host === undefined ? {} : { host: flags.host }) });
        const counts = fake
          .modules()
          .map((m) => `${m}=${fake.count(m)}`)
          .join(', ');
        // Written directly, not through the redactor: these are the fake's credentials.
        ctx.stdout.write(`# FakeZoho listening on ${server.url} (${counts})\n`);
        ctx.stdout.write('# FAKE credentials, accepted only by this fake server:\n');
        for (const line of fakeEnvLines(server.url, fake.credentials)) ctx.stdout.write(`${line}\n`);
        ctx.stdout.write(
          `# grant code for \`zoho-bulk auth login --code …\` (single use, 3 minutes): ${fake.createGrantCode()}\n`,
        );
        session.note('Press Ctrl-C to stop.');
        if (!ctx.signal.aborted) {
          await new Promise<void>((resolve) =>
            ctx.signal.addEventListener('abort', () => resolve(), { once: true }),
          );
        }
        await server.close();
        session.note('FakeZoho stopped.');
        return ExitCode.OK;
      }),
    );
}
