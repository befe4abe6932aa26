import type pg from 'pg';

/**
 * Which tables an export carries. Every table of Guestlist's schema and of pg-boss's (so queued
 * emails and webhook deliveries survive a move), found in the catalog rather than listed, so a
 * table added by a later migration is carried without a change here. Left out, each for a
 * reason:
 */
const LEFT_OUT: Record<string, string> = {
  // The schema version travels in the header; the target's own migrations write this table.
  'public.mikro_orm_migrations': 'schema version',
  // Per-client counters of the current minute (R18): stale at once, and they hold client IPs.
  'public.rate_limits': 'transient',
  // pg-boss's bookkeeping of its own installation, written by its install on the target.
  'pgboss.version': 'pg-boss install',
  // pg-boss's queue of maintenance commands for its own tables (the target has its own).
  'pgboss.bam': 'pg-boss install',
  // pg-boss's diagnostics log and its queue-size time series: rebuilt by its monitor.
  'pgboss.warning': 'diagnostics',
  'pgboss.queue_stats': 'diagnostics',
};

/**
 * Tables the target's migrations seed, so they are never empty: `settings` (one row of
 * defaults) is replaced by the export's; pg-boss's queues, installed at start, take the
 * exported queues' policies.
 */
export const SEEDED = { settings: 'public.settings', queues: 'pgboss.queue' } as const;

export interface TableInfo {
  name: string;
  columns: string[];
  /** Partitioned (pg-boss's jobs): COPY reads it through a query; writes route to partitions. */
  partitioned: boolean;
}

/**
 * The tables to carry, parents before children (foreign keys), so an import can load them in
 * the file's order. A partition's keys count as its parent's (`pg_partition_root`: null for
 * a table that is not one).
 */
export async function discoverTables(client: pg.Client): Promise<TableInfo[]> {
  const { rows: tables } = await client.query<{ name: string; partitioned: boolean }>(
    `select format('%s.%s', n.nspname, c.relname) as name, c.relkind = 'p' as partitioned
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname in ('public', 'pgboss') and c.relkind in ('r', 'p') and not c.relispartition
      order by 1`,
  );
  const { rows: columns } = await client.query<{ name: string; column: string }>(
    `select format('%s.%s', n.nspname, c.relname) as name, a.attname as column
       from pg_attribute a join pg_class c on c.oid = a.attrelid
       join pg_namespace n on n.oid = c.relnamespace
      where n.nspname in ('public', 'pgboss') and c.relkind in ('r', 'p')
        and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
      order by a.attrelid, a.attnum`,
  );
  const { rows: keys } = await client.query<{ child: string; parent: string }>(
    `select coalesce(pg_partition_root(k.conrelid), k.conrelid)::regclass::text as child,
            coalesce(pg_partition_root(k.confrelid), k.confrelid)::regclass::text as parent
       from pg_constraint k
      where k.contype = 'f' and k.connamespace in ('public'::regnamespace, 'pgboss'::regnamespace)`,
  );
  const carried = tables.filter((t) => !(t.name in LEFT_OUT));
  const qualified = (name: string) => (name.includes('.') ? name : `public.${name}`);
  const parents = new Map(carried.map((t) => [t.name, new Set<string>()]));
  for (const { child, parent } of keys) {
    const [c, p] = [qualified(child), qualified(parent)];
    if (c !== p && parents.has(c) && parents.has(p)) parents.get(c)!.add(p);
  }
  const ordered: TableInfo[] = [];
  const placed = new Set<string>();
  while (placed.size < carried.length) {
    const ready = carried.filter(
      (t) => !placed.has(t.name) && [...parents.get(t.name)!].every((p) => placed.has(p)),
    );
    if (ready.length === 0) throw new Error('the tables reference each other in a cycle');
    for (const table of ready) {
      placed.add(table.name);
      ordered.push({
        name: table.name,
        partitioned: table.partitioned,
        columns: columns.filter((c) => c.name === table.name).map((c) => c.column),
      });
    }
  }
  return ordered;
}
