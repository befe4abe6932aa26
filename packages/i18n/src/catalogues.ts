import de from '../messages/de.json' with { type: 'json' };
import en from '../messages/en.json' with { type: 'json' };
import es from '../messages/es.json' with { type: 'json' };
import fr from '../messages/fr.json' with { type: 'json' };
import type { Locale } from './locales.ts';

export { catalogueLocales, isLocale, type Locale } from './locales.ts';

/** The message keys, as `en` has them: `en` is the reference every other catalogue follows. */
export type MessageKey = keyof typeof en;

/** One language's messages. */
export type Catalogue = Record<MessageKey, string>;

/**
 * One ICU catalogue per language (spec §11). Adding a language is a file in `messages/`, a
 * line here and one in `locales.ts`; `test/catalogues.test.ts` holds it to `en`'s keys and
 * arguments.
 */
export const catalogues = { en, de, fr, es } satisfies Record<Locale, Catalogue>;
