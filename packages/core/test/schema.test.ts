import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectOrm, migrate, type Orm } from '../src/db/orm.ts';
import { createTestDatabase } from '../src/testing/index.ts';

/**
 * The type the queries are checked against (`DB` in src/db/schema.ts) is derived from the
 * entities, and the database the queries run against is built by the migrations. This holds
 * the two together: on a freshly migrated database, the schema generator finds nothing to
 * change for the entities. A migration deleted or edited by hand, or an entity that gains a
 * column, an index or a constraint without its migration, fails here.
 *
 * Nothing is ignored: pg-boss keeps its tables in a schema of its own (`pgboss`), created by
 * `Guestlist.migrate()` and not by these migrations, so it is absent from this database; the
 * migrations' own bookkeeping table is left out of the diff by MikroORM itself.
 */
let orm: Orm;
let drop: () => Promise<void>;

beforeAll(async () => {
  const database = await createTestDatabase(inject('databaseServerUrl'));
  drop = database.drop;
  orm = await connectOrm({ databaseUrl: database.url, poolSize: 2 });
  await migrate(orm);
});
afterAll(async () => {
  await orm?.close(true);
  await drop?.();
});

describe('the migrated schema', () => {
  it('is the one the entities define, so the DB type matches the database', async () => {
    const diff = await orm.schema.getUpdateSchemaSQL({ wrap: false, safe: false });
    expect(diff.trim()).toBe('');
  });
});
