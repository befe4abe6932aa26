import { useMutation } from '@tanstack/react-query';
import { rememberReturn } from '../account/return-to.ts';
import { ErrorText, useSession } from '../session.tsx';

/**
 * Instead of a dead end: the invite is for the signed-in person's address, which they have not
 * proven yet (R9). One button sends them a verification link (spec §8) that brings them back
 * to this invite.
 */
export function VerifyPrompt({ email, onVerified }: { email: string; onVerified: () => void }) {
  const { client } = useSession();
  const send = useMutation({
    mutationFn: () => {
      rememberReturn();
      return client.account.sendVerification();
    },
    onError: (error) => {
      // Proven meanwhile (in another tab): nothing left to do but accept.
      if ((error as { code?: string }).code === 'EMAIL_ALREADY_VERIFIED') onVerified();
    },
  });
  if (send.isSuccess) {
    return (
      <p role="status">
        Check your inbox: we sent a link to <strong>{email}</strong>. Follow it to verify your
        address, and you will come back here to accept.
      </p>
    );
  }
  return (
    <div className="actions">
      <p>
        This invite is for <strong>{email}</strong>. Verify that this address is yours to accept it.
      </p>
      <button type="button" disabled={send.isPending} onClick={() => send.mutate()}>
        Send me a verification email
      </button>
      <ErrorText error={send.error} />
    </div>
  );
}
