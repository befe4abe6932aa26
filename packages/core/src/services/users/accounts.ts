import { randomUUID } from 'node:crypto';
import { generateSessionToken, SESSION_TOKEN_PATTERN } from '../../domain/codes.ts';
import { normalizeEmail } from '../../domain/email.ts';
import { DomainError } from '../../domain/errors.ts';
import {
  hashPassword,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  verifyPassword,
} from '../../domain/passwords.ts';
import { type Actor, type Principal, requireUser } from '../../domain/principal.ts';
import { tokenDigest } from '../../domain/secrets.ts';
import type { AuthResult, UserView } from '../../domain/types.ts';
import { SessionRepository } from '../../repositories/sessions.ts';
import { UserRepository } from '../../repositories/users.ts';
import { recordAudit } from '../audit.ts';
import { type Em, inTransaction, type Tx } from '../database.ts';
import type { InviteService } from '../invites/invite-service.ts';
import { userPrincipal } from '../principals.ts';
import { loadSettings } from '../settings.ts';
import type { WebhookPublisher } from '../webhook-publisher.ts';
import type { AccountMail } from './account-mail.ts';
import { loadUserViews } from './user-views.ts';

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9-_]{1,38}$/;
export const SESSION_TTL_MS = 30 * 86_400_000;

export interface RegisterInput {
  email: string;
  username: string;
  password: string;
  name?: string | undefined;
  inviteCode?: string | undefined;
}

function invalid(path: string, message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `${path}: ${message}`, [{ path, message }]);
}

/** A password outside the length registration allows, named by its field. */
export function invalidPassword(path: string): DomainError {
  return invalid(path, `${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`);
}

export function passwordFits(password: string): boolean {
  return password.length >= PASSWORD_MIN_LENGTH && password.length <= PASSWORD_MAX_LENGTH;
}

/** Unique violations on users name the address or the username that is taken. */
export function takenError(error: unknown): DomainError | undefined {
  const { code, constraint } = error as { code?: string; constraint?: string };
  if (code !== '23505') return undefined;
  if (constraint === 'users_email_key')
    return new DomainError('EMAIL_TAKEN', 'An account with this email exists');
  if (constraint === 'users_username_key')
    return new DomainError('USERNAME_TAKEN', 'This username is taken');
  return undefined;
}

/** Sign-up, sign-in, sign-out and who is signed in. */
export class AccountService {
  readonly #fork: () => Em;
  /** Statements outside a unit of work: each request's session lookup. */
  readonly #direct: () => Em;
  readonly #invites: InviteService;
  readonly #mail: AccountMail;
  readonly #webhooks: WebhookPublisher;

  constructor(
    fork: () => Em,
    direct: () => Em,
    invites: InviteService,
    mail: AccountMail,
    webhooks: WebhookPublisher,
  ) {
    this.#fork = fork;
    this.#direct = direct;
    this.#invites = invites;
    this.#mail = mail;
    this.#webhooks = webhooks;
  }

