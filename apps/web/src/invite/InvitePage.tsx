import { isGuestlistError } from '@guestlist/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ForgotPassword } from '../account/ForgotPassword.tsx';
import { ErrorText, useMe, useSession } from '../session.tsx';
import {
  type InvitePreview,
  type PageData,
  type RedirectOutcome,
  type Refusal,
  readPageData,
} from './preview.ts';
import { asRefusal, RefusalBody, refusalTitle } from './Refusal.tsx';
import { followRedirect } from './redirect.ts';
import { VerifyPrompt } from './VerifyPrompt.tsx';

/**
 * `/i/{code}`: who invited you, to what, what it grants and until when; then sign up, or sign
 * in and accept, or decline. Showing it reads the invite and changes nothing (mail scanners
 * follow links): only the buttons act.
 */
export function InvitePage({ code }: { code: string }) {
  const { client } = useSession();
  const embedded = useRef(readPageData()).current;
  // Served by Guestlist the page carries its invite; the dev server asks the API instead.
  const page = useQuery({
    queryKey: ['invite-page', code],
    initialData: embedded ?? undefined,
    // The embedded invite is the page's truth: a refetch would only lose what it grants.
    enabled: embedded === null,
    queryFn: async (): Promise<PageData> => {
      try {
        const v = await client.invites.validate(code);
        return {
          invite: {
            ...v,
            boundTo: v.email ? 'email' : null,
            role: null,
            permissions: [],
            groups: [],
            // Only the page the server renders learns where the invite leads.
            redirect: null,
          },
        };
      } catch (error) {
        if (isGuestlistError(error)) {
          const title = error.status === 404 ? 'Invite not found' : 'This invite cannot be used';
          return { error: { code: error.code, status: error.status, title, text: error.message } };
        }
        throw error;
      }
    },
  });
  const [done, setDone] = useState<{ title: string; text: string } | null>(null);
  // Refused on accept or decline (expired or canceled meanwhile): the inviter is known here.
  const [refused, setRefused] = useState<Refusal | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [done, refused]);

  if (page.isPending) return <Shell title="Loading the invite…" />;
  if (page.isError || !page.data) return <Shell title="This invite cannot be shown" />;
  if ('error' in page.data) {
    return (
      <Shell title={refusalTitle(page.data.error)} headingRef={heading}>
        <RefusalBody refusal={page.data.error} />
      </Shell>
    );
  }
  const invite = page.data.invite;
  if (refused) {
    return (
      <Shell title={refusalTitle(refused)} headingRef={heading}>
        <RefusalBody refusal={refused} inviter={invite.inviter?.name} />
      </Shell>
    );
  }
  if (done) {
    return (
      <Shell title={done.title} headingRef={heading}>
        <p>{done.text}</p>
        <p>
          <a href="/">Open Guestlist</a>
        </p>
      </Shell>
    );
  }
  return (
    <Shell title="You're invited" headingRef={heading}>
      <Summary invite={invite} />
      <Act
        code={code}
        invite={invite}
        onRefused={setRefused}
        onDone={(outcome, result) => {
          // Said on the page too: the application may take a moment to answer.
          const leaving = followRedirect(invite, outcome);
          setDone(leaving ? { ...result, text: `${result.text} Taking you back…` } : result);
        }}
      />
    </Shell>
  );
}

function Shell({
  title,
  headingRef,
  children,
}: {
  title: string;
  headingRef?: React.Ref<HTMLHeadingElement>;
  children?: React.ReactNode;
}) {
  useEffect(() => {
    document.title = `${title} · Guestlist`;
  }, [title]);
  return (
    <main className="invite">
      <h1 ref={headingRef} tabIndex={-1}>
        {title}
      </h1>
      {children}
    </main>
  );
}

function Summary({ invite }: { invite: InvitePreview }) {
  const grants = [
    ...(invite.role ? [`the ${invite.role} role`] : []),
    ...invite.groups.map((group) => `the ${group.name} group`),
    ...invite.permissions.map((permission) => `the ${permission} permission`),
  ];
  return (
    <>
      <p className="lead">
        {invite.inviter?.name ?? 'Someone'} invited you to join{' '}
        <strong>{invite.namespace?.path ?? 'Guestlist'}</strong>.
      </p>
      <dl>
        {grants.length > 0 && (
          <>
            <dt>It grants</dt>
            <dd>{grants.join(', ')}</dd>
          </>
        )}
        {invite.email && (
          <>
            <dt>For</dt>
            <dd>{invite.email}</dd>
          </>
        )}
        <dt>Expires</dt>
        <dd>
          {invite.expiresAt ? (
            <time dateTime={invite.expiresAt}>{new Date(invite.expiresAt).toUTCString()}</time>
          ) : (
            'Never'
          )}
        </dd>
      </dl>
    </>
  );
}

type Done = (outcome: RedirectOutcome, result: { title: string; text: string }) => void;
type Refused = (refusal: Refusal) => void;

