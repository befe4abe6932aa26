/**
 * The languages there are catalogues for, `en` first, each with the locale `Intl` writes it in,
 * without the catalogues themselves: a browser page negotiates with these, then loads only the
 * one catalogue it needs. `test/catalogues.test.ts` holds them to the files in `messages/`.
 *
 * English is written day first ("29 November 2026"), as British English does: unambiguous to
 * every English reader, where "11/29" and "November 29," are American habits.
 */
const intlLocales = { en: 'en-GB', de: 'de', fr: 'fr', es: 'es' } as const;

export type Locale = keyof typeof intlLocales;

export const catalogueLocales = Object.keys(intlLocales) as Locale[];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && Object.hasOwn(intlLocales, value);
}

/** The locale `Intl` formats `locale`'s dates and lists with. */
export function intlLocale(locale: Locale): string {
  return intlLocales[locale];
}
