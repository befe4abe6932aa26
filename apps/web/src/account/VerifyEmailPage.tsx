import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useBranding } from '../branding.tsx';
import { useI18n } from '../i18n.tsx';
import { describeError, useSession } from '../session.tsx';
import { AccountShell } from './AccountShell.tsx';
import { ForgotPassword } from './ForgotPassword.tsx';
import { rememberReturn, takeReturn, takeTokenFromUrl } from './return-to.ts';

/**
 * `/verify-email?token=T` (spec §8): proves the address with the token from the email, then
 * brings the person back to the page that asked for the link (an invite, usually).
 */
export function VerifyEmailPage() {
  const { client, token: session } = useSession();
  const { t } = useI18n();
  const { productName } = useBranding();
  const [token] = useState(takeTokenFromUrl);
  const [returnTo] = useState(takeReturn);
  const verify = useMutation({
    mutationFn: async (value: string) => {
      const user = await client.auth.verifyEmail(value);
      // Followed from the account's own session, the person stays signed in. From anywhere
      // else, proving the address took the account over (spec §8): its sessions ended and its
      // old password no longer works, so the owner chooses one.
      const mine = session !== null && (await client.me().catch(() => null))?.id === user.id;
      return { user, mine };
    },
    onSuccess: ({ mine }) => {
      if (mine && returnTo) window.location.assign(returnTo);
    },
  });
  const started = useRef(false);
  useEffect(() => {
    // Once, even when React runs effects twice in development: the token is single use.
    if (token && !started.current) {
      started.current = true;
      verify.mutate(token);
    }
  }, [token, verify]);

  if (!token) {
    return (
      <AccountShell title={t('page.linkIncomplete')}>
        <p>{t('page.linkIncompleteText')}</p>
      </AccountShell>
    );
  }
  if (verify.isError) {
    return (
      <AccountShell title={t('page.verifyEmail.unusable')}>
        <p role="alert">{describeError(verify.error)}</p>
        <p>{t('page.verifyEmail.unusableText', { hours: 24 })}</p>
      </AccountShell>
    );
  }
  if (verify.isSuccess && !verify.data.mine) {
    return (
      <AccountShell title={t('page.verifyEmail.title')}>
        <p>{t('page.verifyEmail.takeover', { email: verify.data.user.email })}</p>
        <ForgotPassword
          email={verify.data.user.email}
          beforeRequest={() => rememberReturn(returnTo ?? '/')}
        />
      </AccountShell>
    );
  }
  if (verify.isSuccess) {
    return (
      <AccountShell title={t('page.verifyEmail.title')}>
        {returnTo ? (
          <p>
            {t('page.takingYouBack')} <a href={returnTo}>{t('page.continue')}</a>
          </p>
        ) : (
          <p>
            <a href="/">{t('page.open', { product: productName })}</a>
          </p>
        )}
      </AccountShell>
    );
  }
  return <AccountShell title={t('page.verifyEmail.verifying')} />;
}
