import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { locales, templateKinds } from '../../domain/vocabulary.ts';

/**
 * An operator's wording of one email in one language (spec §11). Without a row, the built-in
 * template of the repository applies; deleting the row returns to it.
 */
export const TemplateSchema = defineEntity({
  name: 'Template',
  tableName: 'templates',
  properties: {
    kind: p.enum(templateKinds).primary(),
    locale: p.enum(locales).primary(),
    subject: p.text(),
    text: p.text(),
    html: p.text(),
    updatedAt: p.datetime(3).defaultRaw('now()'),
    /** The user or API key that saved it last (an id; the audit log says which). */
    updatedBy: p.uuid().nullable(),
  },
});

export type Template = InferEntity<typeof TemplateSchema>;