  /**
   * Registers an account (spec R13), redeeming `inviteCode` in the same transaction (R6, R9,
   * R10): the user, the invite's use, its grants and the session commit together or not at all.
   */
  async register(actor: Actor, input: RegisterInput): Promise<AuthResult> {
    const email = normalizeEmail(input.email);
    const username = input.username.trim().toLowerCase();
    if (!USERNAME_PATTERN.test(username)) {
      throw invalid('username', '2–39 of a–z, 0–9, - and _, starting with a letter or digit');
    }
    if (
      input.password.length < PASSWORD_MIN_LENGTH ||
      input.password.length > PASSWORD_MAX_LENGTH
    ) {
      throw invalidPassword('password');
    }
    // Hashing is the slow part (tens of ms): done before the transaction holds any lock.
    const passwordHash = await hashPassword(input.password);
    const id = randomUUID();
    const token = generateSessionToken();

    try {
      await inTransaction(this.#fork, async (tx) => {
        const settings = await loadSettings(tx);
        if (settings.registration === 'closed') {
          throw new DomainError('REGISTRATION_CLOSED', 'Registration is closed');
        }
        if (settings.registration === 'invite-only' && !input.inviteCode) {
          throw new DomainError('INVITE_REQUIRED', 'Registration needs an invite code');
        }
        const users = new UserRepository(tx);
        let verified = false;
        await users.insert({
          id,
          email,
          username,
          name: input.name ?? null,
          password_hash: passwordHash,
          permissions: settings.defaultPermissions,
          email_verified: false,
        });
        const self: Actor = {
          // Redeeming a code proves the address it was sent to (R9): verified for this purpose.
          principal: { kind: 'user', id, email, permissions: [], emailVerified: true },
          ip: actor.ip,
        };
        if (input.inviteCode) {
          const invite = await this.#invites.redeemCodeFor(
            tx,
            self,
            input.inviteCode,
            { id, email, emailVerified: true },
            settings,
          );
          // The invite was sent to this address: proven (R9), when whoever bound it vouched.
          if (invite.email !== null && invite.email_vouched) {
            await users.markEmailVerified(id);
            verified = true;
          }
        }
        // Nothing else proved the address: a verification email goes out with the account (§8).
        if (!verified) {
          const language = actor.acceptLanguage ?? null;
          await this.#mail.issue(tx, id, 'verify-email', email, undefined, language);
        }
        await startSession(tx, id, token, actor.ip);
        await this.#webhooks.userCreated(tx, id);
        await recordAudit(tx, self, [
          {
            action: 'user.registered',
            targetType: 'user',
            targetId: id,
            data: { invited: Boolean(input.inviteCode) },
          },
        ]);
      });
    } catch (error) {
      throw takenError(error) ?? error;
    }
    return { user: await this.#view(id), token };
  }

  /** Signs in by username or email. Unknown user and wrong password answer alike. */
  async login(actor: Actor, handle: string, password: string): Promise<AuthResult> {
    const key = handle.trim().toLowerCase();
    const user = await new UserRepository(this.#fork()).findCredentials(
      key.includes('@') ? { email: key } : { username: key },
    );
    const ok = await verifyPassword(user?.password_hash ?? null, password);
    if (!user || !ok)
      throw new DomainError('INVALID_CREDENTIALS', 'Wrong username, email or password');
    const token = generateSessionToken();
    await inTransaction(this.#fork, async (tx) => {
      // The check above ran unlocked: a takeover, reset or change of password that committed
      // meanwhile ended every session, and this one must not outlive it (spec §8).
      const account = await new UserRepository(tx).lockAccount(user.id);
      if (account?.password_hash !== user.password_hash) {
        throw new DomainError('INVALID_CREDENTIALS', 'Wrong username, email or password');
      }
      await startSession(tx, user.id, token, actor.ip);
      await recordAudit(tx, actor, [
        { action: 'user.logged_in', targetType: 'user', targetId: user.id },
      ]);
    });
    return { user: await this.#view(user.id), token };
  }

  /** Revokes the session the caller signed in with. */
  async logout(actor: Actor, token: string | null): Promise<void> {
    requireUser(actor.principal);
    if (!token) return;
    await new SessionRepository(this.#fork()).revoke(tokenDigest(token), new Date());
  }

  async me(actor: Actor): Promise<UserView> {
    return this.#view(requireUser(actor.principal).id);
  }

  /** The user a session token stands for, with effective permissions; null if unknown, expired or revoked. */
  async authenticate(token: string): Promise<Principal | null> {
    if (!SESSION_TOKEN_PATTERN.test(token)) return null;
    const row = await new SessionRepository(this.#direct()).findLivePrincipal(tokenDigest(token));
    return row ? userPrincipal(row) : null;
  }

  async #view(id: string): Promise<UserView> {
    const view = (await loadUserViews(this.#fork(), [id])).get(id);
    if (!view) throw new DomainError('USER_NOT_FOUND', 'No such user');
    return view;
  }
}

/** Opens a session of `userId` for `token`, kept as its digest (spec §7). */
export async function startSession(tx: Tx, userId: string, token: string, ip: string | null) {
  await new SessionRepository(tx).insert({
    id: randomUUID(),
    user_id: userId,
    token_digest: tokenDigest(token),
    expires_at: new Date(Date.now() + SESSION_TTL_MS),
    ip,
  });
}
