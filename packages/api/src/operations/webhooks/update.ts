import { WEBHOOK_URL_MAX_LENGTH, webhookEvents } from '@guestlist/core';
import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { WebhookSchema, WebhookSubscriptionSchema } from '../../schemas/admin.ts';
import { dataOf, exact, Uuid } from '../../schemas/common.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const UpdateWebhookInput = z.strictObject({
  id: Uuid,
  url: z.string().max(WEBHOOK_URL_MAX_LENGTH).optional(),
  events: z.array(WebhookSubscriptionSchema).min(1).max(webhookEvents.length).optional(),
  enabled: exact(z.boolean()).optional(),
});

export const updateWebhook = publicProcedure
  .meta(
    restOperation({
      method: 'PATCH',
      path: '/webhooks/{id}',
      tag: 'webhooks',
      summary: 'Change a webhook',
      description:
        'Needs `webhook:write`. A new `url` is checked as at registration (400 INVALID_WEBHOOK_URL); `events` replaces the subscription (`["*"]` alone for every event); `enabled: false` stops new deliveries, while those already queued still go out.',
      errors: ['WEBHOOK_NOT_FOUND', 'INVALID_WEBHOOK_URL'],
      examples: { request: { events: ['*'], enabled: false } },
    }),
  )
  .input(UpdateWebhookInput)
  .output(dataOf(WebhookSchema))
  .mutation(async ({ ctx, input: { id, ...changes } }) => ({
    data: await ctx.guestlist.webhooks.update(actorOf(ctx), id, changes),
  }));
