import { describe, expect, it } from 'vitest';
import { formatDateTime, formatList, negotiateLocale, translate } from '../src/index.ts';

const date = new Date('2026-11-29T14:05:00Z');

describe('formatting (spec §11)', () => {
  it('writes a date as each locale does, in UTC', () => {
    expect(formatDateTime('en', date)).toBe('29 November 2026 at 14:05 UTC');
    expect(formatDateTime('de', date)).toBe('29. November 2026 um 14:05 UTC');
    expect(formatDateTime('fr', date)).toBe('29 novembre 2026 à 14:05 UTC');
    expect(formatDateTime('es', date)).toBe('29 de noviembre de 2026 a las 14:05 UTC');
  });

  it('chooses the plural form of the locale', () => {
    expect(translate('en', 'email.linkValidity', { hours: 1 })).toBe(
      'The link works once, for 1 hour.',
    );
    expect(translate('en', 'email.linkValidity', { hours: 24 })).toBe(
      'The link works once, for 24 hours.',
    );
    expect(translate('de', 'email.linkValidity', { hours: 1 })).toContain('eine Stunde');
    expect(translate('fr', 'email.linkValidity', { hours: 24 })).toContain('24 heures');
  });

  it('joins lists as the locale does', () => {
    expect(formatList('en', ['a', 'b', 'c'])).toBe('a, b and c');
    expect(formatList('de', ['a', 'b', 'c'])).toBe('a, b und c');
    expect(formatList('fr', ['a', 'b'])).toBe('a et b');
    expect(formatList('es', ['a', 'b'])).toBe('a y b');
  });
});

describe('negotiateLocale', () => {
  it('follows the q-values', () => {
    expect(negotiateLocale('fr;q=0.4, es;q=0.9, en;q=0.1', 'en')).toBe('es');
    expect(negotiateLocale('ja, de;q=0.5', 'en')).toBe('de');
  });

  it('reads a regional tag as its language', () => {
    expect(negotiateLocale('de-AT', 'en')).toBe('de');
    expect(negotiateLocale('es-MX,es;q=0.9', 'fr')).toBe('es');
  });

  it('falls back when nothing fits', () => {
    expect(negotiateLocale(undefined, 'de')).toBe('de');
    expect(negotiateLocale('', 'fr')).toBe('fr');
    expect(negotiateLocale('ja, zh;q=0.8', 'es')).toBe('es');
    expect(negotiateLocale('*', 'de')).toBe('de');
    expect(negotiateLocale(';;;,,,q=', 'de')).toBe('de');
    expect(negotiateLocale(`${'x'.repeat(2000)}, fr`, 'de')).toBe('de');
  });
});
