import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Actor } from '../src/domain/principal.ts';
import { type TestGuestlist, testGuestlist } from '../src/testing/index.ts';

let t: TestGuestlist;
let admin: Actor;

beforeAll(async () => {
  t = await testGuestlist(inject('databaseServerUrl'));
  const principal = await t.guestlist.apiKeys.authenticate(t.adminKey);
  admin = { principal, ip: '127.0.0.1' };
});
afterAll(() => t?.close());

const query_ = (sql: string) => query(sql);

async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: t.databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('InviteService against PostgreSQL', () => {
  it('creates one invite by default and 1000 on request (R1)', async () => {
    const [one] = await t.guestlist.invites.create(admin, {});
    expect(one).toMatchObject({ status: 'pending', uses: 0, maxUses: 1, type: 'account' });
    expect(one!.code).toMatch(/^[0-9A-Za-z]{22}$/);
    expect(one!.url).toBe(`http://guestlist.test/i/${one!.code}`);
    const many = await t.guestlist.invites.create(admin, { count: 1000 });
    expect(new Set(many.map((i) => i.code)).size).toBe(1000);
  });

  it('lists with filters, sorts and cursors', async () => {
    await t.guestlist.invites.create(admin, {
      count: 5,
      metadata: { batch: 'L' },
      expiresIn: '1h',
    });
    const first = await t.guestlist.invites.list(admin, { page: { size: 2 }, sort: '-createdAt' });
    expect(first.data).toHaveLength(2);
    expect(first.nextCursor).toBeTypeOf('string');
    const second = await t.guestlist.invites.list(admin, {
      page: { size: 2, after: first.nextCursor! },
      sort: '-createdAt',
    });
    expect(second.data.map((i) => i.id)).not.toContain(first.data[0]!.id);
    const byExpiry = await t.guestlist.invites.list(admin, {
      sort: 'expiresAt',
      page: { size: 3 },
    });
    expect(byExpiry.data[0]!.expiresAt! <= byExpiry.data[1]!.expiresAt!).toBe(true);
    const next = await t.guestlist.invites.list(admin, {
      sort: 'expiresAt',
      page: { size: 3, after: byExpiry.nextCursor! },
    });
    expect(next.data[0]!.expiresAt! >= byExpiry.data[2]!.expiresAt!).toBe(true);
  });

  it('answers created invites with their grants as stored, as a read answers them', async () => {
    // jsonb orders keys by length, then bytes: the answer shows that order, not the input's.
    const metadata = { zz: 1, a: { y: [1, 2.5, 'x'], b: null }, b: true };
    const created = await t.guestlist.invites.create(admin, {
      count: 3,
      metadata,
      permissions: ['b:x', 'a:y'],
    });
    expect(created).toHaveLength(3);
    for (const invite of created) {
      const read = await t.guestlist.invites.get(admin, invite.id);
      expect(JSON.stringify(invite.metadata)).toBe(JSON.stringify(read.metadata));
      expect(JSON.stringify(invite.metadata)).toBe(
        '{"a":{"b":null,"y":[1,2.5,"x"]},"b":true,"zz":1}',
      );
      expect(invite.permissions).toEqual(['b:x', 'a:y']);
      expect(read.permissions).toEqual(['b:x', 'a:y']);
    }
  });

  it('keeps no code in plain text', async () => {
    const [invite] = await t.guestlist.invites.create(admin, {});
    const rows = await query<Record<string, unknown>>('select * from invites where id = $1', [
      invite!.id,
    ]);
    expect(JSON.stringify(rows)).not.toContain(invite!.code);
  });

  it('reuses a large total for a few seconds, and forgets it when this process changes an invite', async () => {
    const marker = { batch: 'totals' };
    for (let i = 0; i < 10; i++) {
      await t.guestlist.invites.create(admin, { count: 1000, metadata: marker, expiresIn: '2h' });
    }
    const query = {
      filter: { expiresAt: { gte: new Date(Date.now() + 3_600_000).toISOString() } },
    };
    const first = await t.guestlist.invites.list(admin, query);
    expect(first.total).toBeGreaterThanOrEqual(10_000);
    // Another process's write (here: plain SQL, no event in this process) shows within the TTL.
    await query_(
      `update invites set expires_at = now() where id in (select id from invites where metadata = '{"batch":"totals"}' limit 5)`,
    );
    expect((await t.guestlist.invites.list(admin, query)).total).toBe(first.total);
    // A change made through this process clears the cache: the next total is counted afresh.
    const [one] = await t.guestlist.invites.create(admin, { expiresIn: '2h' });
    expect((await t.guestlist.invites.list(admin, query)).total).toBe(first.total - 5 + 1);
    await t.guestlist.invites.delete(admin, one!.id);
  });
});
