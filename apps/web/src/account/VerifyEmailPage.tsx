import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
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
      <AccountShell title="This link is incomplete">
        <p>Open the link from your email again, or ask for a new one.</p>
      </AccountShell>
    );
  }
  if (verify.isError) {
    return (
      <AccountShell title="This link cannot be used">
        <p role="alert">{describeError(verify.error)}</p>
        <p>Links work once and for 24 hours. Ask for a new one from the page you came from.</p>
      </AccountShell>
    );
  }
  if (verify.isSuccess && !verify.data.mine) {
    return (
      <AccountShell title="Your email address is verified">
        <p>
          The account of <strong>{verify.data.user.email}</strong> is yours now. Choose a password
          to sign in: we email you a link.
        </p>
        <ForgotPassword
          email={verify.data.user.email}
          beforeRequest={() => rememberReturn(returnTo ?? '/')}
        />
      </AccountShell>
    );
  }
  if (verify.isSuccess) {
    return (
      <AccountShell title="Your email address is verified">
        {returnTo ? (
          <p>
            Taking you back… <a href={returnTo}>Continue</a>
          </p>
        ) : (
          <p>
            <a href="/">Open Guestlist</a>
          </p>
        )}
      </AccountShell>
    );
  }
  return <AccountShell title="Verifying your email address…" />;
}
