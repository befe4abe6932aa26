import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { catalogueLocales, catalogues } from '../src/index.ts';

type Node = { type: number; value?: string; options?: Record<string, { value: Node[] }> } & {
  children?: Node[];
};

/** Every ICU argument a message takes, as `name:type` (plural, date, ...), sorted. */
function argumentsOf(message: string, locale: string): string[] {
  const found = new Set<string>();
  const walk = (nodes: Node[]) => {
    for (const node of nodes) {
      // 0 literal, 7 pound (#): no argument of their own.
      if (node.type !== 0 && node.type !== 7 && node.value) found.add(`${node.value}:${node.type}`);
      for (const option of Object.values(node.options ?? {})) walk(option.value);
      if (node.children) walk(node.children);
    }
  };
  walk(new IntlMessageFormat(message, locale).getAst() as unknown as Node[]);
  return [...found].sort();
}

const en = catalogues.en;

describe('message catalogues (spec §11)', () => {
  it('has the four languages', () => {
    expect(catalogueLocales).toEqual(['en', 'de', 'fr', 'es']);
  });

  for (const locale of catalogueLocales.filter((l) => l !== 'en')) {
    describe(locale, () => {
      const catalogue = catalogues[locale] as Record<string, string>;

      it('has every key en has, and none en lacks', () => {
        expect(Object.keys(catalogue).sort()).toEqual(Object.keys(en).sort());
      });

      it('takes the same ICU arguments as en in every message', () => {
        for (const [key, message] of Object.entries(en)) {
          const translated = catalogue[key];
          expect(translated, key).toBeTypeOf('string');
          expect(argumentsOf(translated!, locale), key).toEqual(argumentsOf(message, 'en'));
        }
      });

      it('is translated, not copied', () => {
        const same = Object.entries(en).filter(
          ([key, message]) => catalogue[key] === message && /[a-z]{4}/.test(message),
        );
        expect(same.map(([key]) => key)).toEqual([]);
      });
    });
  }

  it('tells argument differences apart (the check itself)', () => {
    expect(argumentsOf('{n, plural, one {# day} other {# days}}', 'en')).not.toEqual(
      argumentsOf('{n} days', 'en'),
    );
    expect(argumentsOf('{a} {b}', 'en')).not.toEqual(argumentsOf('{a}', 'en'));
  });
});
