/**
 * `zoho-bulk auth login|status|logout`: trade a Self Client grant code for a refresh token and keep
 * it in the config file (mode 0600); show what is configured without ever printing a secret.
 */
import type { Command } from 'commander';
import { exchangeGrantCode } from '../../auth/exchange-grant-code.js';
import type { CliConfig, ConfigSource } from '../config.js';
import { configFileMode, type ProfileConfig, updateConfigFile } from '../config-file.js';
import { REQUIRED_SCOPES } from '../errors.js';
import { CliError, ExitCode, usageError } from '../exit-codes.js';
import { credentialId } from '../file-token-store.js';
import { maskId } from '../redact.js';
import type { Session } from '../session.js';
import type { ActionFactory } from './action.js';

export interface LoginFlags {
  clientId?: string;
  clientSecret?: string;
  code: string;
  redirectUri?: string;
}

const explicit = (source: ConfigSource): boolean => source === 'flag' || source === 'env';

export async function login(session: Session, flags: LoginFlags): Promise<void> {
  const { ctx } = session;
  const clientId = flags.clientId ?? ctx.env.ZOHO_CLIENT_ID;
  const clientSecret = flags.clientSecret ?? ctx.env.ZOHO_CLIENT_SECRET;
  session.redactor.add(clientSecret);
  session.redactor.add(flags.code);
  if (!clientId) throw usageError('auth login needs --client-id (or ZOHO_CLIENT_ID)');
  if (!clientSecret) throw usageError('auth login needs --client-secret (or ZOHO_CLIENT_SECRET)');
  const config = await session.config();

  const tokens = await exchangeGrantCode({
    clientId,
    clientSecret,
    code: flags.code,
    accountsDomain: config.accountsDomain,
    dataCenter: config.dataCenter,
    redirectUri: flags.redirectUri,
    signal: ctx.signal,
  });
  session.redactor.add(tokens.refreshToken);
  session.redactor.add(tokens.accessToken);

  const profile: ProfileConfig = {
    dataCenter: config.dataCenter,
    clientId,
    clientSecret,
    refreshToken: tokens.refreshToken,
    token: {
      accessToken: tokens.accessToken,
      expiresAt: ctx.now() + tokens.expiresIn * 1000,
      credentialId: credentialId({
        accountsDomain: config.accountsDomain,
        clientId,
        refreshToken: tokens.refreshToken,
      }),
      ...(tokens.apiDomain === undefined ? {} : { apiDomain: tokens.apiDomain }),
    },
  };
  // Origins chosen explicitly for this login are kept with the profile.
  if (explicit(config.sources.accountsDomain)) profile.accountsDomain = config.accountsDomain;
  if (config.apiDomain !== undefined && explicit(config.sources.apiDomain))
    profile.apiDomain = config.apiDomain;
  if (config.uploadDomain !== undefined && explicit(config.sources.uploadDomain))
    profile.uploadDomain = config.uploadDomain;
  if (config.orgId !== undefined && explicit(config.sources.orgId)) profile.orgId = config.orgId;
  if (config.apiVersion !== undefined && explicit(config.sources.apiVersion))
    profile.apiVersion = config.apiVersion;

  await updateConfigFile(session.configPath, (file) => {
    file.profiles[config.profile] = profile;
    return file;
  });
  session.out(
    `Logged in: profile '${config.profile}', data centre ${config.dataCenter}, client ${maskId(clientId)}`,
  );
  if (tokens.apiDomain) session.out(`API domain: ${tokens.apiDomain}`);
  session.out(`Credentials saved to ${session.configPath} (mode 600)`);
}

function describeSource(source: ConfigSource): string {
  return source === 'env' ? 'environment' : source === 'file' ? 'config file' : source;
}

function expiry(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  return minutes >= 1 ? `in ${minutes} min` : 'in less than a minute';
}

