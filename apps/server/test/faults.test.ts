import { rm } from 'node:fs/promises';
import path from 'node:path';
import { generateApiKeySecret, generateSecretKey } from '@guestlist/core';
import { freePort, makeTempDataDir, startEmbeddedPostgres } from '@guestlist/core/database';
import { query, type TestGuestlist, testGuestlist } from '@guestlist/core/testing';
import { waitFor } from '@guestlist/worker/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { serverProcess, stopServer } from './support.ts';

/** Faults a production service meets: its process killed outright, its database restarted. */

describe('the server killed with SIGKILL during bulk creates', () => {
  let database: TestGuestlist;
  beforeAll(async () => {
    database = await testGuestlist(inject('databaseServerUrl'));
  });
  afterAll(() => database?.close());

  it('leaves each request all or nothing: 1,000 invites with their events, or none', async () => {
    const adminKey = generateApiKeySecret();
    const answered = new Set<string>();
    const tags: string[] = [];
    // Each kill lands while a create's transaction is open (seen in pg_stat_activity), at a
    // different moment of it; the last round's kill comes after the answers.
    for (const [round, jitterMs] of [0, 5, 20, 60, 120, null].entries()) {
      const { child, port } = await serverProcess(database, adminKey, { LOG_LEVEL: 'silent' });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      const requests = [0, 1, 2].map((k) => {
        const tag = `${round}-${k}`;
        tags.push(tag);
        return fetch(`http://127.0.0.1:${port}/api/v1/invites`, {
          method: 'POST',
          headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ count: 1000, metadata: { tag } }),
        })
          .then((res) => {
            if (res.status === 201) answered.add(tag);
          })
          .catch(() => {});
      });
      await waitFor(
        async () =>
          (
            await query<{ n: number }>(
              database.databaseUrl,
              `select count(*)::int as n from pg_stat_activity
                where datname = current_database() and pid <> pg_backend_pid()
                  and xact_start is not null and query ilike '%invites%'`,
            )
          )[0]!.n > 0,
        { what: 'a create in flight' },
      );
      if (jitterMs === null) await Promise.all(requests);
      else await new Promise((resolve) => setTimeout(resolve, jitterMs));
      child.kill('SIGKILL');
      await Promise.all([exited, ...requests]);
    }
    // PostgreSQL rolls back a dead client's transaction once it sees the connection gone.
    await waitFor(
      async () =>
        (
          await query<{ n: number }>(
            database.databaseUrl,
            `select count(*)::int as n from pg_stat_activity
              where datname = current_database() and pid <> pg_backend_pid()`,
          )
        )[0]!.n === 0,
      { what: 'the killed servers’ connections to close' },
    );
    const rows = await query<{ tag: string; invites: number; events: number }>(
      database.databaseUrl,
      `select i.metadata->>'tag' as tag, count(distinct i.id)::int as invites,
              count(a.id)::int as events
         from invites i left join audit_events a on a.invite_id = i.id and a.action = 'invite.created'
        where i.metadata ? 'tag' group by 1`,
    );
    const byTag = new Map(rows.map((row) => [row.tag, row]));
    for (const tag of tags) {
      const row = byTag.get(tag) ?? { tag, invites: 0, events: 0 };
      expect([0, 1000], tag).toContain(row.invites);
      expect(row.events, tag).toBe(row.invites);
      // An answered request is durable.
      if (answered.has(tag)) expect(row.invites, tag).toBe(1000);
    }
    // Kills did interrupt open transactions (nothing of those requests remains), and the
    // requests answered before a kill are all there.
    const summary = tags.map((tag) => `${tag}:${byTag.get(tag)?.invites ?? 0}`).join(' ');
    process.stdout.write(`invites per request (round-request:count): ${summary}\n`);
    expect(answered.size, summary).toBeGreaterThanOrEqual(3);
    expect(tags.filter((tag) => !byTag.has(tag)).length, summary).toBeGreaterThan(0);
  }, 120_000);
});

describe('the database restarted under load', () => {
  it('answers 503 while it is down, and recovers by itself: /readyz follows', async () => {
    const dataDir = await makeTempDataDir('guestlist-restart');
    const port = await freePort();
    let database = await startEmbeddedPostgres({ dataDir, port, fast: true });
    const adminKey = generateApiKeySecret();
    const {
      child,
      output,
      url: base,
    } = await serverProcess(
      { databaseUrl: database.url, secretKey: generateSecretKey() },
      adminKey,
      { RATE_LIMIT_CODES: '0' },
    );
    const ready = async () => (await fetch(`${base}/readyz`)).status;
    try {
      const created = await fetch(`${base}/api/v1/invites`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminKey}` },
      });
      const { code } = ((await created.json()) as { data: { code: string }[] }).data[0]!;
      const statuses = new Map<number, number>();
      let running = true;
      const load = async () => {
        while (running) {
          const res = await fetch(`${base}/api/v1/invites/${code}/validate`);
          const body = (await res.json()) as { code?: string };
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status === 503) expect(body.code).toBe('SERVICE_UNAVAILABLE');
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      };
      const loads = [load(), load()];
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await ready()).toBe(200);

      await database.stop();
      await waitFor(async () => (await ready()) === 503, { what: '/readyz to say 503' });
      const duringOutage = statuses.get(503) ?? 0;
      await waitFor(() => (statuses.get(503) ?? 0) > duringOutage + 5, { what: 'more 503s' });

      database = await startEmbeddedPostgres({ dataDir, port, fast: true });
      await waitFor(async () => (await ready()) === 200, {
        timeoutMs: 30_000,
        what: '/readyz to recover',
      });
      const recovered = statuses.get(200) ?? 0;
      await waitFor(() => (statuses.get(200) ?? 0) > recovered + 20, { what: 'more 200s' });
      running = false;
      await Promise.all(loads);

      process.stdout.write(`validate during the restart: ${JSON.stringify([...statuses])}\n`);
      // Through it all: answers, never a 500, and the process never restarted.
      expect([...statuses.keys()].sort()).toEqual([200, 503]);
      expect(child.exitCode).toBeNull();
      const again = await fetch(`${base}/api/v1/invites`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminKey}` },
      });
      expect(again.status).toBe(201);
    } catch (error) {
      throw new Error(`${String(error)}\nserver output:\n${output().slice(-3_000)}`);
    } finally {
      await stopServer(child);
      await database.stop();
      await rm(path.dirname(dataDir), { recursive: true, force: true });
    }
  }, 120_000);
});
