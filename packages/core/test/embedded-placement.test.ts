import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
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
