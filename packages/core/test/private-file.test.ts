import { lstat, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeCredentials } from '../src/db/embedded-credentials.ts';
import { holdLock } from '../src/db/embedded-lock.ts';
import { resolveSecretKey, writePrivateFile } from '../src/runtime.ts';

/**
 * The generated secret key and admin key go into DATA_DIR. A link planted there (by whoever
 * could write to it, before the first start) must not carry them into a file of that
 * account's choosing, nor have root truncate one.
 */

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'guestlist-private-'));
  dirs.push(dir);
  return dir;
}

describe('writing a private file', () => {
  it('replaces a link in its place instead of writing through it', async () => {
    const dir = await dataDir();
    const bait = path.join(dir, 'bait');
    await writeFile(bait, 'theirs\n', { mode: 0o644 });
    await symlink(bait, path.join(dir, 'admin-api-key'));

    await writePrivateFile(path.join(dir, 'admin-api-key'), 'gl_admin_secret\n');

    expect(await readFile(bait, 'utf8')).toBe('theirs\n');
    const written = await lstat(path.join(dir, 'admin-api-key'));
    expect(written.isFile()).toBe(true);
    expect(written.mode & 0o777).toBe(0o600);
  });

  it('creates nothing where a dangling link in place of the secret key points', async () => {
    const dir = await dataDir();
    const target = path.join(dir, 'elsewhere');
    await symlink(target, path.join(dir, 'secret-key'));

    const { secretKey, generated } = await resolveSecretKey(undefined, dir);

    expect(generated).toBe(true);
    await expect(lstat(target)).rejects.toThrow(/ENOENT/);
    expect((await readFile(path.join(dir, 'secret-key'), 'utf8')).trim()).toBe(secretKey);
  });

  it("writes the cluster's passwords through no link left where it stages them", async () => {
    const dir = await dataDir();
    const bait = path.join(dir, 'bait');
    await writeFile(bait, 'theirs\n', { mode: 0o644 });
    const file = path.join(dir, 'postgres.pgpass');
    await symlink(bait, `${file}.${process.pid}.tmp`);

    await writeCredentials(file, { superuser: 'su-password', app: 'app-password' });

    expect(await readFile(bait, 'utf8')).toBe('theirs\n');
    expect(await readFile(file, 'utf8')).toContain('su-password');
  });
});

describe("the embedded cluster's lock file", () => {
  it('is not created through a link left in its place', async () => {
    const dir = await dataDir();
    const target = path.join(dir, 'nologin');
    await symlink(target, path.join(dir, 'postgres.lock'));

    expect(() => holdLock(path.join(dir, 'postgres'))).toThrow(/ELOOP/);
    await expect(lstat(target)).rejects.toThrow(/ENOENT/);
  });
});
