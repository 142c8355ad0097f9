/**
 * One CLI run: the global flags, the redactor every printed line goes through, the printer, the
 * resolved configuration and the client built from it.
 */
import type { Logger } from '../core/logger.js';
import type { BulkClientOptions } from '../core/options.js';
import type { CliClient } from './client-types.js';
import { type CliConfig, type ConfigFlags, profileName, resolveConfig } from './config.js';
import { type ConfigFile, configFilePath, readConfigFile } from './config-file.js';
import type { CliContext } from './context.js';
import { CliError, ExitCode } from './exit-codes.js';
import { credentialId, FileTokenStore } from './file-token-store.js';
import { formatLogEvent } from './log-format.js';
import { parseDuration } from './parse-values.js';
import { createProgress, type ProgressReporter } from './progress.js';
import { Redactor } from './redact.js';

export interface GlobalOptions extends ConfigFlags {
  config?: string | undefined;
  quiet?: boolean | undefined;
  verbose?: boolean | undefined;
  debug?: boolean | undefined;
  /** First poll interval, ms (parsed from a duration). */
  pollInterval?: number | undefined;
  /** Give up waiting for a job after this long, ms; 0 waits forever. */
  waitTimeout?: number | undefined;
}

export class Session {
  readonly redactor = new Redactor();
  readonly configPath: string;
  private configFile: ConfigFile | undefined;
  private resolved: CliConfig | undefined;
  /** The progress reporter on screen, so notes print above it. */
  private activeProgress: ProgressReporter | undefined;
  private readonly clients: CliClient[] = [];

  constructor(
    readonly ctx: CliContext,
    readonly global: GlobalOptions,
  ) {
    this.configPath = configFilePath({ flag: global.config, env: ctx.env, homedir: ctx.homedir });
    for (const name of ['ZOHO_CLIENT_SECRET', 'ZOHO_REFRESH_TOKEN', 'ZOHO_ACCESS_TOKEN']) {
      this.redactor.add(ctx.env[name]);
    }
  }

  get quiet(): boolean {
    return this.global.quiet === true;
  }

  /** Primary output of a command (job state, summaries) on stdout, redacted. */
  out(line = ''): void {
    this.ctx.stdout.write(`${this.redactor.redact(line)}\n`);
  }

  /** Informational line on stderr (suppressed by --quiet), printed above a progress bar. */
  note(line: string): void {
    if (this.quiet) return;
    this.stderrLine(line);
  }

  /** Warning on stderr, even with --quiet. */
  warn(line: string): void {
    this.stderrLine(`Warning: ${line}`);
  }

  private stderrLine(line: string): void {
    const clean = this.redactor.redact(line);
    if (this.activeProgress) this.activeProgress.log(clean);
    else this.ctx.stderr.write(`${clean}\n`);
  }

  /** A progress reporter on stderr: a bar only when stderr is a TTY and --quiet is off. */
  progress(label: string, unit = 'records'): ProgressReporter {
    const reporter = createProgress({
      stream: this.ctx.stderr,
      enabled: this.ctx.stderr.isTTY === true && !this.quiet,
      label,
      unit,
      now: () => this.ctx.now(),
    });
    this.activeProgress = reporter;
    const stop = reporter.stop.bind(reporter);
    reporter.stop = () => {
      stop();
      if (this.activeProgress === reporter) this.activeProgress = undefined;
    };
    return reporter;
  }

  async readConfigFile(): Promise<ConfigFile> {
    this.configFile ??= await readConfigFile(this.configPath);
    return this.configFile;
  }

  get profile(): string {
    return profileName(this.global, this.ctx.env);
  }

  /** Flags > environment > config file; every secret found is registered with the redactor. */
  async config(): Promise<CliConfig> {
    if (this.resolved) return this.resolved;
    const file = await this.readConfigFile();
    const profile = file.profiles[this.profile];
    this.redactor.add(profile?.clientSecret);
    this.redactor.add(profile?.refreshToken);
    this.redactor.add(profile?.token?.accessToken);
    this.resolved = resolveConfig(this.global, this.ctx.env, profile);
    return this.resolved;
  }

  /** BulkClient options for the resolved configuration (token cache on the config file). */
  async clientOptions(): Promise<BulkClientOptions> {
    const config = await this.config();
    const { auth } = config;
    if (auth.kind === 'none') {
      throw new CliError(`No Zoho credentials (missing ${auth.missing.join(', ')})`, {
        exitCode: ExitCode.AUTH,
        code: 'NO_CREDENTIALS',
        hint: 'run `zoho-bulk auth login --client-id … --client-secret … --code …`, or set ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET and ZOHO_REFRESH_TOKEN (or ZOHO_ACCESS_TOKEN)',
      });
    }
    const options: BulkClientOptions = {
      auth:
        auth.kind === 'static'
          ? auth.accessToken
          : { clientId: auth.clientId, clientSecret: auth.clientSecret, refreshToken: auth.refreshToken },
      dataCenter: config.dataCenter,
      accountsDomain: config.accountsDomain,
    };
    if (auth.kind === 'refresh') {
      options.tokenStore = new FileTokenStore({
        path: this.configPath,
        profile: config.profile,
        credentialId: credentialId({ ...auth, accountsDomain: config.accountsDomain }),
        now: () => this.ctx.now(),
        onWriteError: (error) => {
          if (this.global.verbose) this.note(`Could not cache the access token: ${(error as Error).message}`);
        },
      });
    }
    if (config.apiDomain !== undefined) options.apiDomain = config.apiDomain;
    if (config.uploadDomain !== undefined) options.uploadDomain = config.uploadDomain;
    if (config.apiVersion !== undefined) options.apiVersion = config.apiVersion;
    if (config.orgId !== undefined) options.orgId = config.orgId;
    const envPoll = this.ctx.env.ZOHO_POLL_INTERVAL;
    const interval =
      this.global.pollInterval ?? (envPoll ? parseDuration(envPoll, 'ZOHO_POLL_INTERVAL') : undefined);
    const poll: NonNullable<BulkClientOptions['poll']> = {};
    if (interval !== undefined) {
      poll.interval = interval;
      poll.maxInterval = Math.max(interval, Math.min(60_000, interval * 20));
    }
    if (this.global.waitTimeout !== undefined) poll.timeout = this.global.waitTimeout;
    if (Object.keys(poll).length > 0) options.poll = poll;
    const logger = this.logger();
    if (logger) options.logger = logger;
    return options;
  }

  /** With --verbose, a logger printing one line per request, retry and token refresh. */
  logger(): Logger | undefined {
    return this.global.verbose ? (event) => this.note(formatLogEvent(event)) : undefined;
  }

  /** The client for this run (closed by `close()`). */
  async client(): Promise<CliClient> {
    const client = await this.ctx.createClient(await this.clientOptions());
    this.clients.push(client);
    return client;
  }

  /** Releases what the run opened (keep-alive connections). */
  async close(): Promise<void> {
    await Promise.allSettled(this.clients.map(async (c) => c.close()));
    this.clients.length = 0;
  }
}
