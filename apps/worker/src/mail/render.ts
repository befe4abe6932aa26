import {
  type AccountEmailDraft,
  accountKind,
  accountLocale,
  accountVariables,
  type EmailDraft,
  inviteKind,
  inviteLocale,
  inviteVariables,
  type Locale,
  type RenderedEmail,
  type SettingsView,
  type TemplateKind,
  type TemplateVariables,
} from '@guestlist/core';

export type { RenderedEmail };

/** Renders an email of a kind in a locale: the operator's template, else the built-in one. */
export type TemplateRenderer = (
  kind: TemplateKind,
  locale: Locale,
  variables: TemplateVariables,
) => Promise<RenderedEmail>;

// Anything else (javascript:, data:) would become a clickable script or phishing vector.
export function safeLink(link: string): string {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw new Error('Invite link is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`Invite link must use http or https, got ${url.protocol}`);
  }
  return url.href;
}

/** An invite email (spec R16, §11) in the invite's language, else the default one. */
export async function renderInviteEmail(
  render: TemplateRenderer,
  draft: EmailDraft,
  settings: SettingsView,
): Promise<RenderedEmail> {
  const link = safeLink(draft.link);
  const locale = inviteLocale(draft, settings);
  return render(inviteKind(draft), locale, inviteVariables(draft, link, settings, locale));
}

/**
 * A verification or password-reset email (spec §8, §11), in the language of the browser whose
 * request caused it, else the default one.
 */
export async function renderAccountEmail(
  render: TemplateRenderer,
  draft: AccountEmailDraft,
  settings: SettingsView,
  acceptLanguage: string | null | undefined,
): Promise<RenderedEmail> {
  const link = safeLink(draft.link);
  const locale = accountLocale(acceptLanguage, settings);
  return render(
    accountKind(draft.purpose),
    locale,
    accountVariables(draft, link, settings, locale),
  );
}
