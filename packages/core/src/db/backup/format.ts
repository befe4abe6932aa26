import { createHmac } from 'node:crypto';
import { migrations } from '../migrations/index.ts';

/**
 * The export file (spec §10): gzip of
 *
 *   GUESTLIST-EXPORT
 *   {"format":1,"schemaVersion":…,"fingerprint":…,"tables":[{"name","columns","rows"},…]}
 *   <each table's rows, in the header's order: PostgreSQL COPY text, one row per line>
 *   END <HMAC-SHA256 of every byte above, hex>
 *
 * COPY's text format escapes newlines inside values, so a table is exactly `rows` lines and
 * needs no other framing; anyone can read the file with `zcat`. The trailer's MAC, keyed from
 * `SECRET_KEY`, catches a truncated, damaged or edited file before anything is committed.
 */
export const MAGIC = 'GUESTLIST-EXPORT';
export const FORMAT_VERSION = 1;
/** A header is a few kilobytes; anything longer is not one (and is not read into memory). */
export const MAX_HEADER_BYTES = 1024 * 1024;

export interface ExportedTable {
  /** Schema-qualified: `public.invites`, `pgboss.job`. */
  name: string;
  columns: string[];
  rows: number;
}

export interface ExportHeader {
  format: number;
  /** The last migration applied to the database it came from. */
  schemaVersion: string;
  /** Which SECRET_KEY its codes were digested and sealed under (never the key). */
  fingerprint: string;
  createdAt: string;
  tables: ExportedTable[];
}

/** Why an export or an import will not go on: one sentence for the operator. */
export class BackupRefused extends Error {
  override name = 'BackupRefused';
}

/** The schema this release runs: the name of its last migration. */
export function currentSchemaVersion(): string {
  return migrations.at(-1)!.name;
}

/** Tells one SECRET_KEY from another without revealing it: 64 bits of an HMAC. */
export function keyFingerprint(secretKey: string): string {
  return createHmac('sha256', secretKey)
    .update('guestlist-export-fingerprint')
    .digest('hex')
    .slice(0, 16);
}

/** The trailer's MAC key, derived apart from the fingerprint so neither reveals the other. */
export function macKey(secretKey: string): Buffer {
  return createHmac('sha256', secretKey).update('guestlist-export-mac').digest();
}

const NAME = /^(public|pgboss)\.[a-z_][a-z0-9_]*$/;
const COLUMN = /^[a-z_][a-z0-9_]*$/;

/** The header line, checked field by field: it names tables and columns that go into SQL. */
export function parseHeader(line: string, file: string): ExportHeader {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new BackupRefused(`${file} is not a Guestlist export: its header is not readable.`);
  }
  const header = value as Partial<ExportHeader> | null;
  if (typeof header?.format === 'number' && header.format !== FORMAT_VERSION)
    throw new BackupRefused(
      `${file} is an export of format ${header.format}; this Guestlist reads format ${FORMAT_VERSION}.`,
    );
  const wellFormed =
    header?.format === FORMAT_VERSION &&
    typeof header.schemaVersion === 'string' &&
    typeof header.fingerprint === 'string' &&
    typeof header.createdAt === 'string' &&
    Array.isArray(header.tables) &&
    header.tables.every(
      (t) =>
        typeof t?.name === 'string' &&
        NAME.test(t.name) &&
        Array.isArray(t.columns) &&
        t.columns.length > 0 &&
        t.columns.every((c) => typeof c === 'string' && COLUMN.test(c)) &&
        Number.isSafeInteger(t.rows) &&
        t.rows >= 0,
    );
  if (!wellFormed)
    throw new BackupRefused(`${file} is not a Guestlist export: its header is malformed.`);
  return header as ExportHeader;
}

/** A PostgreSQL identifier pair, quoted: `"public"."invites"`. */
export function quoteTable(name: string): string {
  return name
    .split('.')
    .map((part) => `"${part}"`)
    .join('.');
}

export function quoteColumns(columns: readonly string[]): string {
  return columns.map((c) => `"${c}"`).join(', ');
}
