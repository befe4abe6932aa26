import { z } from 'zod';
import {
  AuthResultSchema,
  CreateGroupInput,
  GroupSchema,
  LoginInput,
  RegisterInput,
  TypedPage,
  UpdateGroupInput,
  UpdateUserInput,
  UserSchema,
  UsersPage,
} from '../schemas/accounts.ts';
import { dataOf, listOf, pageOf, RestPageParams, Uuid } from '../schemas/common.ts';
import { InviteStatus } from '../schemas/invite.ts';
import { InviteList } from '../schemas/namespaces.ts';
import { actorOf, publicProcedure, router } from '../trpc.ts';

export const authRouter = router({
  register: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/auth/register',
        tags: ['auth'],
        summary: 'Create an account',
        description:
          'Per the `registration` setting: `invite-only` needs `inviteCode`, `closed` refuses, `open` accepts with or without. A code is redeemed in the same transaction. Rate limited per IP.',
        protect: false,
      },
      successStatus: 201,
    })
    .input(RegisterInput)
    .output(dataOf(AuthResultSchema))
    .mutation(async ({ ctx, input }) => {
      await ctx.guestlist.rateLimits.hit(
        ctx.ip,
        ...(input.inviteCode ? (['auth', 'codes'] as const) : (['auth'] as const)),
      );
      return { data: await ctx.guestlist.accounts.register(actorOf(ctx), input) };
    }),

  login: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/auth/login',
        tags: ['auth'],
        summary: 'Sign in',
        description:
          'By username or email. 401 INVALID_CREDENTIALS for an unknown user and a wrong password alike. Rate limited per IP.',
        protect: false,
      },
    })
    .input(LoginInput)
    .output(dataOf(AuthResultSchema))
    .mutation(async ({ ctx, input }) => {
      await ctx.guestlist.rateLimits.hit(ctx.ip, 'auth');
      return {
        data: await ctx.guestlist.accounts.login(actorOf(ctx), input.handle, input.password),
      };
    }),

  logout: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/auth/logout',
        tags: ['auth'],
        summary: 'Sign out',
        description: 'Revokes the session token this request carries.',
      },
      successStatus: 204,
    })
    .input(z.void())
    .output(z.void())
    .mutation(async ({ ctx }) => {
      await ctx.guestlist.accounts.logout(actorOf(ctx), ctx.token);
    }),
});

export const meRouter = router({
  /** Typed; REST spells the filter `filter[status]`. */
  invites: publicProcedure
    .meta({ heavy: true })
    .input(z.strictObject({ status: InviteStatus.optional() }).optional())
    .output(InviteList)
    .query(async ({ ctx, input }) => {
      const { data, total } = await ctx.guestlist.invites.mine(actorOf(ctx), input?.status);
      return { data, total };
    }),

  get: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/me',
        tags: ['auth'],
        summary: 'The signed-in user',
        description: 'With groups and effective permissions.',
      },
    })
    .input(z.void())
    .output(dataOf(UserSchema))
    .query(async ({ ctx }) => ({ data: await ctx.guestlist.accounts.me(actorOf(ctx)) })),
});

export const usersRouter = router({
  /** Typed paging; REST reaches it through `page[size]` and `page[number]`. */
  list: publicProcedure
    .meta({ heavy: true })
    .input(z.strictObject({ page: TypedPage }).optional())
    .output(UsersPage)
    .query(async ({ ctx, input }) => {
      const { data, total } = await ctx.guestlist.users.list(actorOf(ctx), input?.page);
      return { data, total };
    }),

  get: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/users/{id}',
        tags: ['users'],
        summary: 'Get a user',
        description: 'Needs `user:read`.',
      },
    })
    .input(z.strictObject({ id: Uuid }))
    .output(dataOf(UserSchema))
    .query(async ({ ctx, input }) => ({
      data: await ctx.guestlist.users.get(actorOf(ctx), input.id),
    })),

  update: publicProcedure
    .meta({
      openapi: {
        method: 'PATCH',
        path: '/users/{id}',
        tags: ['users'],
        summary: "Set a user's permissions and groups",
        description:
          'Needs `user:write`, and every permission granted. Each field replaces what was there.',
      },
    })
    .input(UpdateUserInput)
    .output(dataOf(UserSchema))
    .mutation(async ({ ctx, input: { id, ...patch } }) => ({
      data: await ctx.guestlist.users.update(actorOf(ctx), id, patch),
    })),
});

export const groupsRouter = router({
  list: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/groups',
        tags: ['groups'],
        summary: 'List groups',
        description: 'By name, 100 a page unless `page[size]` says fewer. Needs `group:read`.',
      },
      heavy: true,
    })
    .input(z.strictObject(RestPageParams).optional())
    .output(listOf(GroupSchema))
    .query(async ({ ctx, input }) => {
      const { data, total } = await ctx.guestlist.groups.list(actorOf(ctx), pageOf(input ?? {}));
      return { data, total };
    }),

  create: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/groups',
        tags: ['groups'],
        summary: 'Create a group',
        description: 'Needs `group:write`, and every permission it grants.',
      },
      successStatus: 201,
    })
    .input(CreateGroupInput)
    .output(dataOf(GroupSchema))
    .mutation(async ({ ctx, input }) => ({
      data: await ctx.guestlist.groups.create(actorOf(ctx), input),
    })),

  get: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/groups/{id}',
        tags: ['groups'],
        summary: 'Get a group',
        description: 'Needs `group:read`.',
      },
    })
    .input(z.strictObject({ id: Uuid }))
    .output(dataOf(GroupSchema))
    .query(async ({ ctx, input }) => ({
      data: await ctx.guestlist.groups.get(actorOf(ctx), input.id),
    })),

  update: publicProcedure
    .meta({
      openapi: {
        method: 'PATCH',
        path: '/groups/{id}',
        tags: ['groups'],
        summary: 'Change a group',
        description: 'Needs `group:write`.',
      },
    })
    .input(UpdateGroupInput)
    .output(dataOf(GroupSchema))
    .mutation(async ({ ctx, input: { id, ...patch } }) => ({
      data: await ctx.guestlist.groups.update(actorOf(ctx), id, patch),
    })),

  delete: publicProcedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/groups/{id}',
        tags: ['groups'],
        summary: 'Delete a group',
        description: 'Needs `group:write`. Members leave it; invites stop granting it.',
      },
    })
    .input(z.strictObject({ id: Uuid }))
    .output(dataOf(GroupSchema))
    .mutation(async ({ ctx, input }) => ({
      data: await ctx.guestlist.groups.delete(actorOf(ctx), input.id),
    })),
});
