import type { Pool, PoolClient } from 'pg';

/** Each hot statement's text, and the name it is prepared under. */
const NAMES = new Map<string, string>();

/** Registers `text` as the statement prepared under `name`. */
export function nameStatement(text: string, name: string): void {
  NAMES.set(text, name);
}

/**
 * Makes every connection of `pool` send a hot statement's text as its named prepared
 * statement. Kysely, which runs the statements of a transaction, calls `query(text, values)`
 * and has no way to name one; the text of a statement `prepared` compiled is known, so the
 * connection names it itself. Any other text goes out as it came. MikroORM hands the pool over
 * before it opens a connection (`driverOptions.onPoolCreated`), so every connection is named.
 */
export function nameHotStatements(pool: Pool): void {
  pool.on('connect', (client: PoolClient) => {
    client.query = function (this: PoolClient, ...args: unknown[]) {
      // The class's `query` as it is now, not as it was when the connection opened: whatever
      // wraps the driver later (a tracer, a test counting statements) still sees every call.
      const query = Object.getPrototypeOf(this).query as (...args: unknown[]) => unknown;
      const [text, values] = args;
      const name = typeof text === 'string' ? NAMES.get(text) : undefined;
      if (name === undefined || !Array.isArray(values) || args.length !== 2) {
        return query.apply(this, args);
      }
      return query.call(this, { name, text, values });
    } as PoolClient['query'];
  });
}
