import { useMutation } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useI18n } from '../i18n.tsx';
import { ErrorText, useSession } from '../session.tsx';
import { rememberReturn } from './return-to.ts';

/**
 * "Forgot your password?": asks for a reset link (spec §8). The answer is the same whether or
 * not an account has the address, and so is what this says.
 */
export function ForgotPassword({
  onBack,
  email,
  beforeRequest = () => rememberReturn(),
}: {
  /** Back to the sign-in form, when there is one. */
  onBack?: () => void;
  /** The address, when it is known. */
  email?: string;
  /** Remembers where the link brings the person back to: by default, this page. */
  beforeRequest?: () => void;
}) {
  const { client } = useSession();
  const { t } = useI18n();
  const request = useMutation({
    mutationFn: (email: string) => {
      // The link brings them back here (an invite, say) once the password is set.
      beforeRequest();
      return client.auth.requestPasswordReset(email);
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    request.mutate(String(new FormData(event.currentTarget).get('email')));
  };
  if (request.isSuccess) {
    return (
      <section aria-label={t('page.forgot.title')}>
        <p role="status">{t('page.forgot.sent', { email: request.variables, hours: 1 })}</p>
        {onBack && (
          <button type="button" className="link" onClick={onBack}>
            {t('page.backToSignIn')}
          </button>
        )}
      </section>
    );
  }
  return (
    <form onSubmit={submit} aria-label={t('page.forgot.title')}>
      <label>
        {t('page.email')}
        <input
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={email}
          readOnly={email !== undefined}
        />
      </label>
      <button type="submit" disabled={request.isPending}>
        {t('page.forgot.submit')}
      </button>
      {onBack && (
        <button type="button" className="link" onClick={onBack}>
          {t('page.backToSignIn')}
        </button>
      )}
      <ErrorText error={request.error} />
    </form>
  );
}
