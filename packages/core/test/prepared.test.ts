import { randomBytes } from 'node:crypto';
import type { PostgreSqlConnection } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectOrm, migrate, type Orm } from '../src/db/orm.ts';
import { findInviteAndSettings } from '../src/repositories/invite-lookup.ts';
import { directOf } from '../src/services/database.ts';
import { createTestDatabase } from '../src/testing/index.ts';

/**
 * The hot lookups are named prepared statements so that PostgreSQL plans them once per
 * connection. Left to its default, PostgreSQL planned the invite lookup afresh on every run
 * (its generic plan looked dearer than a fresh one), which cost the database more than the
 * statement itself; so every connection of the pool asks for the generic plan.
 */
let orm: Orm;
let drop: () => Promise<void>;

beforeAll(async () => {
  const database = await createTestDatabase(inject('databaseServerUrl'));
  drop = database.drop;
  const migrating = await connectOrm({ databaseUrl: database.url });
  await migrate(migrating).finally(() => migrating.close());
  // One connection: the statements below and the check of them share it.
  orm = await connectOrm({ databaseUrl: database.url, poolSize: 1 });
});
afterAll(async () => {
  await orm?.close();
  await drop?.();
});

describe('prepared statements', () => {
  it('are planned once per connection, not on every run', async () => {
    const em = directOf(orm);
    for (let i = 0; i < 8; i++) {
      const key = { id: null, digests: [randomBytes(32), randomBytes(32)] };
      const { settings, found } = await findInviteAndSettings(em, key);
      expect([settings.id, found]).toEqual([1, undefined]);
    }
    const pool = await (em.getConnection() as PostgreSqlConnection).getNativeClient();
    const { rows } = await pool.query<{ generic_plans: string; custom_plans: string }>(
      `select generic_plans, custom_plans from pg_prepared_statements
        where name = 'guestlist_settings_invite_by_code'`,
    );
    expect(rows).toHaveLength(1);
    expect(Number(rows[0]!.custom_plans)).toBe(0);
    expect(Number(rows[0]!.generic_plans)).toBeGreaterThanOrEqual(8);
  });
});
