import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ForgotPassword } from '../../account/ForgotPassword.tsx';
import { ErrorText, useSession } from '../../session.tsx';
import { useToast } from '../../ui/toast.tsx';

/** A new password, confirmed by the current one; every other session ends (spec §8). */
export function ChangePassword({ email }: { email: string }) {
  const [forgot, setForgot] = useState(false);
  const { client } = useSession();
  const toast = useToast();
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) =>
      client.account.changePassword(input),
    onSuccess: () => toast.success('Password changed. Every other session is signed out.'),
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    const newPassword = String(form.get('newPassword'));
    const same = newPassword === String(form.get('again'));
    setMismatch(!same);
    if (!same) return;
    change.mutate(
      { currentPassword: String(form.get('currentPassword')), newPassword },
      { onSuccess: () => element.reset() },
    );
  };
  return (
    <section aria-labelledby="password-title">
      <h2 id="password-title">Password</h2>
      <form onSubmit={submit} aria-label="Change your password">
        <label>
          Current password
          <input name="currentPassword" type="password" autoComplete="current-password" required />
        </label>
        <label>
          New password
          <input
            name="newPassword"
            type="password"
            autoComplete="new-password"
            required
            minLength={8}
          />
        </label>
        <label>
          New password again
          <input name="again" type="password" autoComplete="new-password" required minLength={8} />
        </label>
        <p className="hint">
          This browser stays signed in; every other session of your account (other browsers, phones)
          is signed out and must sign in with the new password.
        </p>
        <button type="submit" disabled={change.isPending}>
          Change password
        </button>
        {mismatch && (
          <p role="alert" className="error">
            The two new passwords differ.
          </p>
        )}
        <ErrorText error={change.error} />
      </form>
      {forgot ? (
        <ForgotPassword email={email} />
      ) : (
        <button type="button" className="link" onClick={() => setForgot(true)}>
          Forgotten your current password?
        </button>
      )}
    </section>
  );
}
