import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Db, UserRow } from './db.ts';

const digest = (token: string) => createHash('sha256').update(token).digest();

/**
 * A hash of a password nobody has, checked when the address is unknown, so that an unknown
 * address takes as long to refuse as a wrong password.
 */
let decoyHash: Promise<string> | undefined;
const decoy = () => {
  decoyHash ??= hash(randomBytes(32).toString('base64url'));
  return decoyHash;
};

/** Signs a user in by address and password; a bearer token on success, null otherwise. */
export async function signIn(db: Db, email: string, password: string): Promise<string | null> {
  const { rows } = await db.query<UserRow>('select * from users where email = $1', [
    email.trim().toLowerCase(),
  ]);
  const user = rows[0];
  const matches = await verify(user?.password_hash ?? (await decoy()), password).catch(() => false);
  if (!user || !matches) return null;
  return openSession(db, user.id);
}

/** A new session: the token goes to the client, its SHA-256 digest to the database. */
export async function openSession(db: Db, userId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.query('insert into sessions (token_digest, user_id) values ($1, $2)', [
    digest(token),
    userId,
  ]);
  return token;
}

/** The user a bearer token belongs to, or null. */
export async function userOfToken(db: Db, token: string): Promise<UserRow | null> {
  const { rows } = await db.query<UserRow>(
    `select users.* from sessions join users on users.id = sessions.user_id
     where sessions.token_digest = $1`,
    [digest(token)],
  );
  return rows[0] ?? null;
}
