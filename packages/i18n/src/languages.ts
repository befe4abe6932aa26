import { isLocale, type Locale } from './locales.ts';

/**
 * The best of our languages for a browser's `navigator.languages` (most preferred first, as the
 * browser's own `Accept-Language` orders them): the first whose language we have (`de-AT`
 * counts as `de`), else `fallback`. Without the header parser, so a page does not carry it.
 */
export function negotiateLanguages(languages: readonly string[], fallback: Locale): Locale {
  for (const tag of languages.slice(0, 20)) {
    const language = tag.split('-')[0]?.toLowerCase();
    if (isLocale(language)) return language;
  }
  return fallback;
}
