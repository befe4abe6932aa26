import type { InferKyselyDB } from '@mikro-orm/postgresql';
import type { entities } from './entities/index.ts';

/**
 * The database as Kysely sees it, derived from the entities: table names, snake_case columns,
 * their types, and which columns have defaults. Renaming a property in an entity breaks every
 * query that still uses the old column, at compile time. The migrations are generated from the
 * same entities, so the type and the migrated schema agree (the schema test checks it).
 */
export type DB = InferKyselyDB<(typeof entities)[number]>;
