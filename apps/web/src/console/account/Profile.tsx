import type { User } from '@guestlist/sdk';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { rememberReturn } from '../../account/return-to.ts';
import { ErrorText, useSession } from '../../session.tsx';
import { useToast } from '../../ui/toast.tsx';

/** Who the person is, their name and address to change, and proof of the address (spec §8). */
export function Profile({ me }: { me: User }) {
  const { client, token } = useSession();
  const queries = useQueryClient();
  const toast = useToast();
  const save = useMutation({
    mutationFn: (patch: { name?: string | null; email?: string }) => client.account.update(patch),
    onSuccess: (user, patch) => {
      queries.setQueryData(['me', token], user);
      toast.success(
        patch.email
          ? `Saved. We sent a link to ${user.email}: follow it to verify your new address.`
          : 'Saved.',
      );
    },
  });
  const verify = useMutation({
    mutationFn: () => {
      // The link in the email brings the person back to this page.
      rememberReturn();
      return client.account.sendVerification();
    },
    onSuccess: () => toast.success(`Sent. Check the inbox of ${me.email}.`),
    onError: (error) => {
      if ((error as { code?: string }).code === 'EMAIL_ALREADY_VERIFIED')
        void queries.invalidateQueries({ queryKey: ['me', token] });
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = String(form.get('name') ?? '').trim();
    const email = String(form.get('email') ?? '').trim();
    const patch = {
      ...(name !== (me.name ?? '') ? { name: name || null } : {}),
      ...(email.toLowerCase() !== me.email.toLowerCase() ? { email } : {}),
    };
    if (Object.keys(patch).length === 0) {
      toast.success('Nothing to save: the name and address are as they were.');
      return;
    }
    save.mutate(patch);
  };
  return (
    <>
      <dl className="account-facts">
        <dt>Username</dt>
        <dd>{me.username}</dd>
        <dt>Name</dt>
        <dd>{me.name ?? <span className="hint">not given</span>}</dd>
        <dt>Email</dt>
        <dd>
          {me.email}{' '}
          <span className={me.emailVerified ? 'badge ok' : 'badge warn'}>
            {me.emailVerified ? 'verified' : 'not verified'}
          </span>
        </dd>
      </dl>
      {!me.emailVerified && (
        <div className="account-verify">
          <p>
            Your address is not verified yet. Invites sent to it wait until you prove it is yours.
          </p>
          {verify.isSuccess ? (
            <p role="status">
              Check your inbox: we sent a link to <strong>{me.email}</strong>. It works for 24 hours
              and brings you back here.
            </p>
          ) : (
            <button type="button" disabled={verify.isPending} onClick={() => verify.mutate()}>
              Send me a verification email
            </button>
          )}
          <ErrorText error={verify.error} />
        </div>
      )}
      <h3>Name and email</h3>
      <form onSubmit={submit} aria-label="Change your name or email" key={me.email + me.name}>
        <label>
          Name
          <input name="name" autoComplete="name" maxLength={200} defaultValue={me.name ?? ''} />
        </label>
        <label>
          Email
          <input
            name="email"
            type="email"
            autoComplete="email"
            required
            defaultValue={me.email}
            aria-describedby="email-change-hint"
          />
        </label>
        <p id="email-change-hint" className="hint">
          A new address must be verified: we email it a link, and it counts as unverified until you
          follow it. Password reset links sent to the old address stop working.
        </p>
        <button type="submit" disabled={save.isPending}>
          Save
        </button>
        <ErrorText error={save.error} />
      </form>
    </>
  );
}
