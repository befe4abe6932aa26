/**
 * The built SDK (`dist/`, as published) against a real Guestlist server on PostgreSQL.
 * `pnpm test` builds first (`tsdown && vitest run`), so this always tests a fresh build.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { createGuestlistClient, type Invite, isGuestlistError } from '../dist/index.js';
import { client, closedPortUrl, rejection, server, useServer } from './sdk-setup.ts';

useServer();

describe('invites', () => {
  it('creates invites and gets one by id and by code', async () => {
    const created = await client.invites.create({ count: 3, metadata: { batch: 'sdk-create' } });
    expect(created).toHaveLength(3);
    expect(new Set(created.map((invite) => invite.id)).size).toBe(3);
    for (const invite of created) {
      expect(invite).toMatchObject({ status: 'pending', metadata: { batch: 'sdk-create' } });
      expect(invite.code).toEqual(expect.any(String));
    }

    const [first] = created as [Invite, ...Invite[]];
    const byId = await client.invites.get(first.id);
    expect(byId.id).toBe(first.id);
    expect(byId.code).toBe(first.code);
    const byCode = await client.invites.get(first.code!);
    expect(byCode.id).toBe(first.id);
  });

  it('lists with a filter and pages through every match exactly once', async () => {
    const tag = `page${Date.now()}`;
    const emails = Array.from({ length: 7 }, (_, i) => `${tag}-${i}@example.com`);
    // Created in the same tick: one batched HTTP request.
    const created = (
      await Promise.all(emails.map((email) => client.invites.create({ email })))
    ).flat();
    expect(created).toHaveLength(7);
    const createdIds = created.map((invite) => invite.id).sort();

    const query = { filter: { email: { in: emails } }, page: { size: 3 } };
    const first = await client.invites.list(query);
    expect(first.total).toBe(7);
    expect(first.data).toHaveLength(3);
    expect(first.nextCursor).toEqual(expect.any(String));

    const pages = [];
    for await (const page of client.invites.pages(query)) pages.push(page);
    expect(pages.map((page) => page.data.length)).toEqual([3, 3, 1]);
    expect(pages.at(-1)?.nextCursor).toBeNull();
    const paged = pages.flatMap((page) => page.data.map((invite) => invite.id));
    expect(paged).toHaveLength(7);
    expect([...paged].sort()).toEqual(createdIds);

    const iterated: string[] = [];
    for await (const invite of client.invites.iterate(query)) iterated.push(invite.id);
    expect(iterated).toEqual(paged);
  });

  it('validates a code, publicly', async () => {
    const [invite] = await client.invites.create();
    const anonymous = createGuestlistClient({ url: server.url });
    const validation = await anonymous.invites.validate(invite!.code!);
    expect(validation).toMatchObject({ valid: true, status: 'pending', type: 'account' });

    const unknown = await rejection(anonymous.invites.validate('no-such-code'));
    expect(unknown.code).toBe('INVITE_NOT_FOUND');
    expect(unknown.status).toBe(404);
  });

  it('updates a pending invite', async () => {
    const [invite] = await client.invites.create({ maxUses: 1 });
    const updated = await client.invites.update(invite!.id, {
      maxUses: 5,
      metadata: { note: 'updated' },
    });
    expect(updated.id).toBe(invite!.id);
    expect(updated.maxUses).toBe(5);
    expect(updated.metadata).toEqual({ note: 'updated' });
    expect((await client.invites.get(invite!.id)).maxUses).toBe(5);
  });

  it('cancels once, then refuses with INVITE_NOT_PENDING (409)', async () => {
    const [invite] = await client.invites.create();
    const canceled = await client.invites.cancel(invite!.id);
    expect(canceled.status).toBe('canceled');

    const again = await rejection(client.invites.cancel(invite!.id));
    expect(isGuestlistError(again)).toBe(true);
    expect(again.code).toBe('INVITE_NOT_PENDING');
    expect(again.status).toBe(409);
    expect(again.path).toBe('invites.cancel');

    const gone = await rejection(client.invites.validate(invite!.code!));
    expect(gone.code).toBe('INVITE_CANCELED');
    expect(gone.status).toBe(410);
  });

  it('deletes, after which the invite is not found (404)', async () => {
    const [invite] = await client.invites.create();
    const deleted = await client.invites.delete(invite!.code!);
    expect(deleted.id).toBe(invite!.id);

    const gone = await rejection(client.invites.get(invite!.id));
    expect(gone.code).toBe('INVITE_NOT_FOUND');
    expect(gone.status).toBe(404);
  });

  it('reports invalid input as VALIDATION_FAILED (400) with the offending fields', async () => {
    const invalid = await rejection(client.invites.create({ count: 0 }));
    expect(invalid.code).toBe('VALIDATION_FAILED');
    expect(invalid.status).toBe(400);
    expect(invalid.fields?.map((field) => field.path)).toEqual(['count']);
  });
});

describe('errors', () => {
  it('a wrong token is UNAUTHENTICATED (401)', async () => {
    const stranger = createGuestlistClient({ url: server.url, token: 'gl_not-a-real-key' });
    const error = await rejection(stranger.invites.list());
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.status).toBe(401);
    expect(error.message).toBe('Authentication required');
  });

  it('an unreachable server is NETWORK_ERROR (status 0)', async () => {
    const offline = createGuestlistClient({ url: await closedPortUrl(), token: server.adminKey });
    const error = await rejection(offline.settings.get());
    expect(error.code).toBe('NETWORK_ERROR');
    expect(error.status).toBe(0);
  });

  it('an aborted call is ABORTED', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await rejection(client.settings.get({ signal: controller.signal }));
    expect(error.code).toBe('ABORTED');
  });

  it('sends extra headers and uses the given fetch', async () => {
    const seen: Headers[] = [];
    const spying = createGuestlistClient({
      url: `${server.url}/`,
      token: async () => server.adminKey,
      // The token wins over an Authorization header, rather than being sent alongside it.
      headers: { 'x-request-id': 'sdk-test', Authorization: 'Bearer gl_stale' },
      fetch: (input, init) => {
        seen.push(new Headers(init?.headers));
        return fetch(input, init);
      },
    });
    const settings = await spying.settings.get();
    expect(typeof settings.invitesEnabled).toBe('boolean');
    expect(seen).toHaveLength(1);
    expect(seen[0]?.get('x-request-id')).toBe('sdk-test');
    expect(seen[0]?.get('authorization')).toBe(`Bearer ${server.adminKey}`);
  });
});

describe('settings', () => {
  it('reads and updates; with invites disabled, create is INVITES_DISABLED (403)', async () => {
    const before = await client.settings.get();
    expect(before.invitesEnabled).toBe(true);
    try {
      const disabled = await client.settings.update({ invitesEnabled: false });
      expect(disabled.invitesEnabled).toBe(false);
      expect((await client.settings.get()).invitesEnabled).toBe(false);

      const refused = await rejection(client.invites.create());
      expect(refused.code).toBe('INVITES_DISABLED');
      expect(refused.status).toBe(403);
    } finally {
      const restored = await client.settings.update({ invitesEnabled: true });
      expect(restored.invitesEnabled).toBe(true);
    }
    expect(await client.invites.create()).toHaveLength(1);
  });
});

describe('API keys', () => {
  it('creates a key that works until it is revoked', async () => {
    const created = await client.apiKeys.create({
      name: 'sdk reader',
      permissions: ['invite:read'],
    });
    expect(created).toMatchObject({ name: 'sdk reader', permissions: ['invite:read'] });
    expect(created.secret).toEqual(expect.any(String));
    expect(created.revokedAt).toBeNull();

    const listed = await client.apiKeys.list();
    const entry = listed.find((key) => key.id === created.id);
    expect(entry).toBeDefined();
    expect(entry).not.toHaveProperty('secret');

    const reader = createGuestlistClient({ url: server.url, token: created.secret });
    const page = await reader.invites.list({ page: { size: 1 } });
    expect(page.total).toBeGreaterThan(0);
    // invite:read only: creating is forbidden.
    const forbidden = await rejection(reader.invites.create());
    expect(forbidden.code).toBe('FORBIDDEN');
    expect(forbidden.status).toBe(403);

    const revoked = await client.apiKeys.revoke(created.id);
    expect(revoked.id).toBe(created.id);
    expect(revoked.revokedAt).toEqual(expect.any(String));

    const refused = await rejection(reader.invites.list());
    expect(refused.code).toBe('UNAUTHENTICATED');
    expect(refused.status).toBe(401);
  });
});

describe('email invites and webhooks', () => {
  it('sends, resends with extend, and reports the delivery', async () => {
    const sent = await client.invites.send({ email: ['sdk1@example.com', 'SDK1@example.com'] });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.delivery).toEqual({
      status: 'queued',
      attempts: 0,
      lastError: null,
      sentAt: null,
    });
    const resent = await client.invites.resend(sent[0]!.id, { extend: '30d' });
    expect(Date.parse(resent.expiresAt!) - Date.now()).toBeGreaterThan(29 * 86_400_000);
    const [plain] = await client.invites.create();
    const refused = await rejection(client.invites.resend(plain!.id));
    expect(refused.code).toBe('INVITE_HAS_NO_EMAIL');
    expect(refused.status).toBe(409);
  });

  it('registers a webhook, shows its secret once, and deletes it', async () => {
    const created = await client.webhooks.create({
      url: 'https://8.8.4.4/hooks',
      events: ['invite.accepted'],
    });
    expect(created.secret).toMatch(/^whsec_/);
    const listed = await client.webhooks.list();
    expect(listed.find((hook) => hook.id === created.id)).not.toHaveProperty('secret');
    expect((await client.webhooks.delete(created.id)).id).toBe(created.id);
    const missing = await rejection(client.webhooks.delete(created.id));
    expect(missing.code).toBe('WEBHOOK_NOT_FOUND');
  });
});

describe('audit', () => {
  it('lists invite.created events, newest first', async () => {
    const [invite] = await client.invites.create({ metadata: { batch: 'audit' } });
    const page = await client.audit.list({ filter: { action: 'invite.created' } });
    expect(page.total).toBeGreaterThan(0);
    expect(page.data.length).toBeGreaterThan(0);
    expect(page.data.every((event) => event.action === 'invite.created')).toBe(true);
    expect(page.data[0]?.inviteId).toBe(invite!.id);

    const forInvite = await client.audit.list({ filter: { inviteId: invite!.id } });
    expect(forInvite.data.map((event) => event.action)).toContain('invite.created');
  });

  it('pages by cursor, and refuses a cursor it did not give out', async () => {
    await client.invites.create({ count: 3 });
    const query = { filter: { action: 'invite.created' }, page: { size: 2 } };
    const first = await client.audit.list(query);
    expect(first.nextCursor).toEqual(expect.any(String));
    const next = await client.audit.list({ ...query, page: { size: 2, after: first.nextCursor! } });
    expect(next.data.map((e) => e.id)).not.toContain(first.data[0]!.id);
    const forged = await rejection(client.audit.list({ page: { after: 'garbled' } }));
    expect([forged.code, forged.status]).toEqual(['INVALID_CURSOR', 400]);
  });
});

describe('published declarations', () => {
  it('dist/index.d.ts is self-contained: no server, ORM or database types', async () => {
    const dts = await readFile(new URL('../dist/index.d.ts', import.meta.url), 'utf8');
    // It is the real bundle: the client, the error class and the invite shape are in it.
    expect(dts).toContain('declare function createGuestlistClient');
    expect(dts).toContain('declare class GuestlistError');
    expect(dts).toContain('"INVITE_NOT_PENDING"');
    for (const forbidden of ['@mikro-orm', 'fastify', 'pg', 'kysely', '@guestlist/']) {
      const pattern =
        forbidden === 'pg' ? /["'/]pg["'/]|\bpg\./ : new RegExp(forbidden.replace('/', '\\/'));
      expect(dts, `dist/index.d.ts mentions ${forbidden}`).not.toMatch(pattern);
    }
    // Only the published dependencies are imported.
    const imports = [...dts.matchAll(/(?:from\s+|import\()\s*["']([^"']+)["']/g)].map(
      (match) => match[1],
    );
    expect(imports.length).toBeGreaterThan(0);
    for (const specifier of imports) expect(specifier).toMatch(/^@trpc\/(client|server)(\/|$)/);
  });

  it('dist/index.js imports only @trpc/client and standardwebhooks', async () => {
    const js = await readFile(new URL('../dist/index.js', import.meta.url), 'utf8');
    const imports = [...js.matchAll(/from\s*["']([^"']+)["']/g)].map((match) => match[1]);
    expect(imports.sort()).toEqual(['@trpc/client', 'standardwebhooks']);
  });
});
