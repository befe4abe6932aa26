import type pg from 'pg';
import { BackupRefused, quoteTable } from './format.ts';
import { discoverTables, SEEDED } from './tables.ts';

/** The one sentence an operator reads when the target already holds data. */
function notEmpty(what: string): BackupRefused {
  return new BackupRefused(
    `The target database is not empty (${what}): import only into a new, empty database, before any server has started on it.`,
  );
}

/**
 * Refuses a target that is not empty: one with tables of its own, or a Guestlist of another
 * schema version, or one holding any row (users, invites, keys, jobs...). Migrations seed the
 * settings' defaults and pg-boss's queues, which an import replaces: those do not count.
 */
export async function checkTarget(
  client: pg.Client,
  schemaVersion: string,
  applied: string | null,
): Promise<void> {
  if (applied === null) {
    const { rows } = await client.query<{ name: string }>(
      `select format('%s.%s', table_schema, table_name) as name from information_schema.tables
        where table_schema in ('public', 'pgboss') order by 1 limit 3`,
    );
    if (rows.length > 0) notEmptyThrow(rows.map((r) => r.name).join(', '));
    return;
  }
  if (applied !== schemaVersion)
    throw new BackupRefused(
      `The target database is a Guestlist at schema version ${applied}, the export is at ${schemaVersion}: import only into a new, empty database.`,
    );
  const seeded = new Set<string>(Object.values(SEEDED));
  const holding: string[] = [];
  for (const table of await discoverTables(client)) {
    if (seeded.has(table.name)) continue;
    const { rows } = await client.query<{ any: boolean }>(
      `select exists (select from ${quoteTable(table.name)}) as any`,
    );
    if (rows[0]!.any) holding.push(table.name.replace(/^public\./, ''));
  }
  if (holding.length > 0) notEmptyThrow(`it holds ${holding.slice(0, 4).join(', ')}`);
}

function notEmptyThrow(what: string): never {
  throw notEmpty(what);
}
