import { z } from 'zod';
import {
  ApiKeySchema,
  AuditPage,
  CreateApiKeyInput,
  CreatedApiKeySchema,
  CreatedWebhookSchema,
  CreateWebhookInput,
  ListAuditInput,
  SettingsSchema,
  UpdateSettingsInput,
  WebhookSchema,
} from '../schemas/admin.ts';
import { dataOf, listOf, pageOf, RestPageParams, Uuid, wholeList } from '../schemas/common.ts';
import { actorOf, publicProcedure, router } from '../trpc.ts';

export const settingsRouter = router({
  get: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/settings',
        tags: ['settings'],
        summary: 'Read the settings',
        description: 'Needs `settings:read`.',
      },
    })
    .input(z.void())
    .output(dataOf(SettingsSchema))
    .query(async ({ ctx }) => ({ data: await ctx.guestlist.settings.get(actorOf(ctx)) })),

  update: publicProcedure
    .meta({
      openapi: {
        method: 'PATCH',
        path: '/settings',
        tags: ['settings'],
        summary: 'Change the settings',
        description: 'Needs `settings:write`.',
      },
    })
    .input(UpdateSettingsInput)
    .output(dataOf(SettingsSchema))
    .mutation(async ({ ctx, input }) => ({
      data: await ctx.guestlist.settings.update(actorOf(ctx), input),
    })),
});

export const apiKeysRouter = router({
  list: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/api-keys',
        tags: ['api-keys'],
        summary: 'List API keys',
        description:
          'Newest first, 100 a page unless `page[size]` says fewer. Needs `apikey:write`. Secrets are never shown again.',
      },
      heavy: true,
    })
    .input(z.strictObject(RestPageParams).optional())
    .output(listOf(ApiKeySchema))
    .query(async ({ ctx, input }) => {
      const { data, total } = await ctx.guestlist.apiKeys.list(actorOf(ctx), pageOf(input ?? {}));
      return { data, total };
    }),

  create: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/api-keys',
        tags: ['api-keys'],
        summary: 'Create an API key',
        description:
          'Needs `apikey:write`, and every permission granted. The secret is in this answer only.',
      },
      successStatus: 201,
    })
    .input(CreateApiKeyInput)
    .output(dataOf(CreatedApiKeySchema))
    .mutation(async ({ ctx, input }) => {
      const { key, secret } = await ctx.guestlist.apiKeys.create(actorOf(ctx), input);
      return { data: { ...key, secret } };
    }),

  revoke: publicProcedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/api-keys/{id}',
        tags: ['api-keys'],
        summary: 'Revoke an API key',
        description: 'Needs `apikey:write`. The key stops working at once.',
      },
    })
    .input(z.strictObject({ id: Uuid }))
    .output(dataOf(ApiKeySchema))
    .mutation(async ({ ctx, input }) => ({
      data: await ctx.guestlist.apiKeys.revoke(actorOf(ctx), input.id),
    })),
});

export const webhooksRouter = router({
  list: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/webhooks',
        tags: ['webhooks'],
        summary: 'List webhooks',
        description: 'Needs `webhook:write`. Signing secrets are never shown again.',
      },
    })
    .input(z.void())
    .output(listOf(WebhookSchema))
    .query(async ({ ctx }) => wholeList(await ctx.guestlist.webhooks.list(actorOf(ctx)))),

  create: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/webhooks',
        tags: ['webhooks'],
        summary: 'Register a webhook',
        description:
          'Needs `webhook:write`. Deliveries are signed per Standard Webhooks with the secret in this answer, and retried with backoff. 400 INVALID_WEBHOOK_URL for a URL that is not http(s) or resolves to a loopback or private address.',
      },
      successStatus: 201,
    })
    .input(CreateWebhookInput)
    .output(dataOf(CreatedWebhookSchema))
    .mutation(async ({ ctx, input }) => {
      const { webhook, secret } = await ctx.guestlist.webhooks.create(actorOf(ctx), input);
      return { data: { ...webhook, secret } };
    }),

  delete: publicProcedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/webhooks/{id}',
        tags: ['webhooks'],
        summary: 'Delete a webhook',
        description: 'Needs `webhook:write`. Deliveries not yet made are dropped.',
      },
    })
    .input(z.strictObject({ id: Uuid }))
    .output(dataOf(WebhookSchema))
    .mutation(async ({ ctx, input }) => ({
      data: await ctx.guestlist.webhooks.delete(actorOf(ctx), input.id),
    })),
});

export const auditRouter = router({
  /** The typed list; REST reaches it through `filter[...]` and `page[...]` parameters. */
  list: publicProcedure
    .meta({ heavy: true })
    .input(ListAuditInput)
    .output(AuditPage)
    .query(async ({ ctx, input }) => {
      const { data, total } = await ctx.guestlist.audit.list(actorOf(ctx), {
        ...input?.filter,
        page: input?.page,
      });
      return { data, total };
    }),
});
