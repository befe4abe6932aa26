import { isGuestlistError } from '@guestlist/sdk';
import { ErrorText } from '../../session.tsx';

const forbidden = (error: unknown) => isGuestlistError(error) && error.status === 403;

/**
 * A failed read: a refusal for want of a permission says which one, in a sentence; anything
 * else is the server's own message.
 */
export function LoadError({
  error,
  what,
  permission,
}: {
  error: unknown;
  /** What could not be done, as the sentence's subject: "Listing users". */
  what: string;
  permission: string;
}) {
  if (!error) return null;
  if (!forbidden(error)) return <ErrorText error={error} />;
  return (
    <p role="alert" className="error">
      {what} needs the <code>{permission}</code> permission, which this sign-in does not hold.
    </p>
  );
}

/**
 * The toast's prefix for a failed change: a 403 names the permission, and reminds that a change
 * of permissions also needs everything it grants or takes away (R21).
 */
export function failurePrefix(prefix: string, error: unknown, permission: string): string {
  if (!forbidden(error)) return prefix;
  return `${prefix}: it needs ${permission}, and every permission it grants or removes`;
}
