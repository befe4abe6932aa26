import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';

/**
 * Under root, the system directory holds the cluster and the programs PostgreSQL runs from. A
 * directory another account made, or can write to, or a link it planted, would let that
 * account choose what root changes the mode or owner of, or which programs run: such a
 * directory is refused, never repaired.
 */
export class UntrustedDirectory extends Error {
  override name = 'UntrustedDirectory';
}

function refuse(dir: string, why: string): UntrustedDirectory {
  return new UntrustedDirectory(
    `the embedded PostgreSQL will not use ${dir}: ${why}; remove it (root makes it again) or set DATABASE_URL to a PostgreSQL of your own`,
  );
}

const WRITABLE_BY_OTHERS = 0o022;
const STICKY = 0o1000;

/** `dir` itself: a real directory (not a link), root's, that no other account can write to. */
export async function checkRootOwned(dir: string): Promise<void> {
  const stats = await lstat(dir);
  if (stats.isSymbolicLink()) throw refuse(dir, 'it is a link');
  if (!stats.isDirectory()) throw refuse(dir, 'it is not a directory');
  if (stats.uid !== 0) throw refuse(dir, `it belongs to another account (uid ${stats.uid})`);
  if ((stats.mode & WRITABLE_BY_OTHERS) !== 0) throw refuse(dir, 'other accounts can write to it');
}

/**
 * The directories above `dir`: root's, and writable by others only when sticky (`/tmp`), where
 * nobody can rename or replace what another account made.
 */
export async function checkAncestors(dir: string): Promise<void> {
  let at = await realpath(path.dirname(path.resolve(dir)));
  for (;;) {
    const stats = await lstat(at);
    if (stats.uid !== 0) throw refuse(dir, `${at} belongs to another account (uid ${stats.uid})`);
    if ((stats.mode & WRITABLE_BY_OTHERS) !== 0 && (stats.mode & STICKY) === 0)
      throw refuse(dir, `other accounts can write to ${at}`);
    const parent = path.dirname(at);
    if (parent === at) return;
    at = parent;
  }
}
