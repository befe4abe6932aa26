export {
  catalogueLocales,
  catalogues,
  isLocale,
  type Locale,
  type MessageKey,
} from './catalogues.ts';
export { formatDateTime, formatList, type MessageValues, translate } from './format.ts';
export { negotiateLocale } from './negotiate.ts';
