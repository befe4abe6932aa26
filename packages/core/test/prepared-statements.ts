import type { PostgreSqlConnection } from '@mikro-orm/postgresql';

/** One named statement a connection holds, and how PostgreSQL has planned its runs. */
export interface PreparedStatement {
  name: string;
  customPlans: number;
  genericPlans: number;
  parameterTypes: string[];
}

/**
 * Guestlist's named statements on the pool's connection, by name. PostgreSQL keeps prepared
 * statements per connection: the caller's pool must hold one, for this to see what it ran.
 */
export async function preparedStatements(
  connection: PostgreSqlConnection,
): Promise<PreparedStatement[]> {
  const pool = await connection.getNativeClient();
  const { rows } = await pool.query<{
    name: string;
    custom_plans: string;
    generic_plans: string;
    parameter_types: string[];
  }>(
    `select name, custom_plans, generic_plans, parameter_types::text[] from pg_prepared_statements
      where name like 'guestlist\\_%' order by name`,
  );
  return rows.map((row) => ({
    name: row.name,
    customPlans: Number(row.custom_plans),
    genericPlans: Number(row.generic_plans),
    parameterTypes: row.parameter_types,
  }));
}
