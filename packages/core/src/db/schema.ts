import type { InferKyselyDB } from '@mikro-orm/postgresql';
import type { ColumnType } from 'kysely';
import type { entities } from './entities/index.ts';

/** The tables as MikroORM infers them from the entities. */
type Inferred = InferKyselyDB<(typeof entities)[number]>;

/** `Date` in a column's read type becomes `string`; `Date | null` becomes `string | null`. */
type TextDate<T> = T extends Date ? string : T;

/**
 * MikroORM's PostgreSQL driver keeps timestamps as text when it reads them (its type parsers
 * leave them raw), so a column the entity declares as a `Date` reads as a `string`. Writes
 * still take a `Date`. Without this, `row.created_at.getTime()` would compile and fail.
 */
type Column<C> = C extends { __select__: infer S; __insert__: infer I; __update__: infer U }
  ? [Extract<S, Date>] extends [never]
    ? C
    : ColumnType<TextDate<S>, I, U>
  : [Extract<C, Date>] extends [never]
    ? C
    : ColumnType<TextDate<C>, C, C>;

/**
 * The database as Kysely sees it, derived from the entities: table names, snake_case columns,
 * their types, and which columns have defaults. Renaming a property in an entity breaks every
 * query that still uses the old column, at compile time. `test/schema.test.ts` checks that the
 * migrations build exactly the schema these entities describe, so the type and the database
 * agree.
 */
export type DB = { [T in keyof Inferred]: { [K in keyof Inferred[T]]: Column<Inferred[T][K]> } };
