import { IntlMessageFormat, type PrimitiveType } from 'intl-messageformat';
import { catalogues, type Locale, type MessageKey } from './catalogues.ts';

/**
 * Named formats the catalogues may use. Emails are read anywhere on earth, so their times are
 * given in UTC and say so, rather than in the server's zone.
 */
const formats = {
  date: { utcLong: { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' } },
  time: { utcShort: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' } },
} as const;

/**
 * English is written day first ("29 November 2026"), as British English does: unambiguous to
 * every English reader, where "11/29" and "November 29," are American habits.
 */
function intlLocale(locale: Locale): string {
  return locale === 'en' ? 'en-GB' : locale;
}

const compiled = new Map<string, IntlMessageFormat>();

function formatter(locale: Locale, key: MessageKey): IntlMessageFormat {
  const id = `${locale}\u0000${key}`;
  let format = compiled.get(id);
  if (!format) {
    format = new IntlMessageFormat(catalogues[locale][key], intlLocale(locale), formats);
    compiled.set(id, format);
  }
  return format;
}

export type MessageValues = Record<string, PrimitiveType | Date>;

/** The message `key` in `locale`, its ICU arguments filled from `values`. */
export function translate(locale: Locale, key: MessageKey, values: MessageValues = {}): string {
  const result = formatter(locale, key).format<string>(values);
  return Array.isArray(result) ? result.join('') : String(result);
}

/** A date and time as the locale writes them, in UTC, saying so ("29 November 2026 at 14:05 UTC"). */
export function formatDateTime(locale: Locale, date: Date): string {
  return translate(locale, 'email.date', { date });
}

/** "a, b and c" as the locale joins a list. */
export function formatList(locale: Locale, items: readonly string[]): string {
  return new Intl.ListFormat(intlLocale(locale), { style: 'long', type: 'conjunction' }).format(
    items,
  );
}
