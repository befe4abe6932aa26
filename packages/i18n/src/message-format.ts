import { IntlMessageFormat, type PrimitiveType } from 'intl-messageformat';

/** A message: ICU text, or the syntax tree its parser makes of it. */
type Message = ConstructorParameters<typeof IntlMessageFormat>[0];

import { intlLocale, type Locale } from './locales.ts';

/**
 * Named formats the catalogues may use. Emails are read anywhere on earth, so their times are
 * given in UTC and say so, rather than in the server's zone.
 */
const formats = {
  date: { utcLong: { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' } },
  time: { utcShort: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' } },
} as const;

export type MessageValues = Record<string, PrimitiveType | Date>;

/**
 * Formats one catalogue's messages, each compiled once. A message is ICU text, or its syntax
 * tree already parsed (the browser's build parses its catalogues ahead of time).
 */
export function messageFormatter<K extends string>(
  locale: Locale,
  catalogue: Readonly<Record<K, Message>>,
): (key: K, values?: MessageValues) => string {
  const compiled = new Map<K, IntlMessageFormat>();
  return (key, values = {}) => {
    let format = compiled.get(key);
    if (!format) {
      format = new IntlMessageFormat(catalogue[key], intlLocale(locale), formats);
      compiled.set(key, format);
    }
    const result = format.format<string>(values);
    return Array.isArray(result) ? result.join('') : String(result);
  };
}

/** "a, b and c" as the locale joins a list. */
export function formatList(locale: Locale, items: readonly string[]): string {
  return new Intl.ListFormat(intlLocale(locale), { style: 'long', type: 'conjunction' }).format(
    items,
  );
}
