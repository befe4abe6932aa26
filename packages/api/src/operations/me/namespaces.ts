import { collaboratorRoles } from '@guestlist/core';
import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { IsoDate, listOf, pageOf, RestPageParams } from '../../schemas/common.ts';
import { namespaceExample } from '../../schemas/examples.ts';
import { NamespaceSchema } from '../../schemas/namespaces.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

const membershipExample = {
  namespace: namespaceExample,
  role: 'owner' as const,
  since: namespaceExample.createdAt,
};

export const MembershipSchema = z
  .object({ namespace: NamespaceSchema, role: z.enum(collaboratorRoles), since: IsoDate })
  .meta({ id: 'Membership', examples: [membershipExample] });

export const myNamespaces = publicProcedure
  .meta(
    restOperation({
      method: 'GET',
      path: '/me/namespaces',
      tag: 'auth',
      summary: 'Namespaces I belong to',
      description:
        'The namespaces I own or collaborate in, with my role, by path; 100 a page unless `page[size]` says fewer.',
      heavy: true,
      errors: ['INVALID_QUERY'],
      examples: { response: { data: [membershipExample], total: 1 } },
    }),
  )
  .input(z.strictObject(RestPageParams))
  .output(listOf(MembershipSchema))
  .query(async ({ ctx, input }) => {
    const { data, total } = await ctx.guestlist.namespaces.mine(actorOf(ctx), pageOf(input));
    return { data, total };
  });
