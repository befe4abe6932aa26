import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createSecretKey,
  hkdfSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import { type CodeFormat, secureRandomBytes, shortCodeForm } from './codes.ts';

/**
 * The keys behind §7 "secrets at rest". One operator secret (`SECRET_KEY`) is stretched with
 * HKDF into two independent keys, so the lookup digest and the display ciphertext never
 * share key material.
 */
export class SecretBox {
  // KeyObjects, not Buffers: Node converts a Buffer key on every call, which made keying
  // cost several times the HMAC or the cipher itself (a bulk create does 2,000 of them).
  readonly #digestKey: KeyObject;
  readonly #encryptionKey: KeyObject;

  constructor(secretKey: string) {
    if (secretKey.length < 32) throw new Error('SECRET_KEY must be at least 32 characters');
    const ikm = Buffer.from(secretKey, 'utf8');
    const salt = Buffer.from('guestlist', 'utf8');
    this.#digestKey = createSecretKey(
      Buffer.from(hkdfSync('sha256', ikm, salt, 'invite-code-digest', 32)),
    );
    this.#encryptionKey = createSecretKey(
      Buffer.from(hkdfSync('sha256', ikm, salt, 'invite-code-encryption', 32)),
    );
  }

  /** HMAC-SHA256 of an invite code: what the database indexes and looks codes up by. */
  codeDigest(code: string): Buffer {
    return createHmac('sha256', this.#digestKey).update(code, 'utf8').digest();
  }

  /**
   * The digest a new code is stored under. A `short` code is stored by its typed form (R3), in
   * a domain of its own, so that no code of another format can ever share its digest.
   */
  storedCodeDigest(code: string, format: CodeFormat): Buffer {
    const typed = format === 'short' ? shortCodeForm(code) : null;
    return typed === null ? this.codeDigest(code) : this.#typedDigest(typed);
  }

  /**
   * The digests a reference can be stored under: as given (`token` and `uuid` codes, which are
   * matched exactly, and short codes made before they were stored by their typed form), and,
   * when it reads as a short code, by that form. One extra HMAC at most, never a scan.
   */
  lookupDigests(ref: string): Buffer[] {
    const typed = shortCodeForm(ref);
    return typed === null
      ? [this.codeDigest(ref)]
      : [this.codeDigest(ref), this.#typedDigest(typed)];
  }

  #typedDigest(typed: string): Buffer {
    return createHmac('sha256', this.#digestKey).update(`\0short\0${typed}`, 'utf8').digest();
  }

  /** AES-256-GCM: `iv (12) | tag (16) | ciphertext`, base64url, so the code can be shown again. */
  encrypt(plaintext: string): string {
    const iv = secureRandomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#encryptionKey, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  decrypt(sealed: string): string {
    const raw = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.#encryptionKey, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}

/**
 * SHA-256 of a high-entropy bearer token (API key, session). Such tokens cannot be guessed,
 * so an unkeyed fast digest is enough and keeps every authenticated request cheap.
 */
export function tokenDigest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** A fresh operator secret, for when `SECRET_KEY` is not set (development). */
export function generateSecretKey(): string {
  return randomBytes(32).toString('base64url');
}
