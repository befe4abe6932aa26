import { isGuestlistError } from '@guestlist/sdk';
import { ErrorText } from '../session.tsx';

/**
 * A page's load error: for a 403, a sentence naming the permission the page needs (a signed-in
 * user lacking it, or a key without it); otherwise the server's message.
 */
export function LoadError({
  error,
  permission,
  purpose,
}: {
  error: unknown;
  permission: string;
  /** What the permission would let you do here: "manage webhooks". */
  purpose: string;
}) {
  if (isGuestlistError(error) && error.status === 403)
    return (
      <p role="alert" className="error">
        You need the <code>{permission}</code> permission to {purpose}. Ask an operator who has it.
      </p>
    );
  return <ErrorText error={error} />;
}
