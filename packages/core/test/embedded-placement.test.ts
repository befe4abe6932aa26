import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import {
  chmod,
  chown,
  lchown,
  mkdir,
  mkdtemp,
  realpath,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { placeCluster } from '../src/db/embedded-placement.ts';

/**
 * Under root, where the cluster cannot be placed for the `postgres` account, the start stops
 * with one sentence saying what to do. (The start that succeeds is apps/server's
 * start-as-root test.)
 */

const asRoot = process.getuid?.() === 0;
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

describe.skipIf(!asRoot)('placing the embedded cluster under root', () => {
  it('says what to do, in one sentence, when neither DATA_DIR nor the system directory will do', async () => {
    const home = await mkdtemp(path.join(tmpdir(), 'guestlist-placement-'));
    dirs.push(home);
    await chmod(home, 0o700);
    const dataDir = path.join(home, '.guestlist');
    await mkdir(dataDir);
    // A file where the system directory would be made: nothing can be created under it.
    const blocked = path.join(home, 'not-a-directory');
    await writeFile(blocked, '');
    const placing = placeCluster(path.join(dataDir, 'postgres'), path.join(blocked, 'guestlist'));
    await expect(placing).rejects.toThrow(
      new RegExp(
        `^the embedded PostgreSQL runs as the \`postgres\` account, which cannot reach ${dataDir}, .*: set DATA_DIR to a directory that account can reach, or DATABASE_URL to a PostgreSQL of your own$`,
      ),
    );
  });

  it('leaves a cluster the postgres account already reaches where it is', async () => {
    const open = await mkdtemp(path.join(tmpdir(), 'guestlist-placement-'));
    dirs.push(open);
    await chmod(open, 0o755);
    const cluster = path.join(open, 'postgres');
    const placement = await placeCluster(cluster, path.join(open, 'unused'));
    expect(placement.databaseDir).toBe(cluster);
    expect(placement.movedData).toBe(false);
  });
});

/**
 * What another local account prepares for root to find: a system directory of its own (with a
 * link to a directory of root's in it), or a link in DATA_DIR. Root must change nothing
 * through either, and run nothing from them.
 */
describe.skipIf(!asRoot)('placing the embedded cluster among what others prepared', () => {
  const nobody = 65534;

  async function privateDataDir(): Promise<string> {
    const home = await mkdtemp(path.join(tmpdir(), 'guestlist-placement-'));
    dirs.push(home);
    await chmod(home, 0o700);
    const dataDir = path.join(home, '.guestlist');
    await mkdir(dataDir);
    return dataDir;
  }

  async function rootDir(): Promise<string> {
    const base = await mkdtemp(path.join(tmpdir(), 'guestlist-system-'));
    dirs.push(base);
    await chmod(base, 0o755);
    return base;
  }

  it('refuses a system directory another account owns, changing no mode through its links', async () => {
    const dataDir = await privateDataDir();
    const base = await rootDir();
    const victim = path.join(base, 'victim');
    await mkdir(victim, { mode: 0o700 });
    const systemDir = path.join(base, 'system');
    await mkdir(path.join(systemDir, 'clusters'), { recursive: true });
    const id = createHash('sha256')
      .update(await realpath(dataDir))
      .digest('hex')
      .slice(0, 16);
    await symlink(victim, path.join(systemDir, 'clusters', id));
    for (const made of [systemDir, path.join(systemDir, 'clusters')])
      await chown(made, nobody, nobody);
    await lchown(path.join(systemDir, 'clusters', id), nobody, nobody);

    await expect(placeCluster(path.join(dataDir, 'postgres'), systemDir)).rejects.toThrow(
      /^the embedded PostgreSQL will not use .*system: it belongs to another account \(uid 65534\); remove it/,
    );
    expect((await stat(victim)).mode & 0o777).toBe(0o700);
  });

  it('refuses a link in DATA_DIR to anywhere but a cluster it placed, creating nothing there', async () => {
    const dataDir = await privateDataDir();
    const base = await rootDir();
    const elsewhere = path.join(base, 'elsewhere');
    await symlink(path.join(elsewhere, 'postgres'), path.join(dataDir, 'postgres'));

    await expect(
      placeCluster(path.join(dataDir, 'postgres'), path.join(base, 'system')),
    ).rejects.toThrow(/^the embedded PostgreSQL will not use .*: it is a link to .*elsewhere/);
    expect(existsSync(elsewhere)).toBe(false);
  });

  it('finds the cluster it moved through the link it left, start after start', async () => {
    const dataDir = await privateDataDir();
    const systemDir = path.join(await rootDir(), 'system');
    const first = await placeCluster(path.join(dataDir, 'postgres'), systemDir);
    expect(first.movedData).toBe(true);
    const again = await placeCluster(path.join(dataDir, 'postgres'), systemDir);
    expect(again.databaseDir).toBe(first.databaseDir);
  });
});
