import { randomUUID } from 'node:crypto';
import type { PostgreSqlConnection } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectOrm, type Orm } from '../src/db/orm.ts';
import { SecretBox } from '../src/domain/secrets.ts';
import {
  findInviteAndSettings,
  findInviteWithParties,
  type InviteKey,
} from '../src/repositories/invite-lookup.ts';
import { directOf } from '../src/services/database.ts';
import { query, type TestGuestlist, testGuestlist } from '../src/testing/index.ts';
import { preparedStatements } from './prepared-statements.ts';

/**
 * How a reference finds its invite: an id before any code, the first digest before the second,
 * with and without the settings; and a get by an id that exists never searches the code index.
 */
let t: TestGuestlist;
let orm: Orm;
let secrets: SecretBox;
let a: { id: string; code: string };
let b: { id: string; code: string };

beforeAll(async () => {
  t = await testGuestlist(inject('databaseServerUrl'));
  const actor = { principal: await t.guestlist.apiKeys.authenticate(t.adminKey), ip: '127.0.0.1' };
  const created = await t.guestlist.invites.create(actor, { count: 1000 });
  [a, b] = created.map(({ id, code }) => ({ id, code: code! })) as [typeof a, typeof a];
  // Plans as on a table of some size, analyzed: on two rows any scan would do.
  await query(t.databaseUrl, 'vacuum analyze invites');
  secrets = new SecretBox(t.secretKey);
  orm = await connectOrm({ databaseUrl: t.databaseUrl, poolSize: 1 });
}, 60_000);
afterAll(async () => {
  await orm?.close();
  await t?.close();
});

const digestOf = (code: string) => secrets.lookupDigests(code)[0]!;

/** Both lookups, so the one with the settings answers as the one without. */
async function found(key: InviteKey): Promise<string | undefined> {
  const em = directOf(orm);
  const plain = (await findInviteWithParties(em, key))?.row.id;
  const withSettings = (await findInviteAndSettings(em, key)).found?.row.id;
  expect(withSettings).toBe(plain);
  return plain;
}

describe('finding an invite by reference', () => {
  it('prefers the id to a code, and the first digest to the second', async () => {
    expect(await found({ id: a.id, digests: [digestOf(b.code)] })).toBe(a.id);
    expect(await found({ id: randomUUID(), digests: [digestOf(b.code)] })).toBe(b.id);
    expect(await found({ id: a.id, digests: [digestOf(b.code), digestOf(a.code)] })).toBe(a.id);
    expect(await found({ id: b.id, digests: [digestOf(a.code), digestOf(a.code)] })).toBe(b.id);
    expect(await found({ id: null, digests: [digestOf(b.code), digestOf(a.code)] })).toBe(b.id);
    expect(await found({ id: null, digests: [digestOf(`${b.code}x`), digestOf(a.code)] })).toBe(
      a.id,
    );
    expect(await found({ id: randomUUID(), digests: [digestOf(`${a.code}x`)] })).toBeUndefined();
  });

  it('does not search the code index for an id that exists', async () => {
    const em = directOf(orm);
    for (let i = 0; i < 7; i++)
      await findInviteWithParties(em, { id: a.id, digests: [digestOf(a.id)] });
    const connection = em.getConnection() as PostgreSqlConnection;
    const client = await connection.getNativeClient();
    // The statement's parameters by type: the id, the digest, and its constants (a limit).
    const statement = (await preparedStatements(connection)).find(
      (row) => row.name === 'guestlist_invite_by_id_or_code',
    );
    const digest = `'\\x${digestOf(a.id).toString('hex')}'`;
    const plan = async (id: string) => {
      const values = statement!.parameterTypes.map((type) =>
        type === 'uuid' ? `'${id}'` : type === 'bytea' ? digest : '1',
      );
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(
        `explain (analyze, costs off, timing off, summary off)
         execute guestlist_invite_by_id_or_code(${values.join(', ')})`,
      );
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    };
    // The plan's reads of invites (and of their indexes): on a hit, the code's subquery is
    // one of them and never runs, whichever scan the planner chose for it; on a miss, all run.
    const unrun = async (id: string) =>
      (await plan(id))
        .split('\n')
        .filter((line) => / on invites/.test(line) && line.includes('never executed'));
    expect(await unrun(a.id)).not.toEqual([]);
    expect(await unrun(randomUUID())).toEqual([]);
  });
});
