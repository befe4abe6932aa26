import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { WebhookSchema } from '../../schemas/admin.ts';
import { dataOf, Uuid } from '../../schemas/common.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const deleteWebhook = publicProcedure
  .meta(
    restOperation({
      method: 'DELETE',
      path: '/webhooks/{id}',
      tag: 'webhooks',
      summary: 'Delete a webhook',
      description: 'Needs `webhook:write`. Deliveries not yet made are dropped.',
      errors: ['WEBHOOK_NOT_FOUND'],
    }),
  )
  .input(z.strictObject({ id: Uuid }))
  .output(dataOf(WebhookSchema))
  .mutation(async ({ ctx, input }) => ({
    data: await ctx.guestlist.webhooks.delete(actorOf(ctx), input.id),
  }));
