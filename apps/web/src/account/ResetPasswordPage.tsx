import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useBranding } from '../branding.tsx';
import { useI18n } from '../i18n.tsx';
import { ErrorText, useSession } from '../session.tsx';
import { AccountShell } from './AccountShell.tsx';
import { takeReturn, takeTokenFromUrl } from './return-to.ts';

/**
 * `/reset-password?token=T` (spec §8): a new password for the account, which signs the person
 * in (and everyone else out); then back to where they asked for the link, if anywhere.
 */
export function ResetPasswordPage() {
  const { client, signIn } = useSession();
  const { t } = useI18n();
  const { productName } = useBranding();
  const [token] = useState(takeTokenFromUrl);
  const [mismatch, setMismatch] = useState(false);
  const reset = useMutation({
    mutationFn: (password: string) => client.auth.resetPassword({ token: token ?? '', password }),
    onSuccess: ({ token: session }) => {
      signIn(session);
      const returnTo = takeReturn();
      if (returnTo) window.location.assign(returnTo);
    },
  });
  if (!token) {
    return (
      <AccountShell title={t('page.linkIncomplete')}>
        <p>{t('page.linkIncompleteText')}</p>
      </AccountShell>
    );
  }
  if (reset.isSuccess) {
    return (
      <AccountShell title={t('page.resetPassword.changedTitle')}>
        <p>
          {t('page.signedInAs', { username: reset.data.user.username })}{' '}
          <a href="/">{t('page.open', { product: productName })}</a>
        </p>
      </AccountShell>
    );
  }
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get('password'));
    const again = String(form.get('confirm'));
    setMismatch(password !== again);
    if (password === again) reset.mutate(password);
  };
  return (
    <AccountShell title={t('page.resetPassword.title')}>
      <form onSubmit={submit} aria-label={t('page.resetPassword.form')}>
        <label>
          {t('page.resetPassword.new')}
          <input
            name="password"
            type="password"
            autoComplete="new-password"
            required
            minLength={8}
          />
        </label>
        <label>
          {t('page.resetPassword.again')}
          <input
            name="confirm"
            type="password"
            autoComplete="new-password"
            required
            minLength={8}
          />
        </label>
        <button type="submit" disabled={reset.isPending}>
          {t('page.resetPassword.submit')}
        </button>
        {mismatch && (
          <p role="alert" className="error">
            {t('page.resetPassword.mismatch')}
          </p>
        )}
        <ErrorText error={reset.error} />
      </form>
    </AccountShell>
  );
}
