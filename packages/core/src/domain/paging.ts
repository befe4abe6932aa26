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
