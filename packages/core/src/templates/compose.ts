/**
 * The variables of a real email (spec §11), from what the worker knows: the invite's draft or
 * the account token's, and the settings. Dates are written in the email's locale, in UTC; a
 * permission is shown as its label where the operator gave one. Values from outside lose their
 * control characters here, as the text body and the subject output them as they are.
 */
import { formatDateTime, negotiateLocale, translate } from '@guestlist/i18n';
import type { SettingsView } from '../domain/types.ts';
import type { AccountTokenPurpose, Locale, TemplateKind } from '../domain/vocabulary.ts';
import type { EmailDraft } from '../services/invites/delivery.ts';
import type { AccountEmailDraft } from '../services/users/account-mail.ts';
import { ACCOUNT_TOKEN_TTL_MS } from '../services/users/account-mail.ts';
import { plain } from './render.ts';
import type { TemplateVariables } from './variables.ts';

/** The product as templates see it (`product.*`). */
export const product = (settings: SettingsView): TemplateVariables['product'] => ({
  name: plain(settings.productName) || 'Guestlist',
  logoUrl: settings.logoUrl,
  accentColor: settings.accentColor,
  supportEmail: settings.supportEmail,
});

/** Each permission as people read it: the operator's label where there is one (§11). */
export function grantLabels(permissions: readonly string[], settings: SettingsView): string[] {
  const labels = settings.permissionLabels;
  return permissions
    .map((permission) =>
      plain(Object.hasOwn(labels, permission) ? labels[permission]! : permission),
    )
    .filter(Boolean);
}

const ROLE_KEYS = { admin: 'role.admin', member: 'role.member' } as const;

/** The invite's language, else the operator's default. */
export function inviteLocale(draft: EmailDraft, settings: SettingsView): Locale {
  return draft.locale ?? settings.defaultLocale;
}

/** The browser's language when the request that caused the email said one, else the default. */
export function accountLocale(
  acceptLanguage: string | null | undefined,
  settings: SettingsView,
): Locale {
  return negotiateLocale(acceptLanguage, settings.defaultLocale);
}

export function inviteKind(draft: EmailDraft): TemplateKind {
  return draft.type === 'namespace' ? 'namespace-invite' : 'invite';
}

export function accountKind(purpose: AccountTokenPurpose): TemplateKind {
  return purpose === 'verify-email' ? 'verify-email' : 'password-reset';
}

export function inviteVariables(
  draft: EmailDraft,
  link: string,
  settings: SettingsView,
  locale: Locale,
): TemplateVariables {
  const brand = product(settings);
  let inviter: TemplateVariables['inviter'];
  if (draft.inviter === null) {
    inviter = { name: translate(locale, 'invite.team', { product: brand.name }), isTeam: true };
  } else {
    const username = `@${plain(draft.inviter.username)}`;
    const name = draft.inviter.name === null ? '' : plain(draft.inviter.name);
    inviter = { name: name ? `${name} (${username})` : username, isTeam: false };
  }
  const role = draft.role === null ? '' : plain(draft.role);
  return {
    locale,
    product: brand,
    link,
    recipient: plain(draft.to),
    invite: {
      url: link,
      expiresAt: draft.expiresAt === null ? null : formatDateTime(locale, draft.expiresAt),
    },
    inviter,
    namespace: { path: draft.namespace === null ? '' : plain(draft.namespace.path) },
    role: role in ROLE_KEYS ? translate(locale, ROLE_KEYS[role as keyof typeof ROLE_KEYS]) : role,
    grants: grantLabels(draft.permissions, settings),
    groups: draft.groups.map((group) => plain(group.name)).filter(Boolean),
    validHours: 0,
  };
}

export function accountVariables(
  draft: AccountEmailDraft,
  link: string,
  settings: SettingsView,
  locale: Locale,
): TemplateVariables {
  return {
    locale,
    product: product(settings),
    link,
    recipient: plain(draft.to),
    invite: { url: '', expiresAt: null },
    inviter: { name: '', isTeam: false },
    namespace: { path: '' },
    role: '',
    grants: [],
    groups: [],
    validHours: Math.round(ACCOUNT_TOKEN_TTL_MS[draft.purpose] / 3_600_000),
  };
}
