import { dateFields, matchFields, parseRestInviteQuery, sorts } from '@guestlist/core';
import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { IsoDate, PageNumber, PageSize } from '../../schemas/common.ts';
import { inviteExample } from '../../schemas/examples.ts';
import { InvitePage, InviteStatus, InviteType } from '../../schemas/invite.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

/** `VALUE`, `{ in: [...] }` or `{ nin: [...] }`, each value one of `value`'s. */
const matchOf = <T extends z.ZodType<string>>(value: T) =>
  z.union([
    value,
    z.strictObject({ in: z.array(value).min(1).max(100) }),
    z.strictObject({ nin: z.array(value).min(1).max(100) }),
  ]);
const Match = matchOf(z.string().max(256));
const DateRange = z.strictObject({
  eq: IsoDate.optional(),
  gte: IsoDate.optional(),
  lte: IsoDate.optional(),
});

/** The list query as a typed object (tRPC); REST spells it with `filter[...]` keys. */
export const ListInvitesInput = z
  .strictObject({
    filter: z
      .strictObject({
        code: Match.optional(),
        // Closed sets: a typo (`'pendng'`) fails to compile in the SDK, not silently matches none.
        status: matchOf(InviteStatus).optional(),
        type: matchOf(InviteType).optional(),
        email: Match.optional(),
        inviterId: Match.optional(),
        inviteeId: Match.optional(),
        namespace: Match.optional(),
        expiresAt: DateRange.optional(),
        createdAt: DateRange.optional(),
      })
      .optional(),
    sort: z.enum(sorts).optional(),
    page: z
      .strictObject({
        size: PageSize.optional(),
        number: PageNumber.optional(),
        after: z.string().max(512).optional(),
      })
      .optional(),
  })
  .optional();

/** The typed list; REST reaches the same service through `filter[...]` parameters (below). */
export const listInvites = publicProcedure
  .meta({ heavy: true })
  .input(ListInvitesInput)
  .output(InvitePage)
  .query(({ ctx, input }) => ctx.guestlist.invites.list(actorOf(ctx), input ?? {}));

/** A query string is flat: §5.1's bracketed keys, each a text the domain's parser reads. */
const QueryValue = z.string().max(2048);
const INVITE_QUERY_KEYS = [
  ...[...matchFields, ...dateFields].map((field) => `filter[${field}]`),
  'sort',
  'page[size]',
  'page[number]',
  'page[after]',
];

/** `GET /invites`: the REST spelling of the list. */
export const listInvitesRest = publicProcedure
  .meta(
    restOperation({
      method: 'GET',
      path: '/invites',
      tag: 'invites',
      summary: 'List invites',
      description:
        'Filters: `filter[FIELD]=VALUE`, `=in:A,B`, `=nin:A,B` (code, status, type, email, inviterId, inviteeId, namespace) and `=gte:DATE`, `=lte:DATE` (expiresAt, createdAt). `sort`: createdAt, expiresAt, updatedAt, `-` for descending (default `-createdAt`). `page[size]` 1–100 (30), `page[number]` from 1, or `page[after]` = the previous `nextCursor`. Without `invite:read`, only the invites you sent.',
      heavy: true,
      errors: ['INVALID_QUERY', 'INVALID_CURSOR'],
      examples: {
        response: {
          data: [inviteExample],
          total: 31,
          // The position after the last invite of the page: `["-createdAt", createdAt, id]`, base64url.
          nextCursor:
            'WyItY3JlYXRlZEF0IiwiMjAyNi0xMS0wMlQwOTozMDowMC4wMDBaIiwiYzRhMWYwZTItN2IzZC00ZTlhLThmNmMtMmI1ZDdlOWExYzNmIl0',
        },
      },
    }),
  )
  // Loose: unknown parameters reach the parser, which names them in an INVALID_QUERY error.
  .input(
    z.looseObject(Object.fromEntries(INVITE_QUERY_KEYS.map((key) => [key, QueryValue.optional()]))),
  )
  .output(InvitePage)
  .query(({ ctx, input }) =>
    ctx.guestlist.invites.list(actorOf(ctx), parseRestInviteQuery(input as Record<string, string>)),
  );
