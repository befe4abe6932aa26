import { catalogueLocales } from '@guestlist/i18n';
import { describe, expect, it } from 'vitest';
import { locales, templateKinds } from '../src/domain/vocabulary.ts';
import { builtinTemplate } from '../src/templates/builtin.ts';
import { renderTemplate } from '../src/templates/render.ts';
import { sampleVariables, templateVariableNames } from '../src/templates/variables.ts';

const product = {
  name: 'Guestlist',
  logoUrl: null,
  accentColor: '#1f883d',
  supportEmail: null,
};

describe('built-in templates (spec §11)', () => {
  it('has a catalogue for every locale of the vocabulary, and no other', () => {
    expect([...catalogueLocales].sort()).toEqual([...locales].sort());
  });

  for (const kind of templateKinds) {
    for (const locale of locales) {
      it(`${kind}.${locale} parses and renders on the sample variables`, async () => {
        const email = await renderTemplate(
          builtinTemplate(kind, locale),
          sampleVariables(locale, product),
          locale,
        );
        expect(email.subject.length).toBeGreaterThan(0);
        expect(email.text).toContain('https://guestlist.example/i/SAMPLE-CODE');
        expect(email.html).toContain(`<html lang="${locale}">`);
      });
    }
  }

  it('documents every variable the sample gives, and only those', () => {
    const names: string[] = [];
    const walk = (value: object, prefix: string) => {
      for (const [key, inner] of Object.entries(value)) {
        const name = `${prefix}${key}`;
        if (inner && typeof inner === 'object' && !Array.isArray(inner)) walk(inner, `${name}.`);
        else names.push(name);
      }
    };
    walk(sampleVariables('en', product), '');
    expect(names.sort()).toEqual([...templateVariableNames].sort());
  });
});
