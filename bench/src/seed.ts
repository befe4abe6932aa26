import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { generateCode, generateSessionToken, type SecretBox, tokenDigest } from '@guestlist/core';
import { from as copyFrom } from 'pg-copy-streams';
import { withClient } from './pg-client.ts';
import { startProcess } from './processes.ts';

export interface InviteRef {
  id: string;
  code: string;
}

/** A few shapes of bulk request, so filters and sorts meet varied data. */
function bodyFor(batch: number, inviterId: string): Record<string, unknown> {
  switch (batch % 4) {
    case 0:
      return { count: 1000 };
    case 1:
      return { count: 1000, expiresIn: '30d', maxUses: 5 };
    case 2:
      return { count: 1000, expiresIn: 'never', permissions: ['beta:use'] };
    default:
      return { count: 1000, inviterId, metadata: { campaign: 'spring' } };
  }
}

export async function post(
  url: string,
  token: string,
  path: string,
  body: unknown,
): Promise<{ data: { id: string; code: string }[] }> {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { data: { id: string; code: string }[] };
}

/**
 * Seeds `rows` invites through the real write path (`POST /invites` with `count: 1000`, two
 * requests at a time) and answers rows per second and a sample of ids and codes.
 */
export async function seedThroughApi(
  url: string,
  key: string,
  rows: number,
  inviterId: string,
  onProgress: (done: number) => void,
): Promise<{ rowsPerSecond: number; sample: InviteRef[] }> {
  const batches = Math.ceil(rows / 1000);
  const sample: InviteRef[] = [];
  let nextBatch = 0;
  let done = 0;
  const started = performance.now();
  const lane = async () => {
    for (let batch = nextBatch++; batch < batches; batch = nextBatch++) {
      const count = Math.min(1000, rows - batch * 1000);
      const body = { ...bodyFor(batch, inviterId), count };
      const { data } = await post(url, key, '/api/v1/invites', body);
      for (let i = 0; i < data.length; i += 50)
        sample.push({ id: data[i]!.id, code: data[i]!.code });
      done += data.length;
      if (batch % 50 === 0) onProgress(done);
    }
  };
  await Promise.all([lane(), lane()]);
  const seconds = (performance.now() - started) / 1000;
  return { rowsPerSecond: Math.round(done / seconds), sample };
}

/**
 * The physical reference: the same rows (codes generated, digested and encrypted the same
 * way) streamed with `COPY` into a copy of the table with the same indexes.
 */
export async function seedThroughCopy(
  databaseUrl: string,
  secrets: SecretBox,
  rows: number,
): Promise<{ rowsPerSecond: number }> {
  return withClient(databaseUrl, async (client) => {
    try {
      await client.query('drop table if exists bench_copy');
      await client.query('create table bench_copy (like invites including all)');
      const now = new Date();
      const expires = new Date(now.getTime() + 7 * 86_400_000).toISOString();
      const started = performance.now();
      const copy = client.query(
        copyFrom(
          'copy bench_copy (id, code_digest, code_ciphertext, type, status, permissions, metadata, max_uses, uses, expires_at, created_at, updated_at) from stdin',
        ),
      );
      async function* lines() {
        const at = now.toISOString();
        for (let i = 0; i < rows; i += 1000) {
          let chunk = '';
          for (let j = i; j < Math.min(rows, i + 1000); j++) {
            const code = generateCode('token');
            chunk += `${randomUUID()}\t\\\\x${secrets.codeDigest(code).toString('hex')}\t${secrets.encrypt(code)}\taccount\tpending\t{}\t{}\t1\t0\t${expires}\t${at}\t${at}\n`;
          }
          yield chunk;
        }
      }
      await pipeline(lines, copy);
      const seconds = (performance.now() - started) / 1000;
      return { rowsPerSecond: Math.round(rows / seconds) };
    } finally {
      await client.query('drop table if exists bench_copy').catch(() => {});
    }
  });
}

/**
 * Varies the seeded rows so every filter has something to find: a share canceled, accepted,
 * bound to an email, or in a namespace. Done in SQL: these shapes are not what is measured.
 */
export async function diversify(
  databaseUrl: string,
  userId: string,
): Promise<{ namespacePath: string; email: string }> {
  return withClient(databaseUrl, async (client) => {
    const namespacePath = 'bench/web';
    await client.query(
      `insert into namespaces (name, path, owner_id) values ('web', $1, $2) on conflict do nothing`,
      [namespacePath, userId],
    );
    await client.query(`
      with picked as (select id, row_number() over (order by id) as n from invites)
      update invites i set
        status = case when p.n % 20 = 1 then 'canceled' when p.n % 20 = 2 then 'accepted' else i.status end,
        canceled_at = case when p.n % 20 = 1 then i.created_at end,
        accepted_at = case when p.n % 20 = 2 then i.created_at end,
        uses = case when p.n % 20 = 2 then 1 else i.uses end,
        invitee_id = case when p.n % 20 = 2 then '${userId}'::uuid end,
        email = case when p.n % 20 = 3 then 'person' || p.n || '@example.com' end
      from picked p where p.id = i.id`);
    await client.query(
      `update invites set type = 'namespace', role = 'member', max_uses = 1, permissions = '{}',
              namespace_id = (select id from namespaces where path = $1)
        where id in (select id from invites where status = 'pending' and email is null order by id
                      limit least(10000, (select count(*) / 10 from invites)))`,
      [namespacePath],
    );
    await client.query('vacuum analyze invites');
    const { rows } = await client.query<{ email: string }>(
      `select email from invites where email is not null limit 1`,
    );
    return { namespacePath, email: rows[0]!.email };
  });
}

/** `count` users with a live session each, for accept: distinct users, as a crowd would be. */
export async function usersWithSessions(
  databaseUrl: string,
  count: number,
  tag: string,
): Promise<{ ids: string[]; tokens: string[] }> {
  const tokens = Array.from({ length: count }, () => generateSessionToken());
  const ids = tokens.map(() => randomUUID());
  return withClient(databaseUrl, async (client) => {
    await client.query(
      `insert into users (id, email, username, password_hash, email_verified)
       select id, 'bench-${tag}-' || n || '@example.com', 'bench_${tag}_' || n, 'unused', true
         from unnest($1::uuid[]) with ordinality as t(id, n)`,
      [ids],
    );
    await client.query(
      `insert into sessions (user_id, token_digest, expires_at)
       select u, d, now() + interval '1 day' from unnest($1::uuid[], $2::bytea[]) as t(u, d)`,
      [ids, tokens.map((t) => tokenDigest(t))],
    );
    return { ids, tokens };
  });
}

/**
 * Seeds `invites` invites through the API of a server of its own, stopped once done: what is
 * measured afterwards then runs in a process that did not do the seeding.
 */
export async function seedOnOwnServer(
  script: string,
  env: Record<string, string>,
  adminKey: string,
  invites: number,
): Promise<InviteRef[]> {
  const seeder = await startProcess(script, env, /listening on/);
  try {
    const inviter = await usersWithSessions(env.DATABASE_URL!, 1, 'inviter');
    const { sample } = await seedThroughApi(
      seeder.url,
      adminKey,
      invites,
      inviter.ids[0]!,
      () => {},
    );
    return sample;
  } finally {
    await seeder.stop();
  }
}
