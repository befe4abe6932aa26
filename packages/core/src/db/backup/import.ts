import { existsSync } from 'node:fs';
import pg from 'pg';
import { copyRows } from './copy.ts';
import { appliedSchemaVersion, type BackupSummary } from './export.ts';
import {
  BackupRefused,
  currentSchemaVersion,
  type ExportedTable,
  type ExportHeader,
  keyFingerprint,
  quoteColumns,
  quoteTable,
} from './format.ts';
import { loadQueues } from './queues.ts';
import { ExportReader } from './reader.ts';
import { discoverTables, SEEDED } from './tables.ts';
import { checkTarget } from './target.ts';

export interface ImportOptions {
  databaseUrl: string;
  secretKey: string;
  file: string;
  /** Brings an empty database to this release's schema (migrations and the job queue's). */
  migrate: (databaseUrl: string) => Promise<void>;
}

/** Opens an export and refuses it unless this release, with this SECRET_KEY, can load it. */
async function openExport(file: string, secretKey: string) {
  if (!existsSync(file)) throw new BackupRefused(`${file} does not exist.`);
  const reader = new ExportReader(file, secretKey);
  try {
    const header = await reader.header();
    if (header.fingerprint !== keyFingerprint(secretKey))
      throw new BackupRefused(
        `${file} was made under another SECRET_KEY: set SECRET_KEY to the key of the installation that made it, or its invite codes would not validate.`,
      );
    if (header.schemaVersion !== currentSchemaVersion())
      throw new BackupRefused(
        `${file} is at schema version ${header.schemaVersion}, this Guestlist at ${currentSchemaVersion()}: import it with the release that made it, then upgrade.`,
      );
    return { reader, header };
  } catch (error) {
    reader.close();
    throw error;
  }
}

/** Reads the whole file once, writing nothing: a damaged one is refused before any change. */
export async function verifyExport(file: string, secretKey: string): Promise<ExportHeader> {
  const { reader, header } = await openExport(file, secretKey);
  try {
    for (const table of header.tables) for await (const _ of reader.rows(table.rows));
    await reader.finish();
    return header;
  } finally {
    reader.close();
  }
}

async function loadTable(client: pg.Client, table: ExportedTable, rows: AsyncIterable<Buffer>) {
  const columns = quoteColumns(table.columns);
  if (table.name === SEEDED.queues) return loadQueues(client, columns, rows);
  if (table.name === SEEDED.settings) await client.query(`DELETE FROM ${quoteTable(table.name)}`);
  return copyRows(client, `COPY ${quoteTable(table.name)} (${columns}) FROM STDIN`, rows);
}

/** Sequences owned by a loaded column start after its largest value. */
async function advanceSequences(client: pg.Client, tables: readonly string[]): Promise<void> {
  const { rows } = await client.query<{ seq: string; tab: string; col: string }>(
    `select s.oid::regclass::text as seq, t.oid::regclass::text as tab, a.attname as col
       from pg_depend d join pg_class s on s.oid = d.objid and s.relkind = 'S'
       join pg_class t on t.oid = d.refobjid
       join pg_attribute a on a.attrelid = t.oid and a.attnum = d.refobjsubid
      where t.oid = any($1::regclass[])`,
    [tables],
  );
  for (const { seq, tab, col } of rows)
    await client.query(
      `select setval($1, coalesce((select max("${col}") from ${tab}), 0) + 1, false)`,
      [seq],
    );
}

/**
 * Loads an export into an empty database (spec §10). Every refusal comes before the first
 * write: the file is read through once (format, key, schema version, checksum), the target
 * checked, and only then migrated and loaded, in one transaction, in the file's order (parents
 * first), checking each table's row count and the checksum again before committing.
 */
export async function importSnapshot(options: ImportOptions): Promise<BackupSummary> {
  const started = performance.now();
  const header = await verifyExport(options.file, options.secretKey);
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  try {
    await checkTarget(client, header.schemaVersion, await appliedSchemaVersion(client));
    await options.migrate(options.databaseUrl);
    const { reader } = await openExport(options.file, options.secretKey);
    try {
      await client.query('BEGIN');
      // A second import at the same moment waits here, then finds the target no longer empty.
      await client.query('select pg_advisory_xact_lock(hashtext($1))', ['guestlist-import']);
      await checkTarget(client, header.schemaVersion, await appliedSchemaVersion(client));
      const here = (await discoverTables(client)).map((t) => t.name).sort();
      const there = header.tables.map((t) => t.name).sort();
      if (here.join() !== there.join())
        throw new BackupRefused(
          `${options.file} holds other tables than this database (${there.join(', ')}).`,
        );
      for (const table of header.tables) {
        const loaded = await loadTable(client, table, reader.rows(table.rows));
        if (loaded !== table.rows)
          throw new BackupRefused(
            `${options.file} is damaged: ${table.name} loaded ${loaded} rows of ${table.rows}.`,
          );
      }
      await reader.finish();
      await advanceSequences(client, there);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      reader.close();
    }
    return {
      file: options.file,
      schemaVersion: header.schemaVersion,
      tables: header.tables,
      bytes: 0,
      milliseconds: Math.round(performance.now() - started),
    };
  } finally {
    await client.end().catch(() => {});
  }
}
