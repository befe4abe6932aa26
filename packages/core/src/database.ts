/**
 * `@guestlist/core/database`: what a process needs before the domain can start — a database
 * (the operator's, or an embedded PostgreSQL in the data directory) and the secret key. Kept
 * apart from the main entry: the domain is what the API and tools build on, while starting a
 * database server and writing key files belongs to the process that hosts it.
 */
export {
  type EmbeddedDatabase,
  freePort,
  makeTempDataDir,
  startEmbeddedPostgres,
} from './db/embedded.ts';
export { loadDotEnv } from './dotenv.ts';
export { resolveDatabase, resolveSecretKey, writePrivateFile } from './runtime.ts';
