import { describe, expect, it } from 'vitest';
import { API_KEY_PATTERN, generateApiKeySecret, generateCode } from '../src/domain/codes.ts';
import { parseDuration } from '../src/domain/duration.ts';
import { maskEmail } from '../src/domain/email.ts';
import type { DomainError } from '../src/domain/errors.ts';
import { resolveExpiry } from '../src/domain/expiry.ts';
import { generateSecretKey, SecretBox } from '../src/domain/secrets.ts';

describe('codes (R3)', () => {
  it('token codes are 22 base62 characters, all different', () => {
    const codes = new Set(Array.from({ length: 10_000 }, () => generateCode('token')));
    expect(codes.size).toBe(10_000);
    for (const code of codes) expect(code).toMatch(/^[0-9A-Za-z]{22}$/);
  });

  it('uses every base62 character about equally (no modulo bias)', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 5_000; i++)
      for (const c of generateCode('token')) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(62);
    const expected = (5_000 * 22) / 62;
    for (const n of counts.values()) expect(Math.abs(n - expected) / expected).toBeLessThan(0.15);
  });

  it('uuid codes are v4 uuids and short codes 10 Crockford base32 characters', () => {
    expect(generateCode('uuid')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(generateCode('short')).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
  });

  it('prepends the prefix', () => {
    expect(generateCode('short', 'ACME-')).toMatch(/^ACME-[0-9A-HJKMNP-TV-Z]{10}$/);
  });

  it('API key secrets are gl_ and 40 base62 characters', () => {
    const secret = generateApiKeySecret();
    expect(secret).toMatch(/^gl_[0-9A-Za-z]{40}$/);
    expect(API_KEY_PATTERN.test(secret)).toBe(true);
  });
});

describe('durations and expiry (R4)', () => {
  const now = new Date('2026-01-01T00:00:00Z');

  it('parses s, m, h and d', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('30m')).toBe(1_800_000);
    expect(parseDuration('12h')).toBe(43_200_000);
    expect(parseDuration('7d')).toBe(604_800_000);
    for (const bad of ['', '7', 'd', '0d', '-1d', '1.5h', '7 d', '7D', '1w', '99999999d']) {
      expect(parseDuration(bad)).toBeUndefined();
    }
  });

  it('takes expiresIn, expiresAt, never, or the default TTL', () => {
    expect(resolveExpiry({ expiresIn: '1h' }, '7d', now)?.toISOString()).toBe(
      '2026-01-01T01:00:00.000Z',
    );
    expect(resolveExpiry({ expiresAt: '2026-02-01T00:00:00Z' }, '7d', now)?.toISOString()).toBe(
      '2026-02-01T00:00:00.000Z',
    );
    expect(resolveExpiry({ expiresIn: 'never' }, '7d', now)).toBeNull();
    expect(resolveExpiry({ expiresAt: null }, '7d', now)).toBeNull();
    expect(resolveExpiry({}, '7d', now)?.toISOString()).toBe('2026-01-08T00:00:00.000Z');
    expect(resolveExpiry({}, 'never', now)).toBeNull();
  });

  it.each([
    [{ expiresAt: '2025-12-31T23:59:59Z' }],
    [{ expiresAt: 'tomorrow' }],
    [{ expiresAt: '1' }],
    [{ expiresAt: '2026-13-45' }],
    [{ expiresIn: 'soon' }],
    [{ expiresIn: '0s' }],
    [{ expiresIn: '1h', expiresAt: '2027-01-01' }],
  ])('refuses %j with INVALID_EXPIRY', (input) => {
    expect(() => resolveExpiry(input, '7d', now)).toThrowError(
      expect.objectContaining({ code: 'INVALID_EXPIRY' }) as DomainError,
    );
  });
});

describe('secrets at rest (§7)', () => {
  it('encrypts and decrypts; ciphertexts differ for the same code', () => {
    const box = new SecretBox(generateSecretKey());
    const a = box.encrypt('CODE123');
    const b = box.encrypt('CODE123');
    expect(a).not.toBe(b);
    expect(a).not.toContain('CODE123');
    expect(box.decrypt(a)).toBe('CODE123');
  });

  it('digests depend on the key, and tampering is detected', () => {
    const one = new SecretBox(generateSecretKey());
    const two = new SecretBox(generateSecretKey());
    expect(one.codeDigest('x').equals(one.codeDigest('x'))).toBe(true);
    expect(one.codeDigest('x').equals(two.codeDigest('x'))).toBe(false);
    const sealed = Buffer.from(one.encrypt('secret'), 'base64url');
    sealed[sealed.length - 1]! ^= 1;
    expect(() => one.decrypt(sealed.toString('base64url'))).toThrow();
    expect(() => two.decrypt(one.encrypt('secret'))).toThrow();
  });

  it('masks emails', () => {
    expect(maskEmail('jane@example.com')).toBe('j***@example.com');
  });
});
