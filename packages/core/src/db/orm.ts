import { Migrator } from '@mikro-orm/migrations';
import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { entities } from './entities/index.ts';
import { migrations } from './migrations/index.ts';
import { nameHotStatements } from './statement-names.ts';

export type Orm = MikroORM;

export interface OrmOptions {
  databaseUrl: string;
  /** Connections per process. The default suits a 2-core machine. */
  poolSize?: number;
  /** Receives each SQL statement at debug level (parameters are never logged). */
  logQuery?: (sql: string) => void;
}

export function ormConfig(options: OrmOptions): Options {
  return {
    clientUrl: options.databaseUrl,
    entities,
    extensions: [Migrator],
    migrations: {
      // Listed in code, not globbed from disk: they load the same under Node, vitest and bundlers.
      migrationsList: migrations,
      tableName: 'mikro_orm_migrations',
      snapshot: false,
      silent: true,
      transactional: true,
      allOrNothing: true,
    },
    pool: { min: 0, max: options.poolSize ?? 10 },
    // The hot statements of a transaction go out as named prepared statements (decision 0035).
    driverOptions: { onPoolCreated: nameHotStatements },
    // Reads run on the root EntityManager (`directOf`): entity work there must fail, not share
    // one identity map between requests. MikroORM's default, pinned.
    allowGlobalContext: false,
    // The database was created by the operator (or the embedded server); never CREATE DATABASE.
    ensureDatabase: false,
    debug: options.logQuery ? ['query'] : false,
    ...(options.logQuery ? { logger: options.logQuery } : {}),
  };
}

export function connectOrm(options: OrmOptions): Promise<Orm> {
  return MikroORM.init(ormConfig(options));
}

/**
 * Applies pending migrations. Several processes may start at once against one database: the
 * migrations run inside one transaction holding an advisory lock, so the others wait and then
 * find nothing to do. A first-ever start can still race on creating the bookkeeping table, so
 * a failed attempt is retried.
 */
export async function migrate(orm: Orm): Promise<string[]> {
  const lockKey = 0x6775_6573; // 'gues'
  for (let attempt = 1; ; attempt++) {
    try {
      return await orm.em.fork().transactional(async (em) => {
        await em.execute('select pg_advisory_xact_lock(?)', [lockKey]);
        const applied = await orm.migrator.up({ transaction: em.getTransactionContext() });
        return applied.map((m) => m.name);
      });
    } catch (error) {
      if (attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

/** Whether every known migration has been applied (readiness). */
export async function migrationsApplied(orm: Orm): Promise<boolean> {
  const pending = await orm.migrator.getPending();
  return pending.length === 0;
}
