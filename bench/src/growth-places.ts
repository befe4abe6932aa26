import type { GrowthPlace } from './growth.ts';
import { query } from './pg-client.ts';
import { guestlistServerEnv, startProcess } from './processes.ts';
import { seedThroughApi, usersWithSessions } from './seed.ts';

/** A smaller size of the table for the growth figures, with what it takes to remove it. */
export interface ExtraPlace extends GrowthPlace {
  databaseUrl: string;
  remove(): Promise<void>;
}

/**
 * `invites` invites beside the main database: a database of its own in the same cluster, so
 * that it competes for the same shared buffers as production's one would, a Guestlist server
 * over it, and the invites seeded through that server's API as the main ones are.
 */
export async function startExtraPlace(options: {
  cluster: { url: string; adminUrl: string };
  invites: number;
  serverScript: string;
  publicUrl: string;
}): Promise<ExtraPlace> {
  const name = `guestlist_growth_${options.invites}`;
  const owner = decodeURIComponent(new URL(options.cluster.url).username);
  await query(options.cluster.adminUrl, `create database "${name}" owner "${owner}"`);
  const url = new URL(options.cluster.url);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const remove = async () => {
    await query(options.cluster.adminUrl, `drop database "${name}" with (force)`);
  };
  try {
    const { env, adminKey } = await guestlistServerEnv(databaseUrl, `guestlist-bench-${name}`);
    const server = await startProcess(
      options.serverScript,
      { ...env, PUBLIC_URL: options.publicUrl },
      /listening on/,
    );
    try {
      const inviter = await usersWithSessions(databaseUrl, 1, 'inviter');
      const seeded = await seedThroughApi(
        server.url,
        adminKey,
        options.invites,
        inviter.ids[0]!,
        () => {},
      );
      return {
        invites: options.invites,
        url: server.url,
        adminKey,
        sample: seeded.sample,
        databaseUrl,
        remove: async () => {
          await server.stop();
          await remove();
        },
      };
    } catch (error) {
      await server.stop();
      throw error;
    }
  } catch (error) {
    await remove();
    throw error;
  }
}
