import { isIsoDate } from './dates.ts';
import { DomainError } from './errors.ts';
import { PAGE_SIZE_MAX } from './limits.ts';
import { decodeKeyset, encodeKeyset } from './paging.ts';

export { isIsoDate };

/**
 * The invite list's query language (spec §5.1), as a typed object. REST writes it as
 * `filter[status]=in:pending,accepted`; `parseRestInviteQuery` turns that into this shape.
 */
export type Match<T extends string = string> = T | { in: T[] } | { nin: T[] };
export interface DateRange {
  eq?: string | undefined;
  gte?: string | undefined;
  lte?: string | undefined;
}

export const matchFields = [
  'code',
  'status',
  'type',
  'email',
  'inviterId',
  'inviteeId',
  'namespace',
] as const;
export const dateFields = ['expiresAt', 'createdAt'] as const;
export type MatchField = (typeof matchFields)[number];
export type DateField = (typeof dateFields)[number];

export const sortFields = ['createdAt', 'expiresAt', 'updatedAt'] as const;
export type SortField = (typeof sortFields)[number];
export const sorts = [...sortFields, ...sortFields.map((f) => `-${f}` as const)] as const;
export type Sort = (typeof sorts)[number];

export type InviteFilter = { [K in MatchField]?: Match | undefined } & {
  [K in DateField]?: DateRange | undefined;
};

export interface InviteListQuery {
  filter?: InviteFilter | undefined;
  sort?: Sort | undefined;
  page?:
    | { size?: number | undefined; number?: number | undefined; after?: string | undefined }
    | undefined;
}

export const PAGE_SIZE_DEFAULT = 30;
export { PAGE_SIZE_MAX } from './limits.ts';

function bad(message: string, path: string): DomainError {
  return new DomainError('INVALID_QUERY', message, [{ path, message }]);
}

function parseMatch(raw: string, path: string): Match {
  const operator = /^(in|nin):(.*)$/s.exec(raw);
  if (!operator) {
    if (/^(gte|lte):/.test(raw)) throw bad(`${path}: gte/lte apply only to dates`, path);
    return raw;
  }
  const values = operator[2]!.split(',').filter((v) => v.length > 0);
  if (values.length === 0 || values.length > 100) {
    throw bad(`${path}: ${operator[1]} takes 1 to 100 comma-separated values`, path);
  }
  return operator[1] === 'in' ? { in: values } : { nin: values };
}

function parseDate(raw: string, path: string): DateRange {
  const operator = /^(gte|lte):(.*)$/s.exec(raw);
  if (!operator && /^(in|nin):/.test(raw)) throw bad(`${path}: in/nin do not apply to dates`, path);
  const value = operator ? operator[2]! : raw;
  if (!isIsoDate(value)) throw bad(`${path}: "${value}" is not an ISO-8601 date`, path);
  return operator ? { [operator[1]!]: value } : { eq: value };
}

function positiveInt(raw: string, path: string, max: number): number {
  if (!/^[0-9]{1,9}$/.test(raw)) throw bad(`${path} must be a positive integer`, path);
  const n = Number(raw);
  if (n < 1 || n > max) throw bad(`${path} must be between 1 and ${max}`, path);
  return n;
}

/**
 * Parses the REST spelling of the query: `filter[FIELD]`, `sort`, `page[size]`,
 * `page[number]`, `page[after]`. Anything else is an error, not silently ignored.
 */
export function parseRestInviteQuery(
  params: Record<string, string | string[] | undefined>,
): InviteListQuery {
  const filter: InviteFilter = {};
  const page: NonNullable<InviteListQuery['page']> = {};
  let sort: Sort | undefined;
  for (const [key, rawValue] of Object.entries(params)) {
    if (rawValue === undefined) continue;
    if (Array.isArray(rawValue)) throw bad(`${key} is given more than once`, key);
    const value = rawValue;
    const field = /^filter\[([A-Za-z]+)\]$/.exec(key)?.[1];
    if (field !== undefined) {
      if ((matchFields as readonly string[]).includes(field)) {
        filter[field as MatchField] = parseMatch(value, key);
      } else if ((dateFields as readonly string[]).includes(field)) {
        filter[field as DateField] = parseDate(value, key);
      } else {
        throw bad(`Unknown filter field "${field}"`, key);
      }
    } else if (key === 'sort') {
      if (!(sorts as readonly string[]).includes(value)) throw bad(`Unknown sort "${value}"`, key);
      sort = value as Sort;
    } else if (key === 'page[size]') {
      page.size = positiveInt(value, key, PAGE_SIZE_MAX);
    } else if (key === 'page[number]') {
      page.number = positiveInt(value, key, 1_000_000_000);
    } else if (key === 'page[after]') {
      page.after = value;
    } else {
      throw bad(`Unknown query parameter "${key}"`, key);
    }
  }
  return { filter, sort, page };
}

/** An opaque keyset position: the sort it belongs to, the last row's sort value and id. */
export interface Cursor {
  sort: Sort;
  value: string | null;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return encodeKeyset({ listing: cursor.sort, value: cursor.value, id: cursor.id });
}

/** A cursor of the invite list in this sort; 400 INVALID_CURSOR otherwise. */
export function decodeCursor(text: string, sort: Sort): Cursor {
  const { value, id } = decodeKeyset(text, sort);
  return { sort, value, id };
}
