import type { PostgreSqlConnection } from '@mikro-orm/postgresql';
import { type Compilable, CompiledQuery, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/schema.ts';
import { nameStatement } from '../db/statement-names.ts';
import { sqlOf, type Tx } from '../services/database.ts';

/**
 * A hot statement, written with Kysely and compiled once, then run as a named prepared
 * statement: PostgreSQL parses and plans it once per connection instead of on every request.
 * For a read joining four tables that planning cost more than the read itself. Kysely itself
 * would also rebuild and compile the query on every call.
 *
 * `build` returns a query builder or `sql`. It receives one marker per argument and puts each
 * where a value goes, as a single parameter (`${value}` in `sql`, or `=`); an array argument
 * goes whole into one parameter (`= any(${array}::type[])`), since the marker it was compiled
 * with is not a list. The statement must select its columns by name, not `*`: a column added
 * by a later migration would otherwise change the prepared statement's result type, which
 * PostgreSQL refuses to re-plan.
 *
 * Inside a transaction the statement runs on the transaction's connection through Kysely,
 * which sends its text with no name; `nameHotStatements` (db/statement-names.ts) gives it its
 * name on the way out, so a write's statements are planned once per connection as reads are.
 */
export function prepared<Args extends unknown[], Row>(
  name: string,
  arity: Args['length'],
  build: (db: Kysely<DB>, ...args: Args) => Compilable<Row> | RawBuilder<Row>,
): (tx: Tx, ...args: Args) => Promise<Row[]> {
  let compiled: { sql: string; slots: ({ arg: number } | { value: unknown })[] } | null = null;
  return async (tx, ...args) => {
    const db = sqlOf(tx);
    if (compiled === null) {
      compiled = compile(
        db,
        arity,
        build as (db: Kysely<DB>, ...marks: unknown[]) => Compilable | RawBuilder<unknown>,
      );
      nameStatement(compiled.sql, name);
    }
    const values = compiled.slots.map((slot) => ('arg' in slot ? args[slot.arg] : slot.value));
    if (tx.isInTransaction()) {
      const result = await db.executeQuery<Row>(CompiledQuery.raw(compiled.sql, values));
      return [...result.rows];
    }
    const pool = await (tx.getConnection() as PostgreSqlConnection).getNativeClient();
    const result = await pool.query({ name, text: compiled.sql, values });
    return result.rows as Row[];
  };
}

/** A marker for argument `index`: an object no caller's value can be the same as. */
class Mark {
  readonly index: number;
  constructor(index: number) {
    this.index = index;
  }
}

function compile(
  db: Kysely<DB>,
  arity: number,
  build: (db: Kysely<DB>, ...marks: unknown[]) => Compilable | RawBuilder<unknown>,
) {
  const marks = Array.from({ length: arity }, (_, index) => new Mark(index));
  const built = build(db, ...marks);
  // A query builder compiles alone; `sql` needs the instance whose dialect it compiles for.
  const query = 'isRawBuilder' in built ? built.compile(db) : built.compile();
  // A parameter that is a marker takes its argument's value on each run; any other is a
  // constant of the statement (a limit, the settings' id). An argument may go unused.
  const slots = query.parameters.map((value) =>
    value instanceof Mark ? { arg: value.index } : { value },
  );
  return { sql: query.sql, slots };
}
