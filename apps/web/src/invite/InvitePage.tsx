import { isGuestlistError } from '@guestlist/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Logo, useBranding } from '../branding.tsx';
import { type Translator, useI18n } from '../i18n.tsx';
import { ErrorText, useMe, useSession } from '../session.tsx';
import { type Done, Login, Register } from './Forms.tsx';
import { type InvitePreview, type PageData, type Refusal, readPageData } from './preview.ts';
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
  const { t } = useI18n();
  const { productName } = useBranding();
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
          const title = t(error.status === 404 ? 'page.refusal.notFound' : 'page.refusal.other');
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

  if (page.isPending) return <Shell title={t('page.loading')} />;
  if (page.isError || !page.data) return <Shell title={t('page.invite.unavailable')} />;
  if ('error' in page.data) {
    return (
      <Shell title={refusalTitle({ t }, page.data.error)} headingRef={heading}>
        <RefusalBody refusal={page.data.error} />
      </Shell>
    );
  }
  const invite = page.data.invite;
  if (refused) {
    return (
      <Shell title={refusalTitle({ t }, refused)} headingRef={heading}>
        <RefusalBody refusal={refused} inviter={invite.inviter?.name} />
      </Shell>
    );
  }
  if (done) {
    return (
      <Shell title={done.title} headingRef={heading}>
        <p>{done.text}</p>
        <p>
          <a href="/">{t('page.open', { product: productName })}</a>
        </p>
      </Shell>
    );
  }
  return (
    <Shell title={t('page.invite.heading')} headingRef={heading}>
      <Summary invite={invite} />
      <Act
        code={code}
        invite={invite}
        onRefused={setRefused}
        onDone={(outcome, result) => {
          // Said on the page too: the application may take a moment to answer.
          const leaving = followRedirect(invite, outcome);
          setDone(
            leaving ? { ...result, text: `${result.text} ${t('page.takingYouBack')}` } : result,
          );
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
  const { productName } = useBranding();
  useEffect(() => {
    document.title = `${title} · ${productName}`;
  }, [title, productName]);
  return (
    <main className="invite">
      <Logo />
      <h1 ref={headingRef} tabIndex={-1}>
        {title}
      </h1>
      {children}
    </main>
  );
}

/** What the invite grants, in the reader's words: the operator's label for a permission. */
function grantLines(
  { t, list }: Translator,
  invite: InvitePreview,
  labels: Record<string, string>,
): string[] {
  const lines: string[] = [];
  if (invite.role) {
    const role =
      invite.role === 'admin' || invite.role === 'member' ? t(`role.${invite.role}`) : invite.role;
    lines.push(t('page.invite.role', { role }));
  }
  if (invite.groups.length > 0)
    lines.push(
      t('invite.groups', {
        count: invite.groups.length,
        groups: list(invite.groups.map((group) => group.name)),
      }),
    );
  if (invite.permissions.length > 0)
    lines.push(
      t('invite.grants', {
        grants: list(
          invite.permissions.map(
            (permission) => labels[permission] ?? t('page.invite.permission', { permission }),
          ),
        ),
      }),
    );
  return lines;
}

function Summary({ invite }: { invite: InvitePreview }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { productName, permissionLabels } = useBranding();
  const grants = grantLines(i18n, invite, permissionLabels);
  return (
    <>
      <p className="lead">
        {t('page.invite.lead', {
          inviter: invite.inviter?.name ?? t('page.invite.someone'),
          target: invite.namespace?.path ?? productName,
        })}
      </p>
      <dl>
        {grants.length > 0 && (
          <>
            <dt>{t('page.invite.grantsLabel')}</dt>
            {grants.map((line) => (
              <dd key={line}>{line}</dd>
            ))}
          </>
        )}
        {invite.email && (
          <>
            <dt>{t('page.invite.forLabel')}</dt>
            <dd>{invite.email}</dd>
          </>
        )}
        <dt>{t('page.invite.expiresLabel')}</dt>
        <dd>
          {invite.expiresAt ? (
            <time dateTime={invite.expiresAt}>{i18n.dateTime(invite.expiresAt)}</time>
          ) : (
            t('page.invite.never')
          )}
        </dd>
      </dl>
    </>
  );
}

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
  const { t } = useI18n();
  const { token, signOut } = useSession();
  const [mode, setMode] = useState<'register' | 'login'>(
    invite.boundTo === 'user' ? 'login' : 'register',
  );
  if (token && me.isPending) return <p>{t('page.checkingWho')}</p>;
  if (token && me.data) {
    return (
      <section aria-label={t('page.invite.respond')}>
        <p>
          {t('page.signedInAs', { username: me.data.username })}{' '}
          <button type="button" className="link" onClick={() => void signOut()}>
            {t('page.notYou')}
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
    <section aria-label={t('page.signUpOrIn')}>
      <fieldset className="tabs">
        <legend className="visually-hidden">{t('page.howToContinue')}</legend>
        {invite.boundTo !== 'user' && (
          <button
            type="button"
            aria-pressed={mode === 'register'}
            onClick={() => setMode('register')}
          >
            {t('page.register')}
          </button>
        )}
        <button type="button" aria-pressed={mode === 'login'} onClick={() => setMode('login')}>
          {t('page.haveAccount')}
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
  const { t } = useI18n();
  const { productName } = useBranding();
  const queries = useQueryClient();
  const where = invite.namespace?.path ?? productName;
  const refuse = (error: unknown) => {
    const refusal = asRefusal(error);
    if (refusal) onRefused(refusal);
  };
  const accept = useMutation({
    mutationFn: () => client.invites.accept(code),
    onError: refuse,
    onSuccess: () =>
      onDone('accepted', {
        title: t('page.invite.accepted'),
        text: invite.namespace
          ? t('page.invite.acceptedNamespace', {
              where,
              role: invite.role === 'admin' ? t('role.admin') : t('role.member'),
            })
          : t('page.invite.acceptedAccount'),
      }),
  });
  const decline = useMutation({
    mutationFn: () => client.invites.decline(code),
    onError: refuse,
    onSuccess: () =>
      onDone('declined', {
        title: t('page.invite.declined'),
        text: t('page.invite.declinedText', { where }),
      }),
  });
  const busy = accept.isPending || decline.isPending;
  const refused = (accept.error ?? decline.error) as { code?: string } | null;
  if (unproven || refused?.code === 'EMAIL_NOT_VERIFIED') {
    return (
      <VerifyPrompt
        email={invite.email ?? ''}
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
        {t('page.invite.acceptButton')}
      </button>
      <button type="button" className="secondary" disabled={busy} onClick={() => decline.mutate()}>
        {t('invite.decline')}
      </button>
      <ErrorText error={accept.error ?? decline.error} />
    </div>
  );
}
