import { useMutation } from '@tanstack/react-query';
import type { FormEvent } from 'react';
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
      <section aria-label="Reset your password">
        <p role="status">
          Check your inbox: if an account has the address <strong>{request.variables}</strong>, a
          link to choose a new password is on its way. It works for one hour.
        </p>
        {onBack && (
          <button type="button" className="link" onClick={onBack}>
            Back to sign in
          </button>
        )}
      </section>
    );
  }
  return (
    <form onSubmit={submit} aria-label="Reset your password">
      <label>
        Email
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
        Email me a reset link
      </button>
      {onBack && (
        <button type="button" className="link" onClick={onBack}>
          Back to sign in
        </button>
      )}
      <ErrorText error={request.error} />
    </form>
  );
}
