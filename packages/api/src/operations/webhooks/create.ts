import { WEBHOOK_URL_MAX_LENGTH, webhookEvents } from '@guestlist/core';
import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { CreatedWebhookSchema, WebhookSubscriptionSchema } from '../../schemas/admin.ts';
import { dataOf, exact } from '../../schemas/common.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const CreateWebhookInput = z.strictObject({
  url: z
    .string()
    .max(WEBHOOK_URL_MAX_LENGTH)
    .meta({ description: 'http or https; loopback and private addresses are refused' }),
  events: z
    .array(WebhookSubscriptionSchema)
    .min(1)
    .max(webhookEvents.length)
    .meta({ description: 'Events to deliver, or `["*"]` alone for every event' }),
  enabled: exact(z.boolean()).optional().meta({ description: 'Default true' }),
});

export const createWebhook = publicProcedure
  .meta(
    restOperation({
      method: 'POST',
      path: '/webhooks',
      tag: 'webhooks',
      summary: 'Register a webhook',
      description:
        'Needs `webhook:write`. `events` lists the events to deliver, or is `["*"]` for every event, those added later included. Deliveries are signed per Standard Webhooks with the secret in this answer, and retried with backoff. 400 INVALID_WEBHOOK_URL for a URL that is not http(s) or resolves to a loopback or private address.',
      successStatus: 201,
      errors: ['INVALID_WEBHOOK_URL', 'LIMIT_EXCEEDED'],
      examples: {
        request: {
          url: 'https://hooks.acme.dev/guestlist',
          events: ['invite.accepted', 'invite.expired'],
        },
      },
    }),
  )
  .input(CreateWebhookInput)
  .output(dataOf(CreatedWebhookSchema))
  .mutation(async ({ ctx, input }) => {
    const { webhook, secret } = await ctx.guestlist.webhooks.create(actorOf(ctx), input);
    return { data: { ...webhook, secret } };
  });
