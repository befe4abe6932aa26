import { type Catalogue, catalogues, type Locale, type MessageKey } from './catalogues.ts';
import { type MessageValues, messageFormatter } from './message-format.ts';

export { formatList, type MessageValues } from './message-format.ts';

const formatters = new Map<Locale, (key: MessageKey, values?: MessageValues) => string>();

/** The message `key` in `locale`, its ICU arguments filled from `values`. */
export function translate(locale: Locale, key: MessageKey, values: MessageValues = {}): string {
  let format = formatters.get(locale);
  if (!format) {
    format = messageFormatter<MessageKey>(locale, catalogues[locale] as Catalogue);
    formatters.set(locale, format);
  }
  return format(key, values);
}

/** A date and time as the locale writes them, in UTC, saying so ("29 November 2026 at 14:05 UTC"). */
export function formatDateTime(locale: Locale, date: Date): string {
  return translate(locale, 'email.date', { date });
}
