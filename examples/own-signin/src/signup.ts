import { randomUUID } from 'node:crypto';
import { type GuestlistClient, isGuestlistError } from '@guestlist/sdk';
import { hash } from '@node-rs/argon2';
import { type Db, inTransaction, type UserRow } from './db.ts';

/** A sign-up this application refuses, with what to tell the person. */
export class SignUpRefused extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/**
 * What to tell a person whose code Guestlist refused. The codes are Guestlist's stable error
 * codes; the words are this application's.
 */
const REFUSALS: Record<string, [status: number, message: string]> = {
  INVITE_NOT_FOUND: [400, 'This invite code does not exist.'],
  // A namespace invite makes a collaborator in Guestlist; it opens no account here.
  INVITE_NOT_REDEEMABLE: [400, 'This invite is for a team in Guestlist, not for signing up here.'],
  INVITE_USED: [410, 'This invite code has already been used.'],
  INVITE_EXPIRED: [410, 'This invite code has expired. Ask for a new one.'],
  INVITE_CANCELED: [410, 'This invite was withdrawn.'],
  INVITE_DECLINED: [410, 'This invite was declined.'],
  INVITE_EMAIL_MISMATCH: [403, 'This invite was sent to another email address.'],
  INVITES_DISABLED: [403, 'Sign-up is paused. Try again later.'],
  RATE_LIMITED: [429, 'Too many attempts. Wait a minute and try again.'],
};

/** Guestlist's refusal as this application's, or the error itself when it is not one. */
function refusalOf(error: unknown): unknown {
  if (!isGuestlistError(error)) return error;
  const known = REFUSALS[error.code];
  return known ? new SignUpRefused(known[0], error.code, known[1]) : error;
}

export interface SignUpInput {
  email: string;
  password: string;
  inviteCode: string;
}

/**
 * Invite-only sign-up. The order matters:
 * 1. validate the code, so that a bad one is refused before anything is written or hashed;
 * 2. create the user, in a transaction still open, so that a taken address is refused before
 *    the invite is spent;
 * 3. redeem the invite for that user (`subject` = our user id), which is the one step that
 *    cannot be undone, so it is the last one that can fail;
 * 4. apply what the invite grants, and commit.
 * If the redemption is refused, the transaction rolls back and no user exists. Two people
 * racing for one single-use code: Guestlist lets exactly one redemption through (spec R6).
 */
export async function signUp(db: Db, guestlist: GuestlistClient, input: SignUpInput) {
  const email = input.email.trim().toLowerCase();
  await guestlist.invites.validate(input.inviteCode).catch((error: unknown) => {
    throw refusalOf(error);
  });
  const passwordHash = await hash(input.password);
  const id = randomUUID();
  return inTransaction(db, async (client) => {
    const inserted = await client.query(
      `insert into users (id, email, password_hash) values ($1, $2, $3)
       on conflict (email) do nothing`,
      [id, email, passwordHash],
    );
    if (inserted.rowCount === 0) {
      throw new SignUpRefused(409, 'EMAIL_TAKEN', 'An account with this email already exists.');
    }
    const { invite } = await guestlist.invites
      .redeem(input.inviteCode, { subject: id, email })
      .catch((error: unknown) => {
        throw refusalOf(error);
      });
    // Guestlist says what the invite grants; this application decides what that means here.
    const granted = await client.query<UserRow>(
      `update users set permissions = $2, groups = $3, invite_id = $4 where id = $1
       returning *`,
      [id, invite.permissions, invite.groups.map((group) => group.name), invite.id],
    );
    return granted.rows[0]!;
  });
}
