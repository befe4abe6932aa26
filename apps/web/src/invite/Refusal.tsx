import { useMe, useSession } from '../session.tsx';
import type { Refusal } from './preview.ts';

/** What happened to an invite, in plain words, by the code the server refused it with. */
const WHAT_HAPPENED: Record<string, [title: string, text: string]> = {
  INVITE_NOT_FOUND: [
    'Invite not found',
    'This link does not match any invite. Check that you copied all of it: links in emails are sometimes cut in two.',
  ],
  INVITE_EXPIRED: [
    'This invite has expired',
    'Every invite works for a limited time, and the time of this one ran out before it was used.',
  ],
  INVITE_CANCELED: [
    'This invite was canceled',
    'Whoever sent it withdrew it, so the link no longer works.',
  ],
  INVITE_DECLINED: [
    'This invite was declined',
    'It was declined, and a declined invite can never be accepted afterwards.',
  ],
  INVITE_USED: [
    'This invite has been used',
    'It has been used as many times as it allows, so it cannot be used again.',
  ],
};

/** Refusals that a new invite cures; the others (paused invites, too many tries) pass. */
const NEEDS_NEW_INVITE = new Set(Object.keys(WHAT_HAPPENED));

/** A refusal's title: ours for the codes we know, the server's otherwise. */
export function refusalTitle(refusal: Pick<Refusal, 'code' | 'title'>): string {
  return WHAT_HAPPENED[refusal.code]?.[0] ?? refusal.title;
}

/** A refusal from a failed accept or decline, when it is one a code can meet. */
export function asRefusal(error: unknown): Refusal | null {
  const { code, status, message } = (error ?? {}) as {
    code?: string;
    status?: number;
    message?: string;
  };
  if (!code || !NEEDS_NEW_INVITE.has(code)) return null;
  return {
    code,
    status: status ?? 410,
    title: refusalTitle({ code, title: '' }),
    text: message ?? '',
  };
}

/**
 * Not a dead end: what happened, then what to do about it (ask for a new invite, naming the
 * inviter when the page knows them), and where to go from here.
 */
export function RefusalBody({ refusal, inviter }: { refusal: Refusal; inviter?: string | null }) {
  const { token } = useSession();
  const me = useMe();
  const text = WHAT_HAPPENED[refusal.code]?.[1] ?? refusal.text;
  return (
    <>
      <p>{text}</p>
      {NEEDS_NEW_INVITE.has(refusal.code) && (
        <p className="lead">
          {inviter
            ? `Ask ${inviter}, who invited you, for a new invite.`
            : 'Ask the person who invited you for a new invite.'}
        </p>
      )}
      <nav aria-label="Where to go next">
        <ul>
          {token && me.data && (
            <li>
              <a href="/console/namespaces">Open your console</a>, where invitations to your account
              wait (signed in as {me.data.username})
            </li>
          )}
          <li>
            <a href="/">Go to the Guestlist home page</a>
          </li>
        </ul>
      </nav>
    </>
  );
}
