import { randomUUID } from 'node:crypto';
import { ACCOUNT_TOKEN_PATTERN, generateAccountToken } from '../../domain/codes.ts';
import { DomainError } from '../../domain/errors.ts';
import { type SecretBox, tokenDigest } from '../../domain/secrets.ts';
import type { AccountTokenPurpose } from '../../domain/vocabulary.ts';
import type { Outbox } from '../../jobs/outbox.ts';
import type { AccountEmailJob } from '../../jobs/queues.ts';
import { AccountTokenRepository, type AccountTokenRow } from '../../repositories/account-tokens.ts';
import type { Em, Tx } from '../database.ts';

/** How long a link works (spec §8). */
export const ACCOUNT_TOKEN_TTL_MS: Record<AccountTokenPurpose, number> = {
  'verify-email': 24 * 3_600_000,
  'reset-password': 3_600_000,
};

/** Where each link leads, under `PUBLIC_URL`. */
const LINK_PATHS: Record<AccountTokenPurpose, string> = {
  'verify-email': '/verify-email',
  'reset-password': '/reset-password',
};

/** What an account email says: where it goes, the link, and until when it works. */
export interface AccountEmailDraft {
  purpose: AccountTokenPurpose;
  to: string;
  link: string;
  expiresAt: Date;
}

export function invalidToken(): DomainError {
  return new DomainError('INVALID_TOKEN', 'This link is unknown, already used or expired');
}

/**
 * Account tokens and their emails (spec §8). A token is stored as its SHA-256 digest; the only
 * copy in clear travels sealed (AES-256-GCM under `SECRET_KEY`) in the email job, inserted by
 * the same transaction, which the worker opens at send time.
 */
export class AccountMail {
  readonly #fork: () => Em;
  readonly #secrets: SecretBox;
  readonly #outbox: Outbox;
  readonly #publicUrl: string;

  constructor(fork: () => Em, secrets: SecretBox, outbox: Outbox, publicUrl: string) {
    this.#fork = fork;
    this.#secrets = secrets;
    this.#outbox = outbox;
    this.#publicUrl = publicUrl.replace(/\/+$/, '');
  }

  /** A fresh token for `email`, retiring the user's older ones of the purpose, and its email job. */
  async issue(
    tx: Tx,
    userId: string,
    purpose: AccountTokenPurpose,
    email: string,
    prepared: PreparedToken = this.prepare(),
    acceptLanguage: string | null = null,
  ): Promise<void> {
    const tokenId = await new AccountTokenRepository(tx).issue({
      userId,
      purpose,
      digest: prepared.digest,
      email,
      expiresAt: new Date(Date.now() + ACCOUNT_TOKEN_TTL_MS[purpose]),
    });
    await this.#outbox.accountEmail(tx, { tokenId, sealed: prepared.sealed, acceptLanguage });
  }

  /**
   * The statements of an issue without its token: a retire that matches nothing and an email
   * job for no token, which the worker skips. A reset request for an address with no account
   * runs this, so it costs what a real one costs (no enumeration by timing).
   */
  async decoy(
    tx: Tx,
    prepared: PreparedToken,
    acceptLanguage: string | null = null,
  ): Promise<void> {
    await new AccountTokenRepository(tx).retire(randomUUID(), 'reset-password');
    await this.#outbox.accountEmail(tx, {
      tokenId: randomUUID(),
      sealed: prepared.sealed,
      acceptLanguage,
    });
  }

  /**
   * A token, its digest and its sealed copy: the work of an issue before any row is written,
   * which a reset request does whether or not the address has an account.
   */
  prepare(): PreparedToken {
    const token = generateAccountToken();
    return { digest: tokenDigest(token), sealed: this.#secrets.encrypt(token) };
  }

  /**
   * The unused, unexpired token a link carries, locked for the caller's transaction; 400
   * INVALID_TOKEN otherwise. Unknown, used, expired and retired tokens answer alike.
   */
  async take(tx: Tx, token: string, purpose: AccountTokenPurpose): Promise<AccountTokenRow> {
    if (!ACCOUNT_TOKEN_PATTERN.test(token)) throw invalidToken();
    const tokens = new AccountTokenRepository(tx);
    const row = await tokens.lockByDigest(tokenDigest(token), purpose);
    if (!row || row.used_at !== null || Date.parse(row.expires_at) <= Date.now()) {
      throw invalidToken();
    }
    await tokens.markUsed(row.id, new Date());
    return row;
  }

  /**
   * The worker's side: the email to send for a job, or null when there is none any more (the
   * token was used, expired or retired by a newer one).
   */
  async draft(job: AccountEmailJob): Promise<AccountEmailDraft | null> {
    const row = await new AccountTokenRepository(this.#fork()).findSendable(job.tokenId);
    if (!row) return null;
    const token = this.#secrets.decrypt(job.sealed);
    return {
      purpose: row.purpose,
      to: row.email,
      link: `${this.#publicUrl}${LINK_PATHS[row.purpose]}?token=${token}`,
      expiresAt: new Date(row.expires_at),
    };
  }
}

export interface PreparedToken {
  digest: Buffer;
  sealed: string;
}
