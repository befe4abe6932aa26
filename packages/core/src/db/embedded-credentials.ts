import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { chmod, readFile, rename, rm, writeFile } from 'node:fs/promises';

/**
 * Who connects to an embedded cluster, and with what. The bootstrap superuser only sets the
 * cluster up; the application connects as a role that owns its database and nothing more, so
 * that a hole in the application cannot run programs on the machine (`COPY ... PROGRAM`).
 */
export const SUPERUSER = 'guestlist';
export const APP_ROLE = 'guestlist_app';
/** Named like the superuser, which makes it the database `psql -U guestlist` opens. */
export const APP_DATABASE = 'guestlist';

/** The two roles' passwords: random, made on the cluster's first start, kept in a private file. */
export interface Credentials {
  superuser: string;
  app: string;
}

export function generateCredentials(): Credentials {
  // base64url: no character that the password file or a URL would have to escape.
  const password = () => randomBytes(32).toString('base64url');
  return { superuser: password(), app: password() };
}

/**
 * Where the passwords are kept: beside the cluster, in libpq's password file format, so that
 * an operator can run `PGPASSFILE=<file> psql -h 127.0.0.1 -p <port> -U guestlist`.
 */
export function credentialsFileOf(databaseDir: string): string {
  return `${databaseDir}.pgpass`;
}

const LINE = /^127\.0\.0\.1:\*:\*:([^:\s]+):([A-Za-z0-9_-]{32,})$/;

/** The stored passwords, or null when there are none (a new cluster, or one made before them). */
export async function readCredentials(file: string): Promise<Credentials | null> {
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return null;
  const byRole = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = LINE.exec(line.trim());
    if (match) byRole.set(match[1]!, match[2]!);
  }
  const superuser = byRole.get(SUPERUSER);
  const app = byRole.get(APP_ROLE);
  return superuser && app ? { superuser, app } : null;
}

/** Written whole or not at all (a crash leaves the previous file), readable by its owner only. */
export async function writeCredentials(file: string, credentials: Credentials): Promise<void> {
  const text = [
    `127.0.0.1:*:*:${SUPERUSER}:${credentials.superuser}`,
    `127.0.0.1:*:*:${APP_ROLE}:${credentials.app}`,
    '',
  ].join('\n');
  const temporary = `${file}.${process.pid}.tmp`;
  // A fresh file (`wx`), never one a link in its place leads to: the passwords go nowhere else.
  await rm(temporary, { force: true });
  await writeFile(temporary, text, { mode: 0o600, flag: 'wx' });
  await chmod(temporary, 0o600);
  await rename(temporary, file);
}

/**
 * The SCRAM-SHA-256 verifier of a password, as PostgreSQL stores it (RFC 5802, 4096 rounds).
 * Roles are given this rather than the password, so that no statement, and no log line an
 * error might make of one, holds a password.
 */
export function scramVerifier(password: string): string {
  const salt = randomBytes(16);
  const iterations = 4096;
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

export function connectionUrl(
  user: string,
  password: string,
  port: number,
  database: string,
): string {
  return `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}
