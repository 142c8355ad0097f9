import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  configFilePath,
  emptyConfig,
  readConfigFile,
  updateConfigFile,
  writeConfigFile,
} from '../../src/cli/config-file.js';
import { CliError } from '../../src/cli/exit-codes.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir('zoho-bulk-config-');
});

describe('configFilePath', () => {
  it('prefers --config, then ZOHO_BULK_CONFIG, then XDG_CONFIG_HOME, then ~/.config', () => {
    const env = { ZOHO_BULK_CONFIG: '/env/c.json', XDG_CONFIG_HOME: '/xdg' };
    expect(configFilePath({ flag: '/flag/c.json', env, homedir: '/home/u' })).toBe('/flag/c.json');
    expect(configFilePath({ env, homedir: '/home/u' })).toBe('/env/c.json');
    expect(configFilePath({ env: { XDG_CONFIG_HOME: '/xdg' }, homedir: '/home/u' })).toBe(
      '/xdg/zoho-bulk/config.json',
    );
    expect(configFilePath({ env: {}, homedir: '/home/u' })).toBe('/home/u/.config/zoho-bulk/config.json');
  });
});

describe('config file', () => {
  it('is written with mode 0600 in a directory created with mode 0700', async () => {
    const path = join(dir, 'nested', 'zoho-bulk', 'config.json');
    const config = emptyConfig();
    config.profiles.default = { clientId: 'id', clientSecret: 'secret', refreshToken: 'refresh' };
    await writeConfigFile(path, config);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'nested', 'zoho-bulk'))).mode & 0o777).toBe(0o700);
    expect(await readConfigFile(path)).toEqual(config);
  });

  it('resets a wider mode to 0600 when rewritten, and leaves no temp file', async () => {
    const path = join(dir, 'config.json');
    await writeFile(path, JSON.stringify({ version: 1, profiles: {} }), { mode: 0o644 });
    await updateConfigFile(path, (c) => {
      c.profiles.p = { dataCenter: 'eu' };
      return c;
    });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['config.json']);
    expect((await readConfigFile(path)).profiles.p).toEqual({ dataCenter: 'eu' });
  });

  it('reads a missing file as an empty config', async () => {
    expect(await readConfigFile(join(dir, 'missing.json'))).toEqual({ version: 1, profiles: {} });
  });

  it('keeps unknown keys (a newer version may add some)', async () => {
    const path = join(dir, 'config.json');
    await writeFile(
      path,
      JSON.stringify({ version: 1, extra: true, profiles: { a: { clientId: 'x', future: 1 } } }),
    );
    const c = await readConfigFile(path);
    expect(c.extra).toBe(true);
    expect(c.profiles.a).toEqual({ clientId: 'x', future: 1 });
  });

  it('refuses malformed files with a usage error that holds no file content', async () => {
    const path = join(dir, 'config.json');
    await writeFile(path, '{"profiles": {"a": {"clientSecret": "s3cr3t-value", ');
    const error = await readConfigFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    expect((error as CliError).message).not.toContain('s3cr3t');

    await writeFile(path, JSON.stringify({ profiles: { a: { clientSecret: 42 } } }));
    const shape = await readConfigFile(path).catch((e: unknown) => e);
    expect((shape as CliError).message).toContain('profiles.a.clientSecret');
  });

  it('stores what it is given as JSON', async () => {
    const path = join(dir, 'config.json');
    await writeConfigFile(path, { version: 1, profiles: { x: { orgId: '1' } } });
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ version: 1, profiles: { x: { orgId: '1' } } });
  });
});
