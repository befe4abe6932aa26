import type { Kysely, Selectable, Updateable } from 'kysely';
import type { DB } from '../db/schema.ts';
import { type Em, sqlOf } from '../services/database.ts';
import type { EveryColumn } from './every-column.ts';
import { prepared } from './prepared.ts';

/** The settings are one row; its id is fixed by a check constraint. */
export const SETTINGS_ID = 1;

export type SettingsRow = Selectable<DB['settings']>;

/** Every column of `settings`, by name: a prepared statement must not say `*` (prepared.ts). */
const SETTINGS_COLUMNS = [
  'id',
  'invites_enabled',
  'registration',
  'default_invite_ttl',
  'code_format',
  'code_prefix',
  'default_permissions',
  'allowed_redirect_origins',
  'default_redirect_url',
  'product_name',
  'logo_url',
  'accent_color',
  'support_email',
  'permission_labels',
  'default_locale',
  'updated_at',
] as const satisfies readonly (keyof SettingsRow)[];
const everyColumn: EveryColumn<SettingsRow, typeof SETTINGS_COLUMNS> = true;
void everyColumn;

const settingsRow = prepared('guestlist_settings', 0, (db) =>
  db.selectFrom('settings').select(SETTINGS_COLUMNS).where('id', '=', SETTINGS_ID),
);

/** The SQL of the instance's settings, in the caller's unit of work. */
export class SettingsRepository {
  readonly #db: Kysely<DB>;
  readonly #em: Em;

  /** `em`: the caller's transaction, or a fresh fork for a read. */
  constructor(em: Em) {
    this.#db = sqlOf(em);
    this.#em = em;
  }

  /**
   * The settings row. A prepared statement: validate, redeem and every create read it, and
   * the ORM's bookkeeping for a one-row lookup cost more than the query.
   */
  async find(): Promise<SettingsRow> {
    const [row] = await settingsRow(this.#em);
    if (row === undefined) throw new Error('The settings row is missing: migrations not applied');
    return row;
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
