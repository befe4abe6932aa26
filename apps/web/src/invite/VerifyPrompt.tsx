import { useMutation } from '@tanstack/react-query';
import { rememberReturn } from '../account/return-to.ts';
import { useI18n } from '../i18n.tsx';
import { ErrorText, useSession } from '../session.tsx';

/**
 * Instead of a dead end: the invite is for the signed-in person's address, which they have not
 * proven yet (R9). One button sends them a verification link (spec §8) that brings them back
 * to this invite.
 */
export function VerifyPrompt({ email, onVerified }: { email: string; onVerified: () => void }) {
  const { client } = useSession();
  const { t } = useI18n();
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
    return <p role="status">{t('page.verify.sent', { email })}</p>;
  }
  return (
    <div className="actions">
      <p>{t('page.verify.needed', { email })}</p>
      <button type="button" disabled={send.isPending} onClick={() => send.mutate()}>
        {t('page.verify.send')}
      </button>
      <ErrorText error={send.error} />
    </div>
  );
}
