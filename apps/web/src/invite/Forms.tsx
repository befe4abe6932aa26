import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ForgotPassword } from '../account/ForgotPassword.tsx';
import { useI18n } from '../i18n.tsx';
import { ErrorText, useSession } from '../session.tsx';
import type { InvitePreview, RedirectOutcome } from './preview.ts';

export type Done = (outcome: RedirectOutcome, result: { title: string; text: string }) => void;

/** A new account, made with the invite's code: its address when the invite is bound to one. */
export function Register({
  code,
  invite,
  onDone,
}: {
  code: string;
  invite: InvitePreview;
  onDone: Done;
}) {
  const { client, signIn } = useSession();
  const { t } = useI18n();
  const register = useMutation({
    mutationFn: (form: FormData) =>
      client.auth.register({
        email: invite.email ?? String(form.get('email')),
        username: String(form.get('username')),
        password: String(form.get('password')),
        ...(form.get('name') ? { name: String(form.get('name')) } : {}),
        inviteCode: code,
      }),
    onSuccess: ({ user, token }) => {
      signIn(token);
      onDone('accepted', {
        title: t('page.welcome', { name: user.name ?? user.username }),
        text: t('page.accountReady', { username: user.username }),
      });
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    register.mutate(new FormData(event.currentTarget));
  };
  return (
    <form onSubmit={submit} aria-label={t('page.register')}>
      <label>
        {t('page.email')}
        <input
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={invite.email ?? ''}
          readOnly={invite.email !== null}
          aria-describedby={invite.email ? 'email-fixed' : undefined}
        />
      </label>
      {invite.email && (
        <p id="email-fixed" className="hint">
          {t('page.emailFixed')}
        </p>
      )}
      <label>
        {t('page.username')}
        <input name="username" autoComplete="username" required minLength={2} maxLength={39} />
      </label>
      <label>
        {t('page.name')} <span className="hint">{t('page.optional')}</span>
        <input name="name" autoComplete="name" maxLength={200} />
      </label>
      <label>
        {t('page.password')}
        <input name="password" type="password" autoComplete="new-password" required minLength={8} />
      </label>
      <button type="submit" disabled={register.isPending}>
        {t('page.createMyAccount')}
      </button>
      <ErrorText error={register.error} />
    </form>
  );
}

export function Login() {
  const { client, signIn } = useSession();
  const { t } = useI18n();
  const [forgot, setForgot] = useState(false);
  const login = useMutation({
    mutationFn: (form: FormData) =>
      client.auth.login({
        handle: String(form.get('handle')),
        password: String(form.get('password')),
      }),
    onSuccess: ({ token }) => signIn(token),
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    login.mutate(new FormData(event.currentTarget));
  };
  if (forgot) return <ForgotPassword onBack={() => setForgot(false)} />;
  return (
    <form onSubmit={submit} aria-label={t('page.signIn')}>
      <label>
        {t('page.handle')}
        <input name="handle" autoComplete="username" required />
      </label>
      <label>
        {t('page.password')}
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      <button type="submit" disabled={login.isPending}>
        {t('page.signIn')}
      </button>
      <button type="button" className="link" onClick={() => setForgot(true)}>
        {t('page.forgot')}
      </button>
      <ErrorText error={login.error} />
    </form>
  );
}
