export {
  type Catalogue,
  catalogueLocales,
  catalogues,
  isLocale,
  type Locale,
  type MessageKey,
} from './catalogues.ts';
export { formatDateTime, formatList, type MessageValues, translate } from './format.ts';
export { negotiateLanguages } from './languages.ts';
export { intlLocale } from './locales.ts';
export { messageFormatter } from './message-format.ts';
export { negotiateLocale } from './negotiate.ts';
