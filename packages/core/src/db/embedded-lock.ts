import { closeSync, constants, existsSync, openSync } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Which Guestlist runs a cluster. The process that starts PostgreSQL holds `<cluster>.lock`
 * open for as long as it runs it, and is the postmaster's parent. When that process dies
 * (SIGKILL, a crash), the kernel closes the file and hands the postmaster to init or to a
 * subreaper (systemd, a container's init): either way its new parent does not hold the file.
 * So "the postmaster's parent holds the lock file open" tells a live owner from a dead one,
 * with nothing recorded that could go stale, and no guess about who adopts orphans.
 */
export function lockFileOf(databaseDir: string): string {
  return `${databaseDir}.lock`;
}

/**
 * Opens the lock file and keeps it open until `release`. Never through a link: root would
 * create whatever file a link in its place named (an empty `/etc/nologin` is enough harm).
 */
export function holdLock(databaseDir: string): { release(): void } {
  const { O_WRONLY, O_APPEND, O_CREAT, O_NOFOLLOW } = constants;
  const fd = openSync(lockFileOf(databaseDir), O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW, 0o600);
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      closeSync(fd);
    },
  };
}

interface ProcStat {
  command: string;
  parent: number;
}

async function procStat(pid: number): Promise<ProcStat | null> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (text === null) return null;
  // "pid (command) state ppid ...": the command may hold spaces and parentheses.
  const close = text.lastIndexOf(')');
  const command = text.slice(text.indexOf('(') + 1, close);
  const parent = Number(text.slice(close + 2).split(' ')[1]);
  return { command, parent };
}

/** Whether postmaster `pid` was started on `databaseDir` (`postgres -D <dir> ...`). */
async function servesDirectory(pid: number, databaseDir: string): Promise<boolean> {
  const args = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
  const given = args[args.indexOf('-D') + 1];
  if (!args.includes('-D') || !given) return false;
  const real = (dir: string) => realpath(dir).catch(() => dir);
  return (await real(given)) === (await real(databaseDir));
}

/** Whether process `pid` has the file open. False when its descriptors cannot be read. */
async function holdsOpen(pid: number, file: { dev: number; ino: number }): Promise<boolean> {
  const dir = `/proc/${pid}/fd`;
  const fds = await readdir(dir).catch(() => []);
  const targets = await Promise.all(fds.map((fd) => stat(path.join(dir, fd)).catch(() => null)));
  return targets.some((target) => target?.dev === file.dev && target.ino === file.ino);
}

/**
 * A postmaster left running by a Guestlist that was killed still holds the data directory:
 * stop it so that this start can take over. One whose parent is a live Guestlist holding the
 * lock is in use: refuse to start beside it.
 */
export async function stopOrphan(databaseDir: string): Promise<void> {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  const postmaster = await procStat(pid);
  // Not running, or the pid now belongs to another program or another cluster (a pid file
  // copied with the directory): PostgreSQL judges its own stale pid file, and nothing else is
  // stopped.
  if (postmaster === null || postmaster.command !== 'postgres') return;
  if (!(await servesDirectory(pid, databaseDir))) return;
  const lock = await stat(lockFileOf(databaseDir)).catch(() => null);
  const inUse =
    lock === null
      ? // Last run by a Guestlist from before the lock file, which holds none: only a
        // postmaster that init adopted is known to be orphaned.
        postmaster.parent !== 1
      : await holdsOpen(postmaster.parent, lock);
  if (inUse) {
    throw new Error(
      `${databaseDir} is in use by another running Guestlist (process ${postmaster.parent}, postgres pid ${pid})`,
    );
  }
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && existsSync(pidFile); i++) await sleep(100);
}
