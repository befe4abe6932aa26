import {
  CODE_PREFIX_PATTERN,
  isValidPermission,
  PERMISSION_MAX_LENGTH,
  PERMISSIONS_MAX,
} from '@guestlist/core';
import { z } from 'zod';

/** Every success body carries its result under `data` (spec §5). */
export const dataOf = <T extends z.ZodType>(schema: T) => z.object({ data: schema });

export const IsoDate = z.iso.datetime({ offset: true });

export const Permission = z
  .string()
  .min(1)
  .max(PERMISSION_MAX_LENGTH)
  .refine(isValidPermission, {
    message: 'not a valid permission (parts split by ":", alternatives by ",")',
  })
  .meta({
    description: 'A Shiro-style wildcard permission',
    examples: ['invite:read', 'invite:*', 'namespace:acme:read,write'],
  });

export const Permissions = z.array(Permission).max(PERMISSIONS_MAX);

export const Email = z.email().max(254);

export const Uuid = z.uuid();

export const CodePrefix = z.string().regex(CODE_PREFIX_PATTERN);

/** `{invite}` in a path: the invite's id or its code. */
export const InviteRef = z
  .string()
  .min(1)
  .max(256)
  .meta({ description: "The invite's id or its code" });

export const PageNumber = z.number().int().min(1).max(1_000_000_000);
export const PageSize = z.number().int().min(1).max(100);

/**
 * A number or boolean taken exactly as sent. The REST bridge turns on zod coercion for plain
 * number and boolean fields of every REST input, so `"5"` would pass as 5 and `"false"` as
 * true; it leaves pipes alone, and this pipe changes nothing else.
 */
export const exact = <T extends z.ZodType>(schema: T) => schema.pipe(z.custom<z.output<T>>());

/** `page[size]` and `page[number]` as a query string spells them (flat keys, text values). */
export const RestPageParams = {
  'page[size]': z
    .string()
    .regex(/^[0-9]{1,3}$/)
    .optional(),
  'page[number]': z
    .string()
    .regex(/^[0-9]{1,9}$/)
    .optional(),
};

/** The typed page of `RestPageParams`; range checks are the domain's. */
export function pageOf(input: {
  'page[size]'?: string | undefined;
  'page[number]'?: string | undefined;
}) {
  return {
    size: input['page[size]'] === undefined ? undefined : Number(input['page[size]']),
    number: input['page[number]'] === undefined ? undefined : Number(input['page[number]']),
  };
}

/** A list answer (spec R25): its items under `data`, and how many there are in `total`. */
export const listOf = <T extends z.ZodType>(schema: T) =>
  z.object({ data: z.array(schema), total: z.number().int() });

/** `{ data, total }` of a whole (unpaged) list. */
export const wholeList = <T>(data: T[]) => ({ data, total: data.length });
