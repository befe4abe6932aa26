import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { SettingsSchema } from '../../schemas/admin.ts';
import { dataOf } from '../../schemas/common.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const getSettings = publicProcedure
  .meta(
    restOperation({
      method: 'GET',
      path: '/settings',
      tag: 'settings',
      summary: 'Read the settings',
      description: 'Needs `settings:read`.',
      errors: [],
    }),
  )
  .input(z.void())
  .output(dataOf(SettingsSchema))
  .query(async ({ ctx }) => ({ data: await ctx.guestlist.settings.get(actorOf(ctx)) }));
