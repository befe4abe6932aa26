import pg from 'pg';

/**
 * Runs `work` on a connection of its own to `url`, closed afterwards however `work` ends. For
 * the bench's own set-up, seeding and checks: never a request that is being measured.
 */
export async function withClient<T>(
  url: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** One statement on a connection of its own: its rows. */
export async function query<T extends pg.QueryResultRow>(
  url: string,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  return withClient(url, async (client) => (await client.query<T>(text, params)).rows);
}
