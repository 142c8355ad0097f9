/**
 * The user config file: credentials per profile and a cached access token.
 *
 * Location: `--config <path>`, else `$ZOHO_BULK_CONFIG`, else `$XDG_CONFIG_HOME/zoho-bulk/config.json`,
 * else `~/.config/zoho-bulk/config.json`. It holds a client secret and a refresh token, so it is
 * written with mode 0600 inside a directory created with mode 0700, atomically (temp file + rename).
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './atomic-write.js';
import { CliError, ExitCode } from './exit-codes.js';

const cachedTokenSchema = z.looseObject({
  accessToken: z.string(),
  apiDomain: z.string().optional(),
  /** Epoch ms after which the token must not be used. */
  expiresAt: z.number(),
  /** Which credentials minted it (a hash, see file-token-store.ts). */
  credentialId: z.string(),
});

const profileSchema = z.looseObject({
  dataCenter: z.string().optional(),
  apiDomain: z.string().optional(),
  accountsDomain: z.string().optional(),
  uploadDomain: z.string().optional(),
  orgId: z.string().optional(),
  apiVersion: z.string().optional(),
  clientId: z.string().optional(),
  clientSecret: z.string().optional(),
  refreshToken: z.string().optional(),
  token: cachedTokenSchema.optional(),
});

const configFileSchema = z.looseObject({
  version: z.literal(1).optional(),
  profiles: z.record(z.string(), profileSchema).optional(),
});

export type CachedToken = z.infer<typeof cachedTokenSchema>;
export type ProfileConfig = z.infer<typeof profileSchema>;
export interface ConfigFile {
  version: 1;
  profiles: Record<string, ProfileConfig>;
  [key: string]: unknown;
}

/** Mode of the config file: owner read/write only. */
export const CONFIG_FILE_MODE = 0o600;
/** Mode of a config directory the CLI creates: owner only. */
export const CONFIG_DIR_MODE = 0o700;

export interface ConfigPathInput {
  /** `--config <path>`. */
  flag?: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
  homedir: string;
}

/** Where the config file lives (see the module comment for the order). */
export function configFilePath({ flag, env, homedir }: ConfigPathInput): string {
  if (flag) return flag;
  if (env.ZOHO_BULK_CONFIG) return env.ZOHO_BULK_CONFIG;
  const base = env.XDG_CONFIG_HOME ? env.XDG_CONFIG_HOME : join(homedir, '.config');
  return join(base, 'zoho-bulk', 'config.json');
}

export function emptyConfig(): ConfigFile {
  return { version: 1, profiles: {} };
}

/** Reads the config file; a missing file is an empty config, a malformed one a usage error. */
export async function readConfigFile(path: string): Promise<ConfigFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyConfig();
    throw new CliError(`Cannot read config file ${path}: ${(error as Error).message}`, {
      exitCode: ExitCode.USAGE,
      cause: error,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CliError(`Config file ${path} is not valid JSON`, {
      exitCode: ExitCode.USAGE,
      hint: 'fix or delete it, then run `zoho-bulk auth login` again',
      cause: error,
    });
  }
  const parsed = configFileSchema.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
    throw new CliError(`Config file ${path} has an unexpected shape (at ${where})`, {
      exitCode: ExitCode.USAGE,
      hint: 'fix or delete it, then run `zoho-bulk auth login` again',
    });
  }
  return { ...parsed.data, version: 1, profiles: parsed.data.profiles ?? {} };
}

/** Writes the config atomically with mode 0600; a missing directory is created with mode 0700. */
export async function writeConfigFile(path: string, config: ConfigFile): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: CONFIG_DIR_MODE });
  await writeFileAtomic(path, `${JSON.stringify(config, null, 2)}\n`, CONFIG_FILE_MODE);
}

/** Read-modify-write of the config file. */
export async function updateConfigFile(
  path: string,
  update: (config: ConfigFile) => ConfigFile | undefined,
): Promise<ConfigFile> {
  const current = await readConfigFile(path);
  const next = update(current) ?? current;
  await writeConfigFile(path, next);
  return next;
}

/** The permission bits of the file, or undefined when it does not exist. */
export async function configFileMode(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).mode & 0o777;
  } catch {
    return undefined;
  }
}
