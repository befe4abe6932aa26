import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { dataOf } from '../../schemas/common.ts';
import { TemplateRef, TemplateSchema } from '../../schemas/templates.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const deleteTemplate = publicProcedure
  .meta(
    restOperation({
      method: 'DELETE',
      path: '/templates/{kind}/{locale}',
      tag: 'settings',
      summary: 'Return to the built-in email template',
      description:
        'Needs `settings:write`. Answers the template now in force: the built-in one. Deleting one never customised changes nothing.',
      errors: [],
    }),
  )
  .input(z.strictObject(TemplateRef))
  .output(dataOf(TemplateSchema))
  .mutation(async ({ ctx, input }) => ({
    data: await ctx.guestlist.templates.remove(actorOf(ctx), input.kind, input.locale),
  }));
