import { describe, expect, it } from 'vitest';
import { negotiateLanguages } from '../src/index.ts';

describe("a browser's languages (spec §11)", () => {
  it('takes the first language there is a catalogue for, a region counting as its language', () => {
    expect(negotiateLanguages(['nl-BE', 'de-AT', 'fr'], 'en')).toBe('de');
    expect(negotiateLanguages(['ES-mx'], 'en')).toBe('es');
  });

  it('falls back to the default when none is ours', () => {
    expect(negotiateLanguages(['nl', 'pt-BR'], 'fr')).toBe('fr');
    expect(negotiateLanguages([], 'de')).toBe('de');
  });
});
