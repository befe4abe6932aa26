import { randomBytes } from 'node:crypto';
import { createTestDatabase, migrateToNextRelease, sqlMigration } from '@guestlist/core/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { httpClient } from './http.ts';
import { query, type SpawnedServer, serverProcess, stopServer } from './support.ts';

/**
 * A rolling upgrade (docs/decisions/0029): the next release's migration is applied while this
 * release's servers keep serving. The migration is the next release's as far as these servers
 * can tell: unknown to their migration list, run the way that release's first process runs it
 * at start (one transaction under the advisory lock), and of the kind 0029 allows: additive,
 * with a slow backfill that keeps the lock and the transaction open for seconds.
 */
const NEXT_RELEASE = sqlMigration('Migration20991231000000_next_release', [
  `create table "invite_notes" ("id" uuid not null default gen_random_uuid(), "invite_id" uuid not null, "note" text not null, primary key ("id"));`,
  `insert into "invite_notes" ("invite_id", "note") select "id", 'backfilled' from "invites";`,
  // The backfill's cost, made visible: the lock stays held for this long.
  `select pg_sleep(4);`,
  `alter table "invites" add column "note" text null;`,
]);

const secretKey = randomBytes(32).toString('base64url');
const adminKey = `gl_${randomBytes(30).toString('base64url').replace(/[-_]/g, 'x').slice(0, 40)}`;
let database: { url: string; drop: () => Promise<void> };
const servers: SpawnedServer[] = [];

async function start() {
  // Requests go as fast as the migration lets them: the per-IP limit (R18) is not under test.
  const server = await serverProcess({ databaseUrl: database.url, secretKey }, adminKey, {
    RATE_LIMIT_CODES: '0',
    RATE_LIMIT_AUTH: '0',
  });
  servers.push(server);
  return server;
}

let observer: pg.Client;

/** Whether some session holds the migration's advisory lock on this database right now. */
async function migrationLockHeld(): Promise<boolean> {
  const { rows } = await observer.query<{ held: boolean }>(
    `select exists (select 1 from pg_locks l join pg_database d on d.oid = l.database
       where l.locktype = 'advisory' and l.granted and d.datname = current_database()
         and l.pid <> pg_backend_pid()) as held`,
  );
  return rows[0]!.held;
}

beforeAll(async () => {
  database = await createTestDatabase(inject('databaseServerUrl'));
  observer = new pg.Client({ connectionString: database.url });
  await observer.connect();
});

afterAll(async () => {
  await observer?.end();
  await Promise.all(servers.map((s) => (s.child.exitCode === null ? stopServer(s.child) : null)));
  await database?.drop();
});

describe('rolling upgrade: this release keeps serving while the next one migrates', () => {
  it('answers every request during the migration, and starts again on the newer schema', async () => {
    const running = await start();
    const url = running.url;
    const api = httpClient(`${url}/api/v1`, adminKey);
    const existing = (await api.post('/invites', {})).body.data[0];

    const migrating = migrateToNextRelease(database.url, [NEXT_RELEASE]);
    const deadline = Date.now() + 10_000;
    while (!(await migrationLockHeld())) {
      if (Date.now() > deadline) throw new Error('the migration never took its lock');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    // Rounds of reads and writes, each counted only if the lock was held before and after it.
    let rounds = 0;
    let created = 1;
    const slowest: number[] = [];
    while (await migrationLockHeld()) {
      const began = Date.now();
      const [health, ready, invite, validated, listed] = await Promise.all([
        fetch(`${url}/healthz`),
        fetch(`${url}/readyz`),
        api.post('/invites', { metadata: { round: rounds } }),
        api.get(`/invites/${existing.code}/validate`, { token: null }),
        api.get('/invites?page[size]=5'),
      ]);
      const took = Date.now() - began;
      expect([health.status, ready.status]).toEqual([200, 200]);
      expect([invite.status, validated.status, listed.status]).toEqual([201, 200, 200]);
      created++;
      if (await migrationLockHeld()) {
        rounds++;
        slowest.push(took);
      }
    }
    expect(await migrating).toEqual(['Migration20991231000000_next_release']);
    // The migration held its lock for about four seconds; requests went on meanwhile. A request
    // that waited for the migration would end after the lock is gone, and not be counted.
    expect(rounds).toBeGreaterThanOrEqual(2);
    expect(Math.max(...slowest)).toBeLessThan(2_000);

    // After it: the newer schema serves this release (a column it does not know is nullable)…
    const after = await api.post('/invites', {});
    expect(after.status).toBe(201);
    created++;
    const [row] = await query<{ note: string | null }>(
      database.url,
      'select note from invites where id = $1',
      [after.body.data[0].id],
    );
    expect(row).toEqual({ note: null });
    expect((await fetch(`${url}/readyz`)).status).toBe(200);

    // …and a server of this release that restarts mid-rollout starts on it: a newer migration
    // in the bookkeeping table is not one it needs.
    const restarted = await start();
    expect((await fetch(`${restarted.url}/readyz`)).status).toBe(200);
    const list = await httpClient(`${restarted.url}/api/v1`, adminKey).get('/invites');
    expect(list.body.total).toBe(created);
    expect(await stopServer(restarted.child)).toBe(0);
    expect(await stopServer(running.child)).toBe(0);
  }, 60_000);
});
