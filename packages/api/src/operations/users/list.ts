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

/** Typed paging; REST reaches it through `page[size]` and `page[number]` (below). */
export const listUsers = publicProcedure
  .meta({ heavy: true })
  .input(z.strictObject({ page: TypedPage }).optional())
  .output(UsersPage)
  .query(async ({ ctx, input }) => {
    const { data, total } = await ctx.guestlist.users.list(actorOf(ctx), input?.page);
    return { data, total };
  });

export const listUsersRest = publicProcedure
  .meta(
    restOperation({
      method: 'GET',
      path: '/users',
      tag: 'users',
      summary: 'List users',
      description: 'Newest first. Needs `user:read`.',
      heavy: true,
      errors: ['INVALID_QUERY'],
      examples: { response: { data: [userExample], total: 1 } },
    }),
  )
  .input(z.strictObject(RestPageParams))
  .output(UsersPage)
  .query(async ({ ctx, input }) => {
    const { data, total } = await ctx.guestlist.users.list(actorOf(ctx), pageOf(input));
    return { data, total };
  });
