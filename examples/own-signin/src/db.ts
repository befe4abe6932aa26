import pg from 'pg';

/**
 * The application's own tables. Guestlist never sees them: it knows a user of this application
 * only as the `subject` the application redeemed an invite for (its `users.id`).
 */
const SCHEMA = `
create table if not exists users (
  id            uuid primary key,
  email         text not null unique,
  password_hash text not null,
  -- What the invite granted, copied at sign-up: this application decides what they mean.
  permissions   text[] not null default '{}',
  groups        text[] not null default '{}',
  invite_id     uuid,
  created_at    timestamptz not null default now()
);
create table if not exists sessions (
  token_digest  bytea primary key,
  user_id       uuid not null references users(id) on delete cascade,
  created_at    timestamptz not null default now()
);
-- The invitations as Guestlist last told us, kept in step by its webhooks.
create table if not exists invitations (
  id            uuid primary key,
  email         text,
  status        text not null,
  -- Whoever redeemed it, as its application names them: ours are uuids, others' any text.
  subject       text,
  -- The time of the newest event applied: an older event arriving late changes nothing.
  event_at      timestamptz not null
);
-- Standard Webhooks' webhook-id of every message handled: a retried delivery is applied once.
create table if not exists webhook_messages (
  id            text primary key,
  received_at   timestamptz not null default now()
);
`;

export type Db = pg.Pool;

export async function openDatabase(url: string): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: 5 });
  await pool.query(SCHEMA);
  return pool;
}

export interface UserRow {
  id: string;
  email: string;
  password_hash: string;
  permissions: string[];
  groups: string[];
  invite_id: string | null;
  created_at: Date;
}

/** Runs `work` in one transaction; it commits only when `work` returns. */
export async function inTransaction<T>(db: Db, work: (client: pg.PoolClient) => Promise<T>) {
  const client = await db.connect();
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
}
