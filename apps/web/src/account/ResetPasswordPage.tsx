import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ErrorText, useSession } from '../session.tsx';
import { AccountShell } from './AccountShell.tsx';
import { takeReturn, takeTokenFromUrl } from './return-to.ts';

/**
 * `/reset-password?token=T` (spec §8): a new password for the account, which signs the person
 * in (and everyone else out); then back to where they asked for the link, if anywhere.
 */
export function ResetPasswordPage() {
  const { client, signIn } = useSession();
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
      <AccountShell title="This link is incomplete">
        <p>Open the link from your email again, or ask for a new one.</p>
      </AccountShell>
    );
  }
  if (reset.isSuccess) {
    return (
      <AccountShell title="Your password is changed">
        <p>
          You are signed in as <strong>{reset.data.user.username}</strong>.{' '}
          <a href="/">Open Guestlist</a>
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
    <AccountShell title="Choose a new password">
      <form onSubmit={submit} aria-label="Set a new password">
        <label>
          New password
          <input
            name="password"
            type="password"
            autoComplete="new-password"
            required
            minLength={8}
          />
        </label>
        <label>
          The same again
          <input
            name="confirm"
            type="password"
            autoComplete="new-password"
            required
            minLength={8}
          />
        </label>
        <button type="submit" disabled={reset.isPending}>
          Set my password
        </button>
        {mismatch && (
          <p role="alert" className="error">
            The two passwords differ.
          </p>
        )}
        <ErrorText error={reset.error} />
      </form>
    </AccountShell>
  );
}
