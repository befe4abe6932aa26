import { randomBytes, randomFillSync, randomUUID } from 'node:crypto';

/** How new invite codes look (spec R3); chosen by `settings.codeFormat`. */
export const codeFormats = ['token', 'uuid', 'short'] as const;
export type CodeFormat = (typeof codeFormats)[number];

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const CROCKFORD32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * Bytes from the CSPRNG, served from a pooled buffer: one `randomFillSync` per 4 KiB instead
 * of one per code, which a bulk create of a thousand codes otherwise pays a thousand times.
 * Every byte is handed out once.
 */
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

export function secureRandomBytes(size: number): Buffer {
  if (size > pool.length) return randomBytes(size);
  if (poolOffset + size > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  // A copy: the pool is overwritten on the next refill.
  const bytes = Buffer.from(pool.subarray(poolOffset, poolOffset + size));
  poolOffset += size;
  return bytes;
}

/**
 * `length` characters drawn uniformly from `alphabet` with a CSPRNG. Rejection sampling
 * keeps the distribution uniform: bytes at or above the largest multiple of the alphabet
 * size are thrown away instead of folded with a modulo bias.
 */
export function randomString(alphabet: string, length: number): string {
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    for (const byte of secureRandomBytes(length * 2)) {
      if (byte < limit) out += alphabet[byte % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}

/** 22 base62 characters carry log2(62^22) ≈ 131 bits, above the 128 the spec asks for. */
export const TOKEN_LENGTH = 22;
export const SHORT_LENGTH = 10;

export function generateCode(format: CodeFormat, prefix = ''): string {
  switch (format) {
    case 'token':
      return prefix + randomString(BASE62, TOKEN_LENGTH);
    case 'uuid':
      return prefix + randomUUID();
    case 'short':
      return prefix + randomString(CROCKFORD32, SHORT_LENGTH);
  }
}

/** `gl_` and 40 base62 characters (≈238 bits): the secret of an API key. */
export function generateApiKeySecret(): string {
  return `gl_${randomString(BASE62, 40)}`;
}

export const API_KEY_PATTERN = /^gl_[0-9A-Za-z]{32,}$/;

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/** `gls_` and 40 base62 characters: a session's bearer token. */
export function generateSessionToken(): string {
  return `gls_${randomString(BASE62, 40)}`;
}

export const SESSION_TOKEN_PATTERN = /^gls_[0-9A-Za-z]{40}$/;

/** 40 base62 characters (≈238 bits): an email verification or password reset link's token. */
export function generateAccountToken(): string {
  return randomString(BASE62, 40);
}

export const ACCOUNT_TOKEN_PATTERN = /^[0-9A-Za-z]{40}$/;

/** Crockford's readings of what people type: I and L are 1, O is 0 (U is not in the alphabet). */
const CROCKFORD_READINGS: Readonly<Record<string, string>> = { I: '1', L: '1', O: '0' };
const TYPED_PREFIX = /^[A-Za-z0-9_-]{0,16}$/;

/**
 * The one form of a `short` code however it is typed (spec R3): the last ten Crockford
 * characters upper-cased with I and L read as 1 and O as 0, spaces and hyphens among them
 * ignored, after the prefix lower-cased without its trailing separators. Since the body is the
 * last ten characters, the prefix is found without knowing it, so a code keeps matching after
 * `settings.codePrefix` changes. Null when the input cannot be a short code.
 */
export function shortCodeForm(input: string): string | null {
  const text = input.trim();
  let body = '';
  let i = text.length - 1;
  for (; i >= 0 && body.length < SHORT_LENGTH; i--) {
    const char = text[i]!;
    if (char === ' ' || char === '-') continue;
    const upper = char.toUpperCase();
    const read = CROCKFORD_READINGS[upper] ?? upper;
    if (read.length !== 1 || !CROCKFORD32.includes(read)) return null;
    body = read + body;
  }
  if (body.length < SHORT_LENGTH) return null;
  const prefix = text.slice(0, i + 1).replace(/[ -]+$/, '');
  return TYPED_PREFIX.test(prefix) ? prefix.toLowerCase() + body : null;
}
