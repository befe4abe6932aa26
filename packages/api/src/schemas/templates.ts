import {
  locales,
  TEMPLATE_BODY_MAX_LENGTH,
  TEMPLATE_SUBJECT_MAX_LENGTH,
  templateKinds,
  templateVariableNames,
} from '@guestlist/core';
import { z } from 'zod';
import { IsoDate } from './common.ts';

export const TemplateKind = z.enum(templateKinds);
export const TemplateLocale = z.enum(locales);

export const templateExample = {
  kind: 'invite' as const,
  locale: 'en' as const,
  subject: '{{ inviter.name }} invited you to {{ product.name }}',
  text: 'Hi,\n\n{{ inviter.name }} invited you.\n{{ link }}\n',
  html: '<p>{{ inviter.name }} invited you.</p>\n<p><a href="{{ link }}">Accept</a></p>\n',
  builtIn: false,
  updatedAt: '2026-11-02T09:30:00.000Z',
};

/** The path of one template: `/templates/{kind}/{locale}`. */
export const TemplateRef = { kind: TemplateKind, locale: TemplateLocale };

const variables = `Variables: ${templateVariableNames.map((name) => `\`${name}\``).join(', ')}.`;

/** A template's three parts, in Liquid (§11). */
export const TemplateBody = {
  subject: z
    .string()
    .max(TEMPLATE_SUBJECT_MAX_LENGTH)
    .meta({
      description: `The subject, one line. ${variables}`,
      examples: ['{{ inviter.name }} invited you to {{ product.name }}'],
    }),
  text: z.string().max(TEMPLATE_BODY_MAX_LENGTH).meta({ description: 'The plain-text body' }),
  html: z.string().max(TEMPLATE_BODY_MAX_LENGTH).meta({
    description:
      "The HTML body, placed inside the product's frame (logo, footer); every value it outputs is HTML-escaped",
  }),
};

export const TemplateSchema = z
  .object({
    kind: TemplateKind,
    locale: TemplateLocale,
    ...TemplateBody,
    builtIn: z
      .boolean()
      .meta({ description: 'True: never customised, this is the built-in template' }),
    updatedAt: IsoDate.nullable(),
  })
  .meta({ id: 'Template', examples: [templateExample] });

export const RenderedEmailSchema = z
  .object({ subject: z.string(), text: z.string(), html: z.string() })
  .meta({
    id: 'RenderedEmail',
    examples: [
      {
        subject: 'Ada Lovelace (@ada) invited you to Acme',
        text: 'Hi,\n\nAda Lovelace (@ada) invited you.\nhttps://guestlist.example/i/SAMPLE-CODE\n',
        html: '<!doctype html>\n<html lang="en">…</html>\n',
      },
    ],
  });
