import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { WebhookSchema } from '../../schemas/admin.ts';
import { listOf, wholeList } from '../../schemas/common.ts';
import { webhookExample } from '../../schemas/examples.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const listWebhooks = publicProcedure
  .meta(
    restOperation({
      method: 'GET',
      path: '/webhooks',
      tag: 'webhooks',
      summary: 'List webhooks',
      description: 'Needs `webhook:write`. Signing secrets are never shown again.',
      errors: [],
      examples: { response: { data: [webhookExample], total: 1 } },
    }),
  )
  .input(z.void())
  .output(listOf(WebhookSchema))
  .query(async ({ ctx }) => wholeList(await ctx.guestlist.webhooks.list(actorOf(ctx))));
