import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './db/embedded.ts';
import { generateSecretKey } from './domain/secrets.ts';

/**
 * What a process needs before the domain can start, shared by the server and the worker:
 * the data directory, the secret key, and a database (the operator's, or an embedded one).
 */

/**
 * Writes a file only its owner can read, creating its directory. Written beside it under a
 * fresh name (`wx`: never through a link) and renamed into place, which replaces a link found
 * there instead of following it into a file another account chose.
 */
export async function writePrivateFile(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  try {
    await writeFile(partial, content, { mode: 0o600, flag: 'wx' });
    await chmod(partial, 0o600);
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

/**
 * `SECRET_KEY` when set. Otherwise the key generated into `DATA_DIR/secret-key` on first start,
 * so that codes stay readable across restarts of a development instance.
 */
export async function resolveSecretKey(
  configured: string | undefined,
  dataDir: string,
): Promise<{
  secretKey: string;
  generated: boolean;
}> {
  if (configured) return { secretKey: configured, generated: false };
  const file = path.join(dataDir, 'secret-key');
  if (existsSync(file))
    return { secretKey: (await readFile(file, 'utf8')).trim(), generated: false };
  const secretKey = generateSecretKey();
  await writePrivateFile(file, `${secretKey}\n`);
  return { secretKey, generated: true };
}

/** The operator's database, or an embedded PostgreSQL kept in `DATA_DIR/postgres`. */
export async function resolveDatabase(
  configured: string | undefined,
  dataDir: string,
  onLog?: (line: string) => void,
): Promise<{ url: string; embedded: EmbeddedDatabase | null }> {
  if (configured) return { url: configured, embedded: null };
  const embedded = await startEmbeddedPostgres({
    dataDir: path.join(dataDir, 'postgres'),
    ...(onLog ? { onLog } : {}),
  });
  return { url: embedded.url, embedded };
}
