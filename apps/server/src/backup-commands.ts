import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createGuestlist } from '@guestlist/core';
import {
  BackupRefused,
  type BackupSummary,
  exportSnapshot,
  importSnapshot,
} from '@guestlist/core/backup';
import { resolveDatabase } from '@guestlist/core/database';
import type { Env } from './env.ts';

/**
 * The key the installation runs with: SECRET_KEY, else the one generated into DATA_DIR. Never
 * a new one here: an export or import under a fresh key would carry codes nobody can validate.
 */
async function existingSecretKey(env: Env): Promise<string> {
  if (env.SECRET_KEY) return env.SECRET_KEY;
  const file = path.join(env.dataDir, 'secret-key');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  throw new BackupRefused(
    `SECRET_KEY is not set and ${file} does not exist: set SECRET_KEY to the key of the installation the export comes from.`,
  );
}

/** Runs `work` on the installation's database: DATABASE_URL, or the embedded one in DATA_DIR. */
async function withDatabase<T>(env: Env, work: (url: string) => Promise<T>): Promise<T> {
  const database = await resolveDatabase(env.DATABASE_URL, env.dataDir);
  try {
    return await work(database.url);
  } finally {
    await database.embedded?.stop();
  }
}

export async function runExport(env: Env, out: string, overwrite: boolean) {
  // Refused before the embedded database starts: that takes seconds, the answer none.
  if (existsSync(out) && !overwrite)
    throw new BackupRefused(
      `${out} already exists: choose another file or pass --force to replace it.`,
    );
  const secretKey = await existingSecretKey(env);
  return withDatabase(env, (databaseUrl) =>
    exportSnapshot({ databaseUrl, secretKey, out, overwrite }),
  );
}

export async function runImport(env: Env, file: string) {
  const secretKey = await existingSecretKey(env);
  return withDatabase(env, (databaseUrl) =>
    importSnapshot({
      databaseUrl,
      secretKey,
      file,
      async migrate(url) {
        const guestlist = await createGuestlist({
          databaseUrl: url,
          secretKey,
          publicUrl: env.publicUrl,
        });
        try {
          await guestlist.migrate();
        } finally {
          await guestlist.close();
        }
      },
    }),
  );
}

/** What the operator reads at the end: every table's rows, the total, the size and the time. */
export function describeSummary(verb: 'exported' | 'imported', summary: BackupSummary): string {
  const width = Math.max(...summary.tables.map((t) => t.name.length));
  const lines = summary.tables.map((t) => `  ${t.name.padEnd(width)}  ${t.rows}`);
  const rows = summary.tables.reduce((sum, t) => sum + t.rows, 0);
  const size = summary.bytes > 0 ? `, ${(summary.bytes / 1024 / 1024).toFixed(1)} MiB` : '';
  const seconds = (summary.milliseconds / 1000).toFixed(1);
  return [
    ...lines,
    `${verb} ${rows} rows in ${summary.tables.length} tables (schema ${summary.schemaVersion}${size}) ${verb === 'exported' ? 'to' : 'from'} ${summary.file} in ${seconds} s`,
  ].join('\n');
}
