/**
 * The languages there are catalogues for, `en` first, without the catalogues themselves: a
 * browser page negotiates with this list, then loads only the one catalogue it needs.
 * `test/catalogues.test.ts` holds it to the files in `messages/`.
 */
export const catalogueLocales = ['en', 'de', 'fr', 'es'] as const;

export type Locale = (typeof catalogueLocales)[number];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (catalogueLocales as readonly string[]).includes(value);
}

/**
 * The locale `Intl` formats with. English is written day first ("29 November 2026"), as
 * British English does: unambiguous to every English reader, where "11/29" and "November 29,"
 * are American habits.
 */
export function intlLocale(locale: Locale): string {
  return locale === 'en' ? 'en-GB' : locale;
}
