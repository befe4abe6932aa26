import Negotiator from 'negotiator';
import { catalogueLocales, type Locale } from './locales.ts';

/** A header longer than this is not a browser's: it is ignored rather than parsed. */
const ACCEPT_LANGUAGE_MAX = 1024;

/**
 * The best of our languages for an `Accept-Language` header, by its q-values (`de-AT` counts as
 * `de`), or `fallback` when the header is missing, malformed or names none of them. A `*`
 * names no language in particular, so it is dropped: the operator's default is the better guess.
 */
export function negotiateLocale(
  acceptLanguage: string | null | undefined,
  fallback: Locale,
): Locale {
  if (!acceptLanguage || acceptLanguage.length > ACCEPT_LANGUAGE_MAX) return fallback;
  const named = acceptLanguage
    .split(',')
    .filter((entry) => !/^\s*\*\s*(;|$)/.test(entry))
    .join(',');
  if (!named.trim()) return fallback;
  const negotiator = new Negotiator({ headers: { 'accept-language': named } });
  const best = negotiator.language([...catalogueLocales]);
  return (best as Locale | undefined) ?? fallback;
}
