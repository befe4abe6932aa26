import { createHash, randomBytes } from 'node:crypto';
import { query } from '@guestlist/core/testing';

/**
 * A token of `purpose` for `userId`, written straight into the table as the service would
 * write it (its SHA-256 digest): for tests whose subject is not the email, such as the
 * authorization matrix, and for tokens the service would not hand out (one already expired).
 */
export async function plantToken(
  databaseUrl: string,
  userId: string,
  purpose: 'verify-email' | 'reset-password',
  email: string,
  expiresAt = new Date(Date.now() + 3_600_000),
): Promise<string> {
  const token = randomBytes(40)
    .toString('base64')
    .replace(/[^0-9A-Za-z]/g, '')
    .slice(0, 40)
    .padEnd(40, 'x');
  const digest = createHash('sha256').update(token, 'utf8').digest();
  await query(
    databaseUrl,
    `insert into account_tokens (user_id, purpose, token_digest, email, expires_at)
     values ($1, $2, $3, $4, $5)`,
    [userId, purpose, digest, email, expiresAt],
  );
  return token;
}
