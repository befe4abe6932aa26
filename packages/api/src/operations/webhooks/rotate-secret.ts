import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { RotatedWebhookSchema } from '../../schemas/admin.ts';
import { dataOf, Uuid } from '../../schemas/common.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const rotateWebhookSecret = publicProcedure
  .meta(
    restOperation({
      method: 'POST',
      path: '/webhooks/{id}/rotate-secret',
      tag: 'webhooks',
      summary: 'Rotate the signing secret',
      description:
        'Needs `webhook:write`. Answers the new secret, this once. For 24 hours (until `previousSecretExpiresAt`) every delivery carries two `v1,` signatures, under the new and the replaced secret, so a receiver holding either verifies; then only the new one. Rotating again within those hours drops the oldest secret at once.',
      errors: ['WEBHOOK_NOT_FOUND'],
    }),
  )
  .input(z.strictObject({ id: Uuid }))
  .output(dataOf(RotatedWebhookSchema))
  .mutation(async ({ ctx, input }) => {
    const rotated = await ctx.guestlist.webhooks.rotateSecret(actorOf(ctx), input.id);
    return {
      data: {
        ...rotated.webhook,
        secret: rotated.secret,
        previousSecretExpiresAt: rotated.previousSecretExpiresAt,
      },
    };
  });
