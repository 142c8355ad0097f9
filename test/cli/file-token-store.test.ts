import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { readConfigFile, writeConfigFile } from '../../src/cli/config-file.js';
import { credentialId, FileTokenStore } from '../../src/cli/file-token-store.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let path: string;
const id = credentialId({ accountsDomain: 'https://accounts.zoho.eu', clientId: 'c', refreshToken: 'r' });
beforeEach(async () => {
  path = join(await makeTempDir('zoho-bulk-store-'), 'config.json');
});

describe('FileTokenStore', () => {
  it('round-trips a token, keeps the profile and writes the file 0600', async () => {
    await writeConfigFile(path, { version: 1, profiles: { p: { clientId: 'c', dataCenter: 'eu' } } });
    const store = new FileTokenStore({ path, profile: 'p', credentialId: id, now: () => 1_000 });
    expect(await store.get()).toBeUndefined();
    await store.set({ accessToken: 'tok', apiDomain: 'https://www.zohoapis.eu', expiresAt: 5_000 });
    expect(await store.get()).toEqual({
      accessToken: 'tok',
      apiDomain: 'https://www.zohoapis.eu',
      expiresAt: 5_000,
    });
    const file = await readConfigFile(path);
    expect(file.profiles.p).toEqual({
      clientId: 'c',
      dataCenter: 'eu',
      token: { accessToken: 'tok', apiDomain: 'https://www.zohoapis.eu', expiresAt: 5_000, credentialId: id },
    });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('shares the token between two stores (two CLI runs)', async () => {
    await new FileTokenStore({ path, profile: 'p', credentialId: id, now: () => 0 }).set({
      accessToken: 'a',
      expiresAt: 10,
    });
    expect(await new FileTokenStore({ path, profile: 'p', credentialId: id, now: () => 5 }).get()).toEqual({
      accessToken: 'a',
      expiresAt: 10,
    });
  });

  it('ignores a token minted for other credentials, or expired', async () => {
    await new FileTokenStore({ path, profile: 'p', credentialId: id, now: () => 0 }).set({
      accessToken: 'a',
      expiresAt: 10,
    });
    const other = credentialId({
      accountsDomain: 'https://accounts.zoho.eu',
      clientId: 'c',
      refreshToken: 'other',
    });
    expect(other).not.toBe(id);
    expect(
      await new FileTokenStore({ path, profile: 'p', credentialId: other, now: () => 0 }).get(),
    ).toBeUndefined();
    expect(
      await new FileTokenStore({ path, profile: 'p', credentialId: id, now: () => 10 }).get(),
    ).toBeUndefined();
    expect(
      await new FileTokenStore({ path, profile: 'q', credentialId: id, now: () => 0 }).get(),
    ).toBeUndefined();
  });

  it('reports a cache that cannot be written instead of failing the command', async () => {
    const errors: unknown[] = [];
    await writeConfigFile(path, { version: 1, profiles: {} });
    const store = new FileTokenStore({
      // A directory that cannot exist: its parent is a regular file (ENOTDIR).
      path: join(path, 'sub', 'config.json'),
      profile: 'p',
      credentialId: id,
      onWriteError: (e) => errors.push(e),
    });
    await store.set({ accessToken: 'a', expiresAt: 10 });
    expect(errors).toHaveLength(1);
  });

  it('derives credential ids that never contain the secrets', () => {
    const secretId = credentialId({
      accountsDomain: 'x',
      clientId: 'client',
      refreshToken: '1000.refresh.secret',
    });
    expect(secretId).toMatch(/^[0-9a-f]{16}$/);
  });
});
