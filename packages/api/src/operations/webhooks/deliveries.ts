import { webhookDeliveryStatuses } from '@guestlist/core';
import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { WebhookDeliverySchema } from '../../schemas/admin.ts';
import { pageOf, RestPageParams, Uuid } from '../../schemas/common.ts';
import { webhookDeliveryExample } from '../../schemas/examples.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

/** Inline, as every page is: its example is the operation's own (`examples.response`). */
export const WebhookDeliveryPage = z.object({
  data: z.array(WebhookDeliverySchema),
  total: z.number().int(),
  nextCursor: z.string().nullable(),
});

export const webhookDeliveries = publicProcedure
  .meta(
    restOperation({
      method: 'GET',
      path: '/webhooks/{id}/deliveries',
      tag: 'webhooks',
      summary: 'Deliveries log',
      description:
        'Needs `webhook:write`. One row per event and webhook, newest first: pending (queued or being retried), delivered, or failed (retries ran out). `page[size]` 1–100 (30), `page[number]` from 1, or `page[after]` = the previous `nextCursor`. `filter[status]` keeps one status (`total` counts what it keeps). Delivered rows are kept 7 days and failed ones 30.',
      heavy: true,
      errors: ['WEBHOOK_NOT_FOUND', 'INVALID_CURSOR'],
      examples: { response: { data: [webhookDeliveryExample], total: 1, nextCursor: null } },
    }),
  )
  .input(
    z.strictObject({
      id: Uuid,
      'filter[status]': z.enum(webhookDeliveryStatuses).optional(),
      ...RestPageParams,
      'page[after]': z.string().max(512).optional(),
    }),
  )
  .output(WebhookDeliveryPage)
  .query(({ ctx, input }) =>
    ctx.guestlist.webhookDeliveries.list(actorOf(ctx), input.id, {
      ...pageOf(input),
      after: input['page[after]'],
      status: input['filter[status]'],
    }),
  );
