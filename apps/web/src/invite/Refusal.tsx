import type { MessageKey } from '@guestlist/i18n/browser';
import { useBranding } from '../branding.tsx';
import { type Translator, useI18n } from '../i18n.tsx';
import { useMe, useSession } from '../session.tsx';
import type { Refusal } from './preview.ts';

/** What happened to an invite, in plain words, by the code the server refused it with. */
const WHAT_HAPPENED: Record<string, [title: MessageKey, text: MessageKey]> = {
  INVITE_NOT_FOUND: ['page.refusal.notFound', 'page.refusal.notFoundText'],
  INVITE_EXPIRED: ['page.refusal.expired', 'page.refusal.expiredText'],
  INVITE_CANCELED: ['page.refusal.canceled', 'page.refusal.canceledText'],
  INVITE_DECLINED: ['page.refusal.declined', 'page.refusal.declinedText'],
  INVITE_USED: ['page.refusal.used', 'page.refusal.usedText'],
};

/** Passing refusals: no new invite cures them, but they are said in the reader's language. */
const PASSING: Record<string, [title: MessageKey, text: MessageKey]> = {
  INVITES_DISABLED: ['page.refusal.paused', 'page.refusal.pausedText'],
  RATE_LIMITED: ['page.refusal.rateLimited', 'page.refusal.rateLimitedText'],
};

/** Refusals that a new invite cures; the others (paused invites, too many tries) pass. */
const NEEDS_NEW_INVITE = new Set(Object.keys(WHAT_HAPPENED));

const wordsFor = (code: string) => WHAT_HAPPENED[code] ?? PASSING[code];

/** A refusal's title: ours for the codes we know, the server's otherwise. */
export function refusalTitle(
  { t }: Pick<Translator, 't'>,
  refusal: Pick<Refusal, 'code' | 'title'>,
) {
  const words = wordsFor(refusal.code);
  return words ? t(words[0]) : refusal.title;
}

/** A refusal from a failed accept or decline, when it is one a code can meet. */
export function asRefusal(error: unknown): Refusal | null {
  const { code, status, message } = (error ?? {}) as {
    code?: string;
    status?: number;
    message?: string;
  };
  if (!code || !NEEDS_NEW_INVITE.has(code)) return null;
  return { code, status: status ?? 410, title: code, text: message ?? '' };
}

/**
 * Not a dead end: what happened, then what to do about it (ask for a new invite, naming the
 * inviter when the page knows them), and where to go from here.
 */
export function RefusalBody({ refusal, inviter }: { refusal: Refusal; inviter?: string | null }) {
  const { token } = useSession();
  const me = useMe();
  const { t } = useI18n();
  const { productName } = useBranding();
  const words = wordsFor(refusal.code);
  return (
    <>
      <p>{words ? t(words[1]) : refusal.text}</p>
      {NEEDS_NEW_INVITE.has(refusal.code) && (
        <p className="lead">
          {inviter ? t('page.refusal.askInviter', { inviter }) : t('page.refusal.askSomeone')}
        </p>
      )}
      <nav aria-label={t('page.whereNext')}>
        <ul>
          {token && me.data && (
            <li>
              <a href="/console/namespaces">{t('page.openConsole')}</a>
              {t('page.consoleWhy', { username: me.data.username })}
            </li>
          )}
          <li>
            <a href="/">{t('page.home', { product: productName })}</a>
          </li>
        </ul>
      </nav>
    </>
  );
}
