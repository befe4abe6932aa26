import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Locale, TemplateKind } from '../domain/vocabulary.ts';
import { type Em, sqlOf } from '../services/database.ts';

export type TemplateRow = Selectable<DB['templates']>;

/** The SQL of the operator's templates (spec §11), in the caller's unit of work. */
export class TemplateRepository {
  readonly #db: Kysely<DB>;

  constructor(em: Em) {
    this.#db = sqlOf(em);
  }

  find(kind: TemplateKind, locale: Locale): Promise<TemplateRow | undefined> {
    return this.#db
      .selectFrom('templates')
      .selectAll()
      .where('kind', '=', kind)
      .where('locale', '=', locale)
      .executeTakeFirst();
  }

  /** The saved templates of these kinds, in every locale: read once for a batch of emails. */
  ofKinds(kinds: readonly TemplateKind[]): Promise<TemplateRow[]> {
    return this.#db
      .selectFrom('templates')
      .selectAll()
      .where('kind', 'in', [...kinds])
      .execute();
  }

  async save(
    kind: TemplateKind,
    locale: Locale,
    parts: { subject: string; text: string; html: string },
    updatedBy: string | null,
  ): Promise<TemplateRow> {
    const now = new Date();
    return this.#db
      .insertInto('templates')
      .values({ kind, locale, ...parts, updated_at: now, updated_by: updatedBy })
      .onConflict((oc) =>
        oc
          .columns(['kind', 'locale'])
          .doUpdateSet({ ...parts, updated_at: now, updated_by: updatedBy }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Whether there was one to delete. */
  async remove(kind: TemplateKind, locale: Locale): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('templates')
      .where('kind', '=', kind)
      .where('locale', '=', locale)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
