import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { WebhookDeliverySchema } from '../../schemas/admin.ts';
import { dataOf, Uuid } from '../../schemas/common.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const testWebhook = publicProcedure
  .meta(
    restOperation({
      method: 'POST',
      path: '/webhooks/{id}/test',
      tag: 'webhooks',
      summary: 'Send a test event',
      description:
        'Needs `webhook:write`. Queues the event `webhook.test`, signed like any other, whatever the webhook subscribes to and even when it is disabled; the answer is its delivery, to follow in the log.',
      successStatus: 202,
      errors: ['WEBHOOK_NOT_FOUND'],
    }),
  )
  .input(z.strictObject({ id: Uuid }))
  .output(dataOf(WebhookDeliverySchema))
  .mutation(async ({ ctx, input }) => ({
    data: await ctx.guestlist.webhookDeliveries.test(actorOf(ctx), input.id),
  }));
