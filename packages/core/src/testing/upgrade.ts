import type { MigrationObject } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import { MikroORM } from '@mikro-orm/postgresql';
import { migrations } from '../db/migrations/index.ts';
import { migrate, ormConfig } from '../db/orm.ts';

/**
 * Applies this release's migrations followed by `next` (a later release's), the way that
 * release's first process would at start: `migrate`, one transaction under the advisory lock.
 * For upgrade tests, where the running processes are this release's and the schema moves on.
 */
export async function migrateToNextRelease(
  databaseUrl: string,
  next: MigrationObject[],
): Promise<string[]> {
  const config = ormConfig({ databaseUrl, poolSize: 2 });
  const orm = await MikroORM.init({
    ...config,
    migrations: { ...config.migrations, migrationsList: [...migrations, ...next] },
  });
  try {
    return await migrate(orm);
  } finally {
    await orm.close();
  }
}

/** A migration made of plain SQL statements, run in order inside the migration's transaction. */
export function sqlMigration(name: string, statements: string[]): MigrationObject {
  class SqlMigration extends Migration {
    override name = name;
    override up(): void {
      for (const statement of statements) this.addSql(statement);
    }
  }
  return { name, class: SqlMigration };
}
