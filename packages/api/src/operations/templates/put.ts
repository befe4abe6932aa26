import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { dataOf } from '../../schemas/common.ts';
import {
  TemplateBody,
  TemplateRef,
  TemplateSchema,
  templateExample,
} from '../../schemas/templates.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const putTemplate = publicProcedure
  .meta(
    restOperation({
      method: 'PUT',
      path: '/templates/{kind}/{locale}',
      tag: 'settings',
      summary: 'Save an email template',
      description:
        'Needs `settings:write`. Liquid in a sandbox: only the documented variables, no files (`include`, `render` and `layout` are refused), bounded time and memory. 400 INVALID_TEMPLATE, with `line` and `column` in `fields`, when a part does not parse or fails on the documented variables.',
      errors: ['INVALID_TEMPLATE'],
      examples: {
        request: {
          subject: templateExample.subject,
          text: templateExample.text,
          html: templateExample.html,
        },
      },
    }),
  )
  .input(z.strictObject({ ...TemplateRef, ...TemplateBody }))
  .output(dataOf(TemplateSchema))
  .mutation(async ({ ctx, input }) => {
    const { kind, locale, ...source } = input;
    return { data: await ctx.guestlist.templates.put(actorOf(ctx), kind, locale, source) };
  });
