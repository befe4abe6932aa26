import { normalizeEmail } from '../../domain/email.ts';
import { CurrentPasswordWrong, DomainError } from '../../domain/errors.ts';
import { hashPassword, verifyPassword } from '../../domain/passwords.ts';
import { type Actor, requireUser } from '../../domain/principal.ts';
import { tokenDigest } from '../../domain/secrets.ts';
import type { UserView } from '../../domain/types.ts';
import { AccountTokenRepository } from '../../repositories/account-tokens.ts';
import { SessionRepository } from '../../repositories/sessions.ts';
import { UserRepository } from '../../repositories/users.ts';
import { recordAudit } from '../audit.ts';
import { type Em, inTransaction } from '../database.ts';
import type { AccountMail } from './account-mail.ts';
import { invalidPassword, passwordFits, takenError } from './accounts.ts';
import { loadUserViews } from './user-views.ts';

export interface ProfileChanges {
  name?: string | null | undefined;
  email?: string | undefined;
}

/** What a signed-in person changes of their own account (spec §8): name, address, password. */
export class ProfileService {
  readonly #fork: () => Em;
  readonly #mail: AccountMail;

  constructor(fork: () => Em, mail: AccountMail) {
    this.#fork = fork;
    this.#mail = mail;
  }

  /**
   * `PATCH /me`. A new address is unverified until its link is followed, and the link goes to
   * it; a name alone sends nothing. 409 EMAIL_TAKEN when another account has the address.
   */
  async update(actor: Actor, changes: ProfileChanges): Promise<UserView> {
    const { id } = requireUser(actor.principal);
    const email = changes.email === undefined ? undefined : normalizeEmail(changes.email);
    try {
      await inTransaction(this.#fork, async (tx) => {
        const users = new UserRepository(tx);
        const account = await users.lockAccount(id);
        if (!account) throw new DomainError('USER_NOT_FOUND', 'No such user');
        const moves = email !== undefined && email !== account.email;
        const fields = [
          ...(changes.name !== undefined ? ['name'] : []),
          ...(moves ? ['email'] : []),
        ];
        if (fields.length === 0) return;
        await users.updateAccount(id, {
          ...(changes.name !== undefined ? { name: changes.name } : {}),
          ...(moves ? { email, email_verified: false } : {}),
        });
        if (moves) {
          await this.#mail.issue(
            tx,
            id,
            'verify-email',
            email,
            undefined,
            actor.acceptLanguage ?? null,
          );
          // Reset links went to the old address, whose inbox may not be this person's.
          await new AccountTokenRepository(tx).retire(id, 'reset-password');
        }
        await recordAudit(tx, actor, [
          { action: 'user.profile_updated', targetType: 'user', targetId: id, data: { fields } },
        ]);
      });
    } catch (error) {
      throw takenError(error) ?? error;
    }
    const view = (await loadUserViews(this.#fork(), [id])).get(id);
    if (!view) throw new DomainError('USER_NOT_FOUND', 'No such user');
    return view;
  }

  /**
   * `POST /me/password`: the current password confirms the change (403 INVALID_CREDENTIALS
   * when wrong), and every other session ends; `session` is the caller's, which stays.
   */
  async changePassword(
    actor: Actor,
    session: string | null,
    currentPassword: string,
    newPassword: string,
  ): Promise<void> {
    const { id } = requireUser(actor.principal);
    if (!passwordFits(newPassword)) throw invalidPassword('newPassword');
    const stored = await new UserRepository(this.#fork()).findAccount(id).executeTakeFirst();
    if (!(await verifyPassword(stored?.password_hash ?? null, currentPassword))) {
      throw new CurrentPasswordWrong();
    }
    const passwordHash = await hashPassword(newPassword);
    await inTransaction(this.#fork, async (tx) => {
      const users = new UserRepository(tx);
      const account = await users.lockAccount(id);
      // Changed meanwhile by another request: the password checked above is no longer current.
      if (!account || account.password_hash !== stored?.password_hash) {
        throw new CurrentPasswordWrong();
      }
      await users.updateAccount(id, { password_hash: passwordHash });
      await new SessionRepository(tx).revokeAllOf(
        id,
        new Date(),
        session ? tokenDigest(session) : undefined,
      );
      await recordAudit(tx, actor, [
        { action: 'user.password_changed', targetType: 'user', targetId: id },
      ]);
    });
  }
}