/** Lines of `auth status`; no secret is ever part of them. Returns whether credentials are usable. */
export async function statusLines(
  session: Session,
): Promise<{ lines: string[]; ok: boolean; config: CliConfig }> {
  const config = await session.config();
  const file = await session.readConfigFile();
  const profile = file.profiles[config.profile];
  const mode = await configFileMode(session.configPath);
  const lines: string[] = [];
  lines.push(`Profile: ${config.profile}`);
  lines.push(
    `Config file: ${session.configPath}${mode === undefined ? ' (not created yet)' : ` (mode ${mode.toString(8).padStart(3, '0')})`}`,
  );
  if (mode !== undefined && (mode & 0o077) !== 0) {
    lines.push(`  Warning: the config file is readable by others; run: chmod 600 ${session.configPath}`);
  }
  lines.push(`Data centre: ${config.dataCenter} (${describeSource(config.sources.dataCenter)})`);
  lines.push(`Accounts server: ${config.accountsDomain}`);
  if (config.apiDomain)
    lines.push(`API domain: ${config.apiDomain} (${describeSource(config.sources.apiDomain)})`);
  if (config.uploadDomain)
    lines.push(`Upload domain: ${config.uploadDomain} (${describeSource(config.sources.uploadDomain)})`);
  if (config.apiVersion) lines.push(`API version: ${config.apiVersion}`);
  const { auth } = config;
  if (auth.kind === 'static') {
    lines.push('Auth: static access token from ZOHO_ACCESS_TOKEN (not refreshed; lives 1 hour)');
    return { lines, ok: true, config };
  }
  if (auth.kind === 'none') {
    lines.push(`Auth: not configured (missing ${auth.missing.join(', ')})`);
    lines.push('  Run: zoho-bulk auth login --client-id … --client-secret … --code …');
    return { lines, ok: false, config };
  }
  lines.push(`Client id: ${maskId(auth.clientId)} (${describeSource(auth.source.clientId)})`);
  lines.push(`Client secret: set (${describeSource(auth.source.clientSecret)})`);
  lines.push(`Refresh token: set (${describeSource(auth.source.refreshToken)})`);
  const token = profile?.token;
  const id = credentialId({
    accountsDomain: config.accountsDomain,
    clientId: auth.clientId,
    refreshToken: auth.refreshToken,
  });
  const now = session.ctx.now();
  if (!token || token.credentialId !== id) {
    lines.push('Cached access token: none');
  } else if (token.expiresAt <= now) {
    lines.push(`Cached access token: expired at ${new Date(token.expiresAt).toISOString()}`);
  } else {
    lines.push(
      `Cached access token: valid until ${new Date(token.expiresAt).toISOString()} (${expiry(token.expiresAt - now)})`,
    );
  }
  return { lines, ok: true, config };
}

const LOGIN_HELP = `
Create a grant code in the Zoho API console (Self Client → Generate Code) with the scopes
  ${REQUIRED_SCOPES}
and use it within its lifetime (a few minutes; it works once). Give --dc for orgs outside the US.
The client secret may come from ZOHO_CLIENT_SECRET instead of the flag (keeps it out of shell history).

Example:
  $ zoho-bulk auth login --dc eu --client-id 1000.XXXX --client-secret … --code 1000.abc….def…
`;

export function registerAuth(program: Command, action: ActionFactory): void {
  const auth = program
    .command('auth')
    .description('log in with a grant code, show or remove saved credentials')
    .addHelpText(
      'after',
      '\nExamples:\n  $ zoho-bulk auth login --dc eu --client-id … --client-secret … --code …\n  $ zoho-bulk auth status\n',
    );

  auth
    .command('login')
    .description('exchange a Self Client grant code for a refresh token and save it')
    .option('--client-id <id>', 'OAuth client id (or ZOHO_CLIENT_ID)')
    .option('--client-secret <secret>', 'OAuth client secret (or ZOHO_CLIENT_SECRET)')
    .requiredOption('--code <grant-code>', 'grant code from the Zoho API console')
    .option('--redirect-uri <uri>', 'only for codes from a redirect-based client')
    .addHelpText('after', LOGIN_HELP)
    .action(
      action<LoginFlags>(async (session, _args, flags) => {
        await login(session, flags);
        return ExitCode.OK;
      }),
    );

  auth
    .command('status')
    .description('show the data centre, client id (masked) and token state; never a secret')
    .addHelpText(
      'after',
      '\nExit code 4 when no credentials are configured.\n\nExample:\n  $ zoho-bulk auth status --profile eu-prod\n',
    )
    .action(
      action(async (session) => {
        const { lines, ok } = await statusLines(session);
        for (const line of lines) session.out(line);
        return ok ? ExitCode.OK : ExitCode.AUTH;
      }),
    );

  auth
    .command('logout')
    .description("remove the profile's saved credentials and cached token from the config file")
    .addHelpText(
      'after',
      '\nThe refresh token stays valid at Zoho until revoked in the API console.\n\nExample:\n  $ zoho-bulk auth logout --profile default\n',
    )
    .action(
      action(async (session) => {
        const profile = session.profile;
        const file = await session.readConfigFile();
        if (!file.profiles[profile]) {
          throw new CliError(`No saved profile '${profile}' in ${session.configPath}`, {
            exitCode: ExitCode.USAGE,
          });
        }
        await updateConfigFile(session.configPath, (config) => {
          delete config.profiles[profile];
          return config;
        });
        session.out(`Removed profile '${profile}' from ${session.configPath}`);
        return ExitCode.OK;
      }),
    );
}
