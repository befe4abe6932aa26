import { randomUUID } from 'node:crypto';
import type { PostgreSqlConnection } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectOrm, type Orm } from '../src/db/orm.ts';
import { generateCode } from '../src/domain/codes.ts';
import { SecretBox, tokenDigest } from '../src/domain/secrets.ts';
import { ApiKeyRepository } from '../src/repositories/api-keys.ts';
import { insertInvites } from '../src/repositories/invite-insert.ts';
import { findInviteAndSettings, findInviteWithParties } from '../src/repositories/invite-lookup.ts';
import { loadInviteRelations } from '../src/repositories/invite-relations.ts';
import { webhooksListening } from '../src/repositories/webhook-subjects.ts';
import { recordAudit } from '../src/services/audit.ts';
import { directOf, inTransaction } from '../src/services/database.ts';
import { loadSettings } from '../src/services/settings.ts';
import { query, type TestGuestlist, testGuestlist } from '../src/testing/index.ts';
import { preparedStatements } from './prepared-statements.ts';

/**
 * The hot lookups are named prepared statements so that PostgreSQL plans each once per
 * connection. By default PostgreSQL keeps a statement's generic plan, after five runs planned
 * for their values, only when it does not look dearer than those; the invite lookups, as
 * first written (`= any($1)` over an array of digests), never qualified on a table of some
 * size, and were planned afresh on every run, at several times the cost of running them
 * (decision 0034). Each lookup here must settle on its generic plan.
 */
let t: TestGuestlist;
let orm: Orm;
let invites: { id: string; code: string }[];

beforeAll(async () => {
  t = await testGuestlist(inject('databaseServerUrl'));
  const principal = await t.guestlist.apiKeys.authenticate(t.adminKey);
  const actor = { principal, ip: '127.0.0.1' };
  invites = [];
  for (let i = 0; i < 3; i++) {
    const created = await t.guestlist.invites.create(actor, { count: 1000 });
    invites.push(...created.map(({ id, code }) => ({ id, code: code! })));
  }
  // The planner's estimates come from statistics: a table of some size, analyzed.
  await query(t.databaseUrl, 'vacuum analyze');
  // One connection: the lookups below and the check of them share it.
  orm = await connectOrm({ databaseUrl: t.databaseUrl, poolSize: 1 });
}, 120_000);
afterAll(async () => {
  await orm?.close();
  await t?.close();
});

describe('prepared lookups', () => {
  it('settle on their generic plan', async () => {
    const em = directOf(orm);
    const secrets = new SecretBox(t.secretKey);
    const keys = new ApiKeyRepository(em);
    for (const [i, { id, code }] of invites.slice(0, 12).entries()) {
      // A short code's typed form is a second digest; a token has one.
      const digests = secrets.lookupDigests(i % 2 === 0 ? code : code.toLowerCase());
      const byCode = await findInviteAndSettings(em, { id: null, digests });
      expect(byCode.found?.row.id === id).toBe(i % 2 === 0);
      const byId = await findInviteAndSettings(em, { id, digests: secrets.lookupDigests(id) });
      expect(byId.found?.row.id).toBe(id);
      const found = await findInviteWithParties(em, {
        id: null,
        digests: secrets.lookupDigests(code),
      });
      expect(found?.row.id).toBe(id);
      const withId = await findInviteWithParties(em, { id, digests: secrets.lookupDigests(id) });
      expect(withId?.row.id).toBe(id);
      const relations = await loadInviteRelations(em, [withId!.row], { parties: withId!.parties });
      expect(relations.groups.size).toBe(0);
      expect(await keys.findLiveBySecretDigest(tokenDigest(t.adminKey))).toBeDefined();
    }
    const rows = await preparedStatements(em.getConnection() as PostgreSqlConnection);
    expect(rows.map((row) => row.name)).toEqual([
      'guestlist_groups_of_invites',
      'guestlist_invite_by_code',
      'guestlist_invite_by_id_or_code',
      'guestlist_live_key_by_digest',
      'guestlist_settings_invite_by_code',
      'guestlist_settings_invite_by_id_or_code',
    ]);
    for (const row of rows) {
      expect([row.name, row.customPlans]).toEqual([row.name, 5]);
      expect([row.name, row.genericPlans]).toEqual([row.name, 7]);
    }
  });
});

describe('prepared statements in a transaction', () => {
  it('go out named, and settle on their generic plan', async () => {
    const secrets = new SecretBox(t.secretKey);
    const actor = { principal: null, ip: '127.0.0.1' };
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      // What creating one invite runs, in its own transaction (services/invites/create.ts).
      await inTransaction(
        () => orm.em.fork(),
        async (tx) => {
          const settings = await loadSettings(tx);
          const code = generateCode(settings.codeFormat);
          const now = new Date();
          const [row] = await insertInvites(
            tx,
            {
              type: 'account',
              inviterId: null,
              createdByKeyId: null,
              emailVouched: false,
              inviteeId: null,
              namespaceId: null,
              role: null,
              permissions: ['beta'],
              metadata: { plan: 'pro' },
              redirectUrl: null,
              locale: null,
              maxUses: 1,
              expiresAt: null,
              now,
            },
            [
              {
                id: randomUUID(),
                codeDigest: secrets.storedCodeDigest(code, settings.codeFormat),
                codeCiphertext: secrets.encrypt(code),
                email: null,
                deliveryStatus: null,
                deliveryId: null,
              },
            ],
          );
          ids.push(row!.id);
          await recordAudit(tx, actor, [
            {
              action: 'invite.created',
              targetType: 'invite',
              targetId: row!.id,
              inviteId: row!.id,
            },
          ]);
          expect(await webhooksListening(tx, ['invite.created'])).toEqual([]);
        },
      );
    }
    // What they wrote is what was asked for, through the named statements.
    const written = await query<{ permissions: string[]; metadata: unknown; events: string }>(
      t.databaseUrl,
      `select i.permissions, i.metadata, count(a.id)::text as events from invites i
         join audit_events a on a.invite_id = i.id where i.id = any($1::uuid[])
        group by i.id`,
      [ids],
    );
    expect(written).toHaveLength(12);
    for (const row of written) {
      expect(row).toEqual({ permissions: ['beta'], metadata: { plan: 'pro' }, events: '1' });
    }
    const named = [
      'guestlist_insert_audit_event',
      'guestlist_insert_invites',
      'guestlist_settings',
      'guestlist_webhooks_listening',
    ];
    const rows = (await preparedStatements(orm.em.getConnection() as PostgreSqlConnection)).filter(
      (row) => named.includes(row.name),
    );
    expect(rows.map((row) => row.name)).toEqual(named);
    for (const row of rows) {
      // Twelve runs, planned at most five times for their values: the rest ran the kept plan.
      expect([row.name, row.customPlans + row.genericPlans]).toEqual([row.name, 12]);
      expect([row.name, row.genericPlans >= 7]).toEqual([row.name, true]);
    }
  });
});
