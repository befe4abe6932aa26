import { freePort, loadEmbeddedPostgres } from '../db/embedded.ts';

/**
 * A cluster made the way Guestlist made its embedded one before the cluster had passwords of
 * its own: superuser `guestlist` with the password `guestlist`, password authentication on
 * loopback TCP, the application in database `postgres`. For tests that upgrade such a
 * DATA_DIR; the application itself ran on it through `url`.
 */
export async function startLegacyCluster(
  databaseDir: string,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: 'guestlist',
    password: 'guestlist',
    port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: () => {},
    onError: () => {},
  });
  await pg.initialise();
  await pg.start();
  return {
    url: `postgres://guestlist:guestlist@127.0.0.1:${port}/postgres`,
    stop: () => pg.stop(),
  };
}
