import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { chmod, rename, rm } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import {
  BackupRefused,
  type ExportedTable,
  type ExportHeader,
  FORMAT_VERSION,
  keyFingerprint,
  MAGIC,
  macKey,
  quoteColumns,
  quoteTable,
} from './format.ts';
import { countLines } from './lines.ts';
import { discoverTables, type TableInfo } from './tables.ts';

export interface ExportOptions {
  databaseUrl: string;
  secretKey: string;
  /** The file to write; refused when it exists unless `overwrite`. */
  out: string;
  overwrite?: boolean;
}

export interface BackupSummary {
  file: string;
  schemaVersion: string;
  tables: ExportedTable[];
  bytes: number;
  milliseconds: number;
}

/** The database's schema version, or a refusal when Guestlist never migrated it. */
export async function appliedSchemaVersion(client: pg.Client): Promise<string | null> {
  const { rows } = await client.query<{ exists: boolean }>(
    `select to_regclass('public.mikro_orm_migrations') is not null as exists`,
  );
  if (!rows[0]!.exists) return null;
  const applied = await client.query<{ name: string }>(
    'select name from mikro_orm_migrations order by id desc limit 1',
  );
  return applied.rows[0]?.name ?? null;
}

function copyOut(table: TableInfo): string {
  const columns = quoteColumns(table.columns);
  // COPY cannot read a partitioned table itself, only a query over it.
  return table.partitioned
    ? `COPY (SELECT ${columns} FROM ${quoteTable(table.name)}) TO STDOUT`
    : `COPY ${quoteTable(table.name)} (${columns}) TO STDOUT`;
}

/**
 * Writes a snapshot of every table (spec §10): one read-only repeatable-read transaction, so
 * every table is read as of one instant, while the service keeps running; rows stream from
 * COPY through the MAC and gzip into the file, so memory stays flat whatever the size. The
 * file appears under its name only once complete, readable by its owner only.
 */
export async function exportSnapshot(options: ExportOptions): Promise<BackupSummary> {
  const started = performance.now();
  if (existsSync(options.out) && !options.overwrite)
    throw new BackupRefused(
      `${options.out} already exists: choose another file or pass --force to replace it.`,
    );
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  const partial = `${options.out}.${process.pid}.partial`;
  let file: WriteStream | undefined;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const schemaVersion = await appliedSchemaVersion(client);
    if (schemaVersion === null)
      throw new BackupRefused('The database holds no Guestlist installation to export.');
    const tables = await discoverTables(client);
    const exported: ExportedTable[] = [];
    for (const table of tables) {
      const { rows } = await client.query<{ n: string }>(
        `select count(*) as n from ${quoteTable(table.name)}`,
      );
      exported.push({ name: table.name, columns: table.columns, rows: Number(rows[0]!.n) });
    }
    const header: ExportHeader = {
      format: FORMAT_VERSION,
      schemaVersion,
      fingerprint: keyFingerprint(options.secretKey),
      createdAt: new Date().toISOString(),
      tables: exported,
    };

    file = createWriteStream(partial, { flags: 'wx', mode: 0o600, flush: true });
    const gzip = createGzip();
    gzip.pipe(file);
    const mac = createHmac('sha256', macKey(options.secretKey));
    const put = async (chunk: Buffer) => {
      mac.update(chunk);
      if (!gzip.write(chunk)) await once(gzip, 'drain');
    };
    await put(Buffer.from(`${MAGIC}\n${JSON.stringify(header)}\n`));
    for (const [index, table] of tables.entries()) {
      let lines = 0;
      const stream = client.query(copyTo(copyOut(table)));
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        lines += countLines(chunk);
        await put(chunk);
      }
      // The same snapshot counted and copied: a difference means the file would be wrong.
      if (lines !== exported[index]!.rows)
        throw new Error(`${table.name}: counted ${exported[index]!.rows} rows, copied ${lines}`);
    }
    gzip.end(`END ${mac.digest('hex')}\n`);
    await finished(file);
    await client.query('COMMIT');
    await chmod(partial, 0o600);
    await rename(partial, options.out);
    return {
      file: options.out,
      schemaVersion,
      tables: exported,
      bytes: file.bytesWritten,
      milliseconds: Math.round(performance.now() - started),
    };
  } catch (error) {
    file?.destroy();
    await rm(partial, { force: true });
    throw error;
  } finally {
    await client.end().catch(() => {});
  }
}