/** Signed in: accept or decline. Signed out: create an account with the code, or sign in. */
function Act({
  code,
  invite,
  onDone,
  onRefused,
}: {
  code: string;
  invite: InvitePreview;
  onDone: Done;
  onRefused: Refused;
}) {
  const me = useMe();
  const { token, signOut } = useSession();
  const [mode, setMode] = useState<'register' | 'login'>(
    invite.boundTo === 'user' ? 'login' : 'register',
  );
  if (token && me.isPending) return <p>Checking who you are…</p>;
  if (token && me.data) {
    return (
      <section aria-label="Respond">
        <p>
          Signed in as <strong>{me.data.username}</strong>.{' '}
          <button type="button" className="link" onClick={() => void signOut()}>
            Not you? Sign out
          </button>
        </p>
        <Respond
          code={code}
          invite={invite}
          onDone={onDone}
          onRefused={onRefused}
          unproven={
            !me.data.emailVerified && invite.email !== null && invite.email === me.data.email
          }
        />
      </section>
    );
  }
  return (
    <section aria-label="Sign up or sign in">
      <fieldset className="tabs">
        <legend className="visually-hidden">How to continue</legend>
        {invite.boundTo !== 'user' && (
          <button
            type="button"
            aria-pressed={mode === 'register'}
            onClick={() => setMode('register')}
          >
            Create an account
          </button>
        )}
        <button type="button" aria-pressed={mode === 'login'} onClick={() => setMode('login')}>
          I have an account
        </button>
      </fieldset>
      {mode === 'register' ? <Register code={code} invite={invite} onDone={onDone} /> : <Login />}
    </section>
  );
}

function Respond({
  code,
  invite,
  onDone,
  onRefused,
  unproven,
}: {
  code: string;
  invite: InvitePreview;
  onDone: Done;
  onRefused: Refused;
  /** The invite is for the person's own address, which they have not proven yet (R9). */
  unproven: boolean;
}) {
  const { client } = useSession();
  const queries = useQueryClient();
  const where = invite.namespace?.path ?? 'Guestlist';
  const refuse = (error: unknown) => {
    const refusal = asRefusal(error);
    if (refusal) onRefused(refusal);
  };
  const accept = useMutation({
    mutationFn: () => client.invites.accept(code),
    onError: refuse,
    onSuccess: () =>
      onDone('accepted', {
        title: 'Invite accepted',
        text: invite.namespace
          ? `You are now a ${invite.role ?? 'member'} of ${where}.`
          : 'What the invite grants is now yours.',
      }),
  });
  const decline = useMutation({
    mutationFn: () => client.invites.decline(code),
    onError: refuse,
    onSuccess: () =>
      onDone('declined', {
        title: 'Invite declined',
        text: `You declined the invite to ${where}.`,
      }),
  });
  const busy = accept.isPending || decline.isPending;
  const refused = (accept.error ?? decline.error) as { code?: string } | null;
  if (unproven || refused?.code === 'EMAIL_NOT_VERIFIED') {
    return (
      <VerifyPrompt
        email={invite.email ?? 'your address'}
        onVerified={() => {
          accept.reset();
          decline.reset();
          void queries.invalidateQueries({ queryKey: ['me'] });
        }}
      />
    );
  }
  return (
    <div className="actions">
      <button type="button" disabled={busy} onClick={() => accept.mutate()}>
        Accept the invite
      </button>
      <button type="button" className="secondary" disabled={busy} onClick={() => decline.mutate()}>
        Decline
      </button>
      <ErrorText error={accept.error ?? decline.error} />
    </div>
  );
}

function Register({ code, invite, onDone }: { code: string; invite: InvitePreview; onDone: Done }) {
  const { client, signIn } = useSession();
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
        title: `Welcome, ${user.name ?? user.username}`,
        text: `Your account is ready and you are signed in as ${user.username}.`,
      });
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    register.mutate(new FormData(event.currentTarget));
  };
  return (
    <form onSubmit={submit} aria-label="Create an account">
      <label>
        Email
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
          This invite is for this address.
        </p>
      )}
      <label>
        Username
        <input name="username" autoComplete="username" required minLength={2} maxLength={39} />
      </label>
      <label>
        Name <span className="hint">(optional)</span>
        <input name="name" autoComplete="name" maxLength={200} />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="new-password" required minLength={8} />
      </label>
      <button type="submit" disabled={register.isPending}>
        Create my account
      </button>
      <ErrorText error={register.error} />
    </form>
  );
}

export function Login() {
  const { client, signIn } = useSession();
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
    <form onSubmit={submit} aria-label="Sign in">
      <label>
        Username or email
        <input name="handle" autoComplete="username" required />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      <button type="submit" disabled={login.isPending}>
        Sign in
      </button>
      <button type="button" className="link" onClick={() => setForgot(true)}>
        Forgot your password?
      </button>
      <ErrorText error={login.error} />
    </form>
  );
}
