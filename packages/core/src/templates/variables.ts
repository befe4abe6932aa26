/**
 * The variables every template may use (spec §11), the one documented list: docs/spec.md §11
 * repeats it. Every kind gets all of them, so a template never fails on a name that another
 * kind fills; what does not apply is empty (`''`, `[]`, `null`). Values from outside are plain
 * text: the HTML body escapes them as it outputs them.
 */
import type { Locale } from '../domain/vocabulary.ts';

export interface TemplateVariables {
  /** `en`, `de`, `fr` or `es`: the language this email is written in. */
  locale: Locale;
  product: {
    /** The `productName` setting. */
    name: string;
    /** The `logoUrl` setting (https), or null. */
    logoUrl: string | null;
    /** The `accentColor` setting, `#rrggbb`. */
    accentColor: string;
    /** The `supportEmail` setting, or null. */
    supportEmail: string | null;
  };
  /** The link the email is for: the invite page, or the verification or reset page. */
  link: string;
  /** The address the email goes to. */
  recipient: string;
  invite: {
    /** The invite page (the same as `link` in invite emails; `''` in account emails). */
    url: string;
    /** When it expires, written in the locale, in UTC ("29. November 2026 um 14:05 UTC"); null: never. */
    expiresAt: string | null;
  };
  inviter: {
    /** "Ada Lovelace (@ada)", "@ada", or for an invite made with an API key, "The Acme team". */
    name: string;
    /** True when the invite was made with an API key: `name` is then the product's team. */
    isTeam: boolean;
  };
  /** The namespace of a namespace invite (`owner/name`), else `''`. */
  namespace: { path: string };
  /** The role a namespace invite gives, in the locale's words, else `''`. */
  role: string;
  /** What an account invite grants: each permission's label (`permissionLabels`) or the permission. */
  grants: string[];
  /** The groups an account invite joins. */
  groups: string[];
  /** Account emails: how many hours the link works. */
  validHours: number;
}

/** The documented names, for docs and for a test that keeps this list and the type together. */
export const templateVariableNames = [
  'locale',
  'product.name',
  'product.logoUrl',
  'product.accentColor',
  'product.supportEmail',
  'link',
  'recipient',
  'invite.url',
  'invite.expiresAt',
  'inviter.name',
  'inviter.isTeam',
  'namespace.path',
  'role',
  'grants',
  'groups',
  'validHours',
];

/** What a preview renders with: believable values of every variable. */
export function sampleVariables(
  locale: Locale,
  product: TemplateVariables['product'],
): TemplateVariables {
  const link = 'https://guestlist.example/i/SAMPLE-CODE';
  return {
    locale,
    product,
    link,
    recipient: 'grace@example.com',
    invite: { url: link, expiresAt: null },
    inviter: { name: 'Ada Lovelace (@ada)', isTeam: false },
    namespace: { path: 'ada/acme' },
    role: 'member',
    grants: ['invite:read'],
    groups: ['editors'],
    validHours: 24,
  };
}
