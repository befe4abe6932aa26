import { randomBytes } from 'node:crypto';
import { DomainError } from '../../domain/errors.ts';
import { hashPassword } from '../../domain/passwords.ts';
import { type Actor, requireUser } from '../../domain/principal.ts';
import { tokenDigest } from '../../domain/secrets.ts';
import type { UserView } from '../../domain/types.ts';
import { SessionRepository } from '../../repositories/sessions.ts';
import { UserRepository } from '../../repositories/users.ts';
import { recordAudit } from '../audit.ts';
import { type Em, inTransaction } from '../database.ts';
import { type AccountMail, invalidToken } from './account-mail.ts';
import { loadUserViews } from './user-views.ts';

/** Proving an address (spec §8): the link's email, and following it. */
export class VerificationService {
  readonly #fork: () => Em;
  readonly #mail: AccountMail;

  constructor(fork: () => Em, mail: AccountMail) {
    this.#fork = fork;
    this.#mail = mail;
  }

  /** Sends the signed-in user a fresh link; 409 EMAIL_ALREADY_VERIFIED when there is nothing to prove. */
  async send(actor: Actor): Promise<void> {
    const { id } = requireUser(actor.principal);
    await inTransaction(this.#fork, async (tx) => {
      const account = await new UserRepository(tx).lockAccount(id);
      if (!account) throw new DomainError('USER_NOT_FOUND', 'No such user');
      if (account.email_verified) {
        throw new DomainError('EMAIL_ALREADY_VERIFIED', 'This address is already verified');
      }
      await this.#mail.issue(
        tx,
        id,
        'verify-email',
        account.email,
        undefined,
        actor.acceptLanguage ?? null,
      );
      await recordAudit(tx, actor, [
        { action: 'user.verification_sent', targetType: 'user', targetId: id },
      ]);
    });
  }

  /**
   * Follows a link: the token is used up, and the account's address is verified if it is
   * still the one the link went to. An address proven for the first time takes the account
   * over (spec §8, no squatting): every session opened before ends, and unless the caller is
   * that account's own session (which, with the link, shows one person holds both), the
   * password is replaced by one nobody knows, so whoever registered the address cannot sign
   * in again; the owner sets a new one by password reset. `session`: the bearer token the
   * caller signed in with, if any.
   */
  async verify(actor: Actor, token: string, session: string | null): Promise<UserView> {
    const outcome = await inTransaction(this.#fork, async (tx) => {
      const row = await this.#mail.take(tx, token, 'verify-email');
      const users = new UserRepository(tx);
      const account = await users.lockAccount(row.user_id);
      // The account has moved to another address since: the link proves nothing (it is used up).
      if (!account || account.email !== row.email) return { stale: true as const };
      if (account.email_verified) return { stale: false as const, userId: account.id };
      const principal = actor.principal;
      const ownSession = principal?.kind === 'user' && principal.id === account.id;
      const sessions = new SessionRepository(tx);
      const now = new Date();
      if (ownSession && session) {
        await sessions.revokeAllOf(account.id, now, tokenDigest(session));
        await users.updateAccount(account.id, { email_verified: true });
      } else {
        await sessions.revokeAllOf(account.id, now);
        await users.updateAccount(account.id, {
          email_verified: true,
          password_hash: await hashPassword(randomBytes(32).toString('base64url')),
        });
      }
      await recordAudit(tx, actor, [
        {
          action: 'user.email_verified',
          targetType: 'user',
          targetId: account.id,
          data: { email: account.email, passwordKept: Boolean(ownSession && session) },
        },
      ]);
      return { stale: false as const, userId: account.id };
    });
    if (outcome.stale) throw invalidToken();
    const view = (await loadUserViews(this.#fork(), [outcome.userId])).get(outcome.userId);
    if (!view) throw invalidToken();
    return view;
  }
}
