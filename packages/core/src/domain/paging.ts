import { isUuid } from './codes.ts';
import { isIsoDate, parseIsoDate } from './dates.ts';
import { DomainError } from './errors.ts';
import { PAGE_SIZE_MAX } from './limits.ts';

/** A numbered page, as `page[size]` and `page[number]` ask for it. */
export interface PageRequest {
  size?: number | undefined;
  number?: number | undefined;
}

/**
 * LIMIT and OFFSET of a numbered page; 400 INVALID_QUERY out of range. Lists that used to
 * answer everything default to the largest page, so a short list still comes whole.
 */
export function pageWindow(
  page: PageRequest = {},
  defaultSize = PAGE_SIZE_MAX,
): { limit: number; offset: number } {
  const size = page.size ?? defaultSize;
  const number = page.number ?? 1;
  if (
    !Number.isInteger(size) ||
    size < 1 ||
    size > PAGE_SIZE_MAX ||
    !Number.isInteger(number) ||
    number < 1
  ) {
    throw new DomainError(
      'INVALID_QUERY',
      `page[size] is 1–${PAGE_SIZE_MAX} and page[number] starts at 1`,
    );
  }
  return { limit: size, offset: (number - 1) * size };
}

/**
 * An opaque keyset position: which listing (and order) it belongs to, the last row's sort
 * value and its id. One codec serves every cursor-paged list, so a cursor of one listing is
 * refused by another rather than read as a position it never was.
 */
export interface KeysetPosition {
  listing: string;
  value: string | null;
  id: string;
}

export function encodeKeyset(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.listing, position.value, position.id])).toString(
    'base64url',
  );
}

/** The position in `text`, when it is one of `listing`; 400 INVALID_CURSOR otherwise. */
export function decodeKeyset(text: string, listing: string): KeysetPosition {
  const invalid = () =>
    new DomainError('INVALID_CURSOR', 'page[after] is not a cursor of this listing');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    parsed[0] !== listing ||
    !(parsed[1] === null || (typeof parsed[1] === 'string' && isIsoDate(parsed[1]))) ||
    typeof parsed[2] !== 'string' ||
    !isUuid(parsed[2])
  ) {
    throw invalid();
  }
  // Normalised, so that what reaches SQL is a date PostgreSQL reads back exactly.
  const value = parsed[1] === null ? null : parseIsoDate(parsed[1])!.toISOString();
  return { listing, value, id: parsed[2] };
}
