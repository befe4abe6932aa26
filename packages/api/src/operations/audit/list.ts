import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { AuditEventSchema } from '../../schemas/admin.ts';
import { PageNumber, PageSize, pageOf, RestPageParams, Uuid } from '../../schemas/common.ts';
import { auditEventExample } from '../../schemas/examples.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const ListAuditInput = z
  .strictObject({
    filter: z
      .strictObject({
        action: z.string().max(100).optional(),
        inviteId: Uuid.optional(),
        actorId: Uuid.optional(),
      })
      .optional(),
    page: z
      .strictObject({
        size: PageSize.optional(),
        number: PageNumber.optional(),
        after: z.string().max(512).optional(),
      })
      .optional(),
  })
  .optional();

export const AuditPage = z.object({
  data: z.array(AuditEventSchema),
  total: z.number().int(),
  nextCursor: z.string().nullable(),
});

/** The typed list; REST reaches it through `filter[...]` and `page[...]` parameters (below). */
export const listAudit = publicProcedure
  .meta({ heavy: true })
  .input(ListAuditInput)
  .output(AuditPage)
  .query(async ({ ctx, input }) => {
    const { data, total, nextCursor } = await ctx.guestlist.audit.list(actorOf(ctx), {
      ...input?.filter,
      page: input?.page,
    });
    return { data, total, nextCursor };
  });

export const listAuditRest = publicProcedure
  .meta(
    restOperation({
      method: 'GET',
      path: '/audit',
      tag: 'audit',
      summary: 'List audit events',
      description:
        'Newest first. Needs `audit:read`. `page[size]` 1–100 (30), `page[number]` from 1, or `page[after]` = the previous `nextCursor`: a cursor page stays put while new events arrive.',
      heavy: true,
      errors: ['INVALID_QUERY', 'INVALID_CURSOR'],
      examples: { response: { data: [auditEventExample], total: 1, nextCursor: null } },
    }),
  )
  .input(
    z.strictObject({
      'filter[action]': z.string().max(100).optional(),
      'filter[inviteId]': z.uuid().optional(),
      'filter[actorId]': z.uuid().optional(),
      ...RestPageParams,
      'page[after]': z.string().max(512).optional(),
    }),
  )
  .output(AuditPage)
  .query(async ({ ctx, input }) => {
    const page = await ctx.guestlist.audit.list(actorOf(ctx), {
      action: input['filter[action]'],
      inviteId: input['filter[inviteId]'],
      actorId: input['filter[actorId]'],
      page: { ...pageOf(input), after: input['page[after]'] },
    });
    return { data: page.data, total: page.total, nextCursor: page.nextCursor };
  });
