import type { Kysely, Selectable, Updateable } from 'kysely';
import type { DB } from '../db/schema.ts';
import { type Em, sqlOf } from '../services/database.ts';

/** The settings are one row; its id is fixed by a check constraint. */
export const SETTINGS_ID = 1;

export type SettingsRow = Selectable<DB['settings']>;

/** The SQL of the instance's settings, in the caller's unit of work. */
export class SettingsRepository {
  readonly #db: Kysely<DB>;

  /** `em`: the caller's transaction, or a fresh fork for a read. */
  constructor(em: Em) {
    this.#db = sqlOf(em);
  }

  /**
   * The settings row. Plain SQL: validate and redeem read this on every call, and the ORM's
   * bookkeeping for a one-row lookup cost more than the query.
   */
  find(): Promise<SettingsRow> {
    return this.#db
      .selectFrom('settings')
      .selectAll()
      .where('id', '=', SETTINGS_ID)
      .executeTakeFirstOrThrow();
  }

  /** The default permissions, locked until the caller's transaction ends. */
  async lockDefaultPermissions(): Promise<string[]> {
    const row = await this.#db
      .selectFrom('settings')
      .select('default_permissions')
      .where('id', '=', SETTINGS_ID)
      .forUpdate()
      .executeTakeFirstOrThrow();
    return row.default_permissions;
  }

  /** Where redirects may go, locked until the caller's transaction ends. */
  lockRedirects(): Promise<
    Pick<Selectable<DB['settings']>, 'allowed_redirect_origins' | 'default_redirect_url'>
  > {
    return this.#db
      .selectFrom('settings')
      .select(['allowed_redirect_origins', 'default_redirect_url'])
      .where('id', '=', SETTINGS_ID)
      .forUpdate()
      .executeTakeFirstOrThrow();
  }

  async update(changes: Updateable<DB['settings']>): Promise<void> {
    await this.#db.updateTable('settings').set(changes).where('id', '=', SETTINGS_ID).execute();
  }
}
