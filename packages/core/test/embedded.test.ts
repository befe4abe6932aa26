import { statSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDataDir, startEmbeddedPostgres } from '../src/db/embedded.ts';
import { query } from '../src/testing/index.ts';

/** The embedded cluster's roles and passwords (SECURITY.md, "the embedded PostgreSQL"). */

const dataDir = await makeTempDataDir('guestlist-embedded');
afterAll(() => rm(path.dirname(dataDir), { recursive: true, force: true }));

/** The error a query fails with, or null when it succeeds. */
const failure = (url: string, sql: string) =>
  query(url, sql).then(
    () => null,
    (error: { code?: string; message: string }) => error,
  );

describe('an embedded cluster', () => {
  it("gives the application a role that is no superuser, and the superuser a password of the cluster's own", async () => {
    const db = await startEmbeddedPostgres({ dataDir, fast: true });
    try {
      const [app] = await query<{ user: string; database: string; rolsuper: boolean }>(
        db.url,
        `select current_user as user, current_database() as database, rolsuper
           from pg_roles where rolname = current_user`,
      );
      expect(app).toEqual({ user: 'guestlist_app', database: 'guestlist', rolsuper: false });
      // What a superuser could do, and this role cannot: run a program on the machine.
      expect((await failure(db.url, `copy (select 1) to program 'true'`))?.code).toBe('42501');
      // It owns its database: it can make what migrations and pg-boss make.
      await query(
        db.url,
        'create schema probe; create table probe.t (id int); drop schema probe cascade',
      );

      const port = new URL(db.url).port;
      const wellKnown = `postgres://guestlist:guestlist@127.0.0.1:${port}/template1`;
      expect((await failure(wellKnown, 'select 1'))?.code).toBe('28P01');
      const file = `${dataDir}.pgpass`;
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const passwords = (await readFile(file, 'utf8')).trim().split('\n');
      expect(passwords.map((line) => line.split(':').slice(0, 4).join(':'))).toEqual([
        '127.0.0.1:*:*:guestlist',
        '127.0.0.1:*:*:guestlist_app',
      ]);
      for (const line of passwords) expect(line.split(':')[4]).toMatch(/^[\w-]{43}$/);
      const [admin] = await query<{ rolsuper: boolean }>(
        db.adminUrl,
        'select rolsuper from pg_roles where rolname = current_user',
      );
      expect(admin!.rolsuper).toBe(true);
    } finally {
      await db.stop();
    }
  }, 60_000);

  it('keeps its passwords across restarts, and sets new ones when their file is lost', async () => {
    const first = await startEmbeddedPostgres({ dataDir, fast: true });
    await query(first.url, 'create table kept (n int); insert into kept values (42)');
    await first.stop();
    const again = await startEmbeddedPostgres({ dataDir, fast: true });
    expect(again.url).toBe(first.url.replace(/:\d+\//, `:${new URL(again.url).port}/`));
    await again.stop();

    await rm(`${dataDir}.pgpass`);
    const renewed = await startEmbeddedPostgres({ dataDir, fast: true });
    try {
      expect(new URL(renewed.url).password).not.toBe(new URL(first.url).password);
      const before = new URL(first.url);
      before.port = new URL(renewed.url).port;
      expect((await failure(before.toString(), 'select 1'))?.code).toBe('28P01');
      expect(await query(renewed.url, 'select n from kept')).toEqual([{ n: 42 }]);
    } finally {
      await renewed.stop();
    }
  }, 60_000);
});
