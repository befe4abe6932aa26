/**
 * What a browser page needs, without the catalogues: it negotiates its language with these,
 * then imports only that language's `messages/{locale}.json`.
 */
export type { Catalogue, MessageKey } from './catalogues.ts';
export { negotiateLanguages } from './languages.ts';
export { catalogueLocales, intlLocale, isLocale, type Locale } from './locales.ts';
export { formatList, type MessageValues, messageFormatter } from './message-format.ts';
