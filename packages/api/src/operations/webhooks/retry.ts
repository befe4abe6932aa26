import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { WebhookDeliverySchema } from '../../schemas/admin.ts';
import { dataOf, Uuid } from '../../schemas/common.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const retryWebhookDelivery = publicProcedure
  .meta(
    restOperation({
      method: 'POST',
      path: '/webhooks/{id}/deliveries/{deliveryId}/retry',
      tag: 'webhooks',
      summary: 'Deliver again',
      description:
        'Needs `webhook:write`. Sends a delivered or failed delivery again, with the same `webhook-id` and body, signed afresh; it is pending until the worker settles it. A pending delivery is already on its way: retrying it changes nothing and answers it as it is.',
      successStatus: 202,
      errors: ['WEBHOOK_NOT_FOUND', 'WEBHOOK_DELIVERY_NOT_FOUND'],
    }),
  )
  .input(z.strictObject({ id: Uuid, deliveryId: Uuid }))
  .output(dataOf(WebhookDeliverySchema))
  .mutation(async ({ ctx, input }) => ({
    data: await ctx.guestlist.webhookDeliveries.retry(actorOf(ctx), input.id, input.deliveryId),
  }));
