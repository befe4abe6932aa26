import {
  type Catalogue,
  formatList,
  intlLocale,
  isLocale,
  type Locale,
  type MessageKey,
  type MessageValues,
  messageFormatter,
  negotiateLanguages,
} from '@guestlist/i18n/browser';
import { createContext, useContext } from 'react';

/**
 * The pages people open from an invite or an email speak their language (spec §11): the
 * invite's, else the browser's, else the installation's default. Only that language's
 * catalogue is downloaded: one chunk per locale. (Typed as the JSON's text, the build hands
 * over each message parsed: see `messages-plugin.ts`.)
 */
const catalogues: Record<Locale, () => Promise<{ default: Catalogue }>> = {
  en: () => import('@guestlist/i18n/messages/en.json'),
  de: () => import('@guestlist/i18n/messages/de.json'),
  fr: () => import('@guestlist/i18n/messages/fr.json'),
  es: () => import('@guestlist/i18n/messages/es.json'),
};

export interface Translator {
  locale: Locale;
  t(key: MessageKey, values?: MessageValues): string;
  /** A date and time as the locale writes them, in the reader's time zone. */
  dateTime(iso: string): string;
  /** "a, b and c" in the locale. */
  list(items: readonly string[]): string;
}

export function chooseLocale(
  inviteLocale: unknown,
  languages: readonly string[],
  fallback: Locale,
): Locale {
  if (isLocale(inviteLocale)) return inviteLocale;
  return negotiateLanguages(languages, fallback);
}

export async function loadTranslator(locale: Locale): Promise<Translator> {
  const catalogue = (await catalogues[locale]()).default;
  const dates = new Intl.DateTimeFormat(intlLocale(locale), {
    dateStyle: 'long',
    timeStyle: 'short',
  });
  return {
    locale,
    t: messageFormatter<MessageKey>(locale, catalogue),
    dateTime: (iso) => dates.format(new Date(iso)),
    list: (items) => formatList(locale, items),
  };
}

const I18nContext = createContext<Translator | null>(null);
export const I18nProvider = I18nContext.Provider;

export function useI18n(): Translator {
  const translator = useContext(I18nContext);
  if (!translator) throw new Error('useI18n outside I18nProvider');
  return translator;
}
