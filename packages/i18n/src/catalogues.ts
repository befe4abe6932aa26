import de from '../messages/de.json' with { type: 'json' };
import en from '../messages/en.json' with { type: 'json' };
import es from '../messages/es.json' with { type: 'json' };
import fr from '../messages/fr.json' with { type: 'json' };

/** The message keys, as `en` has them: `en` is the reference every other catalogue follows. */
export type MessageKey = keyof typeof en;

/**
 * One ICU catalogue per language (spec §11). Adding a language is a file in `messages/` and a
 * line here; `test/catalogues.test.ts` holds it to `en`'s keys and arguments.
 */
export const catalogues = { en, de, fr, es } satisfies Record<string, Record<MessageKey, string>>;

export type Locale = keyof typeof catalogues;

/** The languages there are catalogues for, `en` first. */
export const catalogueLocales = Object.keys(catalogues) as Locale[];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && Object.hasOwn(catalogues, value);
}
