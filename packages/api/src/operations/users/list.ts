import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { UserSchema } from '../../schemas/accounts.ts';
import { PageNumber, PageSize, pageOf, RestPageParams } from '../../schemas/common.ts';
import { userExample } from '../../schemas/examples.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const UsersPage = z.object({ data: z.array(UserSchema), total: z.number().int() });
export const TypedPage = z
  .strictObject({ size: PageSize.optional(), number: PageNumber.optional() })
  .optional();

/** Its length and characters are the domain's to check: a bad search is INVALID_QUERY. */
const Search = z.string().meta({
  description: 'Part of a username, email or name, in any case (at most 200 characters)',
  examples: ['ada'],
});

/** Typed paging and search; REST spells them `page[...]` and `filter[search]` (below). */
export const listUsers = publicProcedure
  .meta({ heavy: true })
  .input(
    z
      .strictObject({
        filter: z.strictObject({ search: Search.optional() }).optional(),
        page: TypedPage,
      })
      .optional(),
  )
  .output(UsersPage)
  .query(async ({ ctx, input }) => {
    const { data, total } = await ctx.guestlist.users.list(
      actorOf(ctx),
      input?.page,
      input?.filter,
    );
    return { data, total };
  });

export const listUsersRest = publicProcedure
  .meta(
    restOperation({
      method: 'GET',
      path: '/users',
      tag: 'users',
      summary: 'List users',
      description:
        'Newest first. Needs `user:read`. `filter[search]` keeps the users whose username, email or name contains it, in any case (at most 200 characters, no control characters).',
      heavy: true,
      errors: ['INVALID_QUERY'],
      examples: { response: { data: [userExample], total: 1 } },
    }),
  )
  .input(z.strictObject({ 'filter[search]': Search.optional(), ...RestPageParams }))
  .output(UsersPage)
  .query(async ({ ctx, input }) => {
    const { data, total } = await ctx.guestlist.users.list(actorOf(ctx), pageOf(input), {
      search: input['filter[search]'],
    });
    return { data, total };
  });
