import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { dataOf } from '../../schemas/common.ts';
import { TemplateRef, TemplateSchema } from '../../schemas/templates.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const getTemplate = publicProcedure
  .meta(
    restOperation({
      method: 'GET',
      path: '/templates/{kind}/{locale}',
      tag: 'settings',
      summary: 'Read an email template',
      description:
        'Needs `settings:read`. A template never customised answers the built-in one, with `builtIn: true`: a starting point for your own.',
      errors: [],
    }),
  )
  .input(z.strictObject(TemplateRef))
  .output(dataOf(TemplateSchema))
  .query(async ({ ctx, input }) => ({
    data: await ctx.guestlist.templates.get(actorOf(ctx), input.kind, input.locale),
  }));
