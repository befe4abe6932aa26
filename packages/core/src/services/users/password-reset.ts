import { generateSessionToken } from '../../domain/codes.ts';
import { normalizeEmail } from '../../domain/email.ts';
import { hashPassword } from '../../domain/passwords.ts';
import type { Actor } from '../../domain/principal.ts';
import type { AuthResult } from '../../domain/types.ts';
import { AccountTokenRepository } from '../../repositories/account-tokens.ts';
import { SessionRepository } from '../../repositories/sessions.ts';
import { UserRepository } from '../../repositories/users.ts';
import { recordAudit } from '../audit.ts';
import { type Em, inTransaction } from '../database.ts';
import { type AccountMail, invalidToken } from './account-mail.ts';
import { invalidPassword, passwordFits, startSession } from './accounts.ts';
import { loadUserViews } from './user-views.ts';

/** A forgotten password (spec §8): the reset link, and setting a new password with it. */
export class PasswordResetService {
  readonly #fork: () => Em;
  readonly #mail: AccountMail;

  constructor(fork: () => Em, mail: AccountMail) {
    this.#fork = fork;
    this.#mail = mail;
  }

  /**
   * Emails a reset link to the account with this address, if there is one. The answer and its
   * cost are about the same either way (no enumeration): a token is made and sealed, and the
   * transaction writes a job and an audit event whether or not the address has an account.
   */
  async request(actor: Actor, email: string): Promise<void> {
    const address = normalizeEmail(email);
    const prepared = this.#mail.prepare();
    await inTransaction(this.#fork, async (tx) => {
      const user = await new UserRepository(tx).findCredentials({ email: address });
      const language = actor.acceptLanguage ?? null;
      if (user) await this.#mail.issue(tx, user.id, 'reset-password', address, prepared, language);
      else await this.#mail.decoy(tx, prepared, language);
      // For an unknown address too (no target): the same write, and a trace of the attempt.
      await recordAudit(tx, actor, [
        {
          action: 'user.password_reset_requested',
          targetType: 'user',
          targetId: user?.id ?? null,
        },
      ]);
    });
  }

  /**
   * Sets a new password with a reset link and signs the person in. The link proves the
   * address it went to, which must still be the account's: it is verified. Every session that
   * existed ends (spec §8), and the account's other reset links stop working.
   */
  async confirm(actor: Actor, token: string, password: string): Promise<AuthResult> {
    if (!passwordFits(password)) throw invalidPassword('password');
    // Hashing is the slow part: done before the transaction holds the token's row lock.
    const passwordHash = await hashPassword(password);
    const session = generateSessionToken();
    const outcome = await inTransaction(this.#fork, async (tx) => {
      const row = await this.#mail.take(tx, token, 'reset-password');
      const users = new UserRepository(tx);
      const account = await users.lockAccount(row.user_id);
      // The account has left the address the link went to: whoever reads that inbox now (or
      // a squatter who moved onto its owner's address) must not get the account. Used up.
      if (!account || account.email !== row.email) return { stale: true as const };
      await users.updateAccount(account.id, { password_hash: passwordHash, email_verified: true });
      await new AccountTokenRepository(tx).retire(account.id, 'reset-password');
      await new SessionRepository(tx).revokeAllOf(account.id, new Date());
      await startSession(tx, account.id, session, actor.ip);
      await recordAudit(tx, actor, [
        {
          action: 'user.password_reset',
          targetType: 'user',
          targetId: account.id,
          data: { emailVerified: true },
        },
      ]);
      return { stale: false as const, userId: account.id };
    });
    if (outcome.stale) throw invalidToken();
    const { userId } = outcome;
    const user = (await loadUserViews(this.#fork(), [userId])).get(userId);
    if (!user) throw invalidToken();
    return { user, token: session };
  }
}
