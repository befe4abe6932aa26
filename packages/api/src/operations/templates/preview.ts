import { z } from 'zod';
import { restOperation } from '../../operation.ts';
import { dataOf } from '../../schemas/common.ts';
import {
  RenderedEmailSchema,
  TemplateBody,
  TemplateRef,
  templateExample,
} from '../../schemas/templates.ts';
import { actorOf, publicProcedure } from '../../trpc.ts';

export const previewTemplate = publicProcedure
  .meta(
    restOperation({
      method: 'POST',
      path: '/templates/{kind}/{locale}/preview',
      tag: 'settings',
      summary: 'Preview an email template',
      description:
        'Needs `settings:read`. Renders the template given in the body (all three parts), or without one the template in force, with sample variables and the branding settings. 400 INVALID_TEMPLATE as for saving.',
      successStatus: 200,
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
  .input(
    z.strictObject({
      ...TemplateRef,
      subject: TemplateBody.subject.optional(),
      text: TemplateBody.text.optional(),
      html: TemplateBody.html.optional(),
    }),
  )
  .output(dataOf(RenderedEmailSchema))
  .mutation(async ({ ctx, input }) => {
    const { kind, locale, subject, text, html } = input;
    const given = subject !== undefined || text !== undefined || html !== undefined;
    const source = given
      ? { subject: subject ?? '', text: text ?? '', html: html ?? '' }
      : undefined;
    return {
      data: await ctx.guestlist.templates.preview(actorOf(ctx), kind, locale, source),
    };
  });
