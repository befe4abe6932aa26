/**
 * R22 against the process `pnpm start` runs: its entry point with its own node flags (read
 * from the root package.json, so the two cannot drift), server and worker together, on a fresh
 * database. Each heavy operation gets ten concurrent requests, the largest its bounds allow;
 * the process must stay up, answer every one with a 2xx or a clean 4xx, keep its heap (as its
 * own /metrics tells) under HEAP_CAP_MIB and its RSS under RSS_CAP_MIB.
 */
import {
  BULK_GRANTS_MAX_BYTES,
  grantBytes,
  MAX_COUNT,
  MAX_SEND,
  METADATA_MAX_BYTES,
  PAGE_SIZE_MAX,
  TRPC_BATCH_MAX,
  WEBHOOKS_MAX,
} from '@guestlist/core';
import { query } from '@guestlist/core/testing';
import { describe, expect, it } from 'vitest';
import {
  AT_ONCE,
  admin,
  alive,
  base,
  burst,
  call,
  database,
  groupIds,
  HEAP_CAP_MIB,
  heapUsedMiB,
  heavyMetadata,
  longPermissions,
  memoryOf,
  peaks,
  pid,
  RSS_CAP_MIB,
  redeemedInviteId,
  resetPeak,
  useMemoryServer,
  userToken,
} from './memory-harness.ts';

describe('memory under bursts of the heaviest requests (R22)', { timeout: 60_000 }, () => {
  useMemoryServer();

  // The finding: count 1,000 with the longest grants built ~42 MB answers each; three at once
  // took server and worker down.
  it('refuses a bulk create whose grants times count exceed the budget, and stays up', async () => {
    const answers = await burst('POST /invites (1,000 × largest grants)', () =>
      call('POST', '/api/v1/invites', {
        count: MAX_COUNT,
        permissions: longPermissions('p'),
        metadata: { blob: 'y'.repeat(METADATA_MAX_BYTES - 20) },
      }),
    );
    expect(answers.map((a) => `${a.status} ${a.code}`)).toEqual(
      Array(AT_ONCE).fill('400 VALIDATION_FAILED'),
    );
  });

  it('creates 1,000 invites with grants filling the budget', async () => {
    const metadata = heavyMetadata(Math.floor(BULK_GRANTS_MAX_BYTES / MAX_COUNT));
    expect(grantBytes({ metadata }) * MAX_COUNT).toBeLessThanOrEqual(BULK_GRANTS_MAX_BYTES);
    const answers = await burst('POST /invites (1,000 × budget/1,000)', () =>
      call('POST', '/api/v1/invites', { count: MAX_COUNT, metadata }),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(AT_ONCE).fill(201));
  });

  it('sends to the most addresses with the grants the budget allows', async () => {
    const metadata = heavyMetadata(Math.floor(BULK_GRANTS_MAX_BYTES / MAX_SEND));
    const answers = await burst(`POST /invites/send (${MAX_SEND} addresses)`, (i) =>
      call('POST', '/api/v1/invites/send', {
        email: Array.from({ length: MAX_SEND }, (_, n) => `send${i}-${n}@example.com`),
        metadata,
      }),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(AT_ONCE).fill(202));
  });

  it('creates as many invites with the largest grants as the budget allows, each event queued for every webhook', async () => {
    // The instance at its largest: every webhook it may have listens, so each invite created
    // is queued once per webhook, with its grants.
    for (let i = 0; i < WEBHOOKS_MAX; i++) {
      const hook = await call('POST', '/api/v1/webhooks', {
        url: `http://127.0.0.1:9/hook/${i}`,
        events: ['invite.created'],
      });
      expect(hook.status).toBe(201);
    }
    const oneMore = await call('POST', '/api/v1/webhooks', {
      url: 'http://127.0.0.1:9/hook/more',
      events: ['invite.created'],
    });
    expect([oneMore.status, oneMore.code]).toEqual([409, 'LIMIT_EXCEEDED']);
    const grants = {
      permissions: longPermissions('p'),
      groups: groupIds.map((id) => ({ id })),
      metadata: heavyMetadata(Number.POSITIVE_INFINITY),
    };
    const count = Math.floor(BULK_GRANTS_MAX_BYTES / grantBytes(grants));
    const answers = await burst(`POST /invites (${count} × largest grants)`, () =>
      call('POST', '/api/v1/invites', { count, ...grants }),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(AT_ONCE).fill(201));
    // One more is over the budget.
    const over = await call('POST', '/api/v1/invites', { count: count + 1, ...grants });
    expect([over.status, over.code]).toEqual([400, 'VALIDATION_FAILED']);
    const [{ queued }] = (await query<{ queued: number }>(
      database.databaseUrl,
      `select count(*)::int as queued from pgboss.job where name = 'webhook-delivery'`,
    )) as [{ queued: number }];
    expect(queued).toBe(AT_ONCE * count * WEBHOOKS_MAX);
    // Thousands of deliveries to a closed port would keep the worker busy through every burst
    // below; what they cost to queue is measured, their delivery is not what R22 is about.
    // The worker is writing those deliveries' attempts meanwhile: the jobs go first, and a
    // deadlock with its last write is tried again (as the services' transactions do).
    for (let attempt = 1; ; attempt++) {
      try {
        await query(database.databaseUrl, `delete from pgboss.job where name = 'webhook-delivery'`);
        await query(database.databaseUrl, 'delete from webhooks');
        break;
      } catch (error) {
        if (attempt === 5 || (error as { code?: string }).code !== '40P01') throw error;
      }
    }
  });

  it('lists the largest invites (the newest) a page at a time', async () => {
    const answers = await burst('GET /invites (page of 100)', () =>
      call('GET', `/api/v1/invites?page[size]=${PAGE_SIZE_MAX}&sort=-createdAt`),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
  });

  it('answers the invites addressed to a user a page at a time', async () => {
    await query(
      database.databaseUrl,
      `update invites set email = 'owner@example.com' where id in
         (select id from invites where cardinality(permissions) > 0 limit 200)`,
    );
    const answers = await burst('GET /me/invites', () =>
      call('GET', '/api/v1/me/invites', undefined, { authorization: `Bearer ${userToken}` }),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
  });

  it('lists the largest users a page at a time', async () => {
    const answers = await burst('GET /users (page of 100)', () =>
      call('GET', `/api/v1/users?page[size]=${PAGE_SIZE_MAX}`),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    // A user cannot be made larger than that: one more group of long permissions is refused.
    const [heaviest] = await query<{ id: string }>(
      database.databaseUrl,
      `select user_id as id from user_groups group by user_id order by count(*) desc limit 1`,
    );
    const grown = await call('PATCH', `/api/v1/users/${heaviest!.id}`, {
      groups: groupIds.slice(49).map((id) => ({ id })),
    });
    expect([grown.status, grown.code]).toEqual([409, 'LIMIT_EXCEEDED']);
  });

  it('lists groups, API keys, webhooks and audit events within their pages', async () => {
    for (const url of [
      '/api/v1/groups',
      '/api/v1/api-keys',
      '/api/v1/webhooks',
      `/api/v1/audit?page[size]=${PAGE_SIZE_MAX}&filter[action]=group.created`,
    ]) {
      const answers = await burst(`GET ${url.replace('/api/v1', '').split('?')[0]}`, () =>
        call('GET', url),
      );
      expect(answers.every((a) => a.status === 200)).toBe(true);
    }
  });

  it('answers the redemptions of an invite used 20,000 times a page at a time', async () => {
    const answers = await burst('GET /invites/{invite}/redemptions', () =>
      call('GET', `/api/v1/invites/${redeemedInviteId}/redemptions`),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(Math.max(...answers.map((a) => a.bytes))).toBeLessThan(PAGE_SIZE_MAX * 1024);
  });

  it('answers the collaborators of a namespace of 20,000 a page at a time', async () => {
    const answers = await burst('GET /namespaces/{o}/{n}/collaborators', () =>
      call('GET', '/api/v1/namespaces/owner/big/collaborators', undefined, {
        authorization: `Bearer ${userToken}`,
      }),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(Math.max(...answers.map((a) => a.bytes))).toBeLessThan(PAGE_SIZE_MAX * 1024);
  });

  it('hashes ten registrations and checks ten logins at once', async () => {
    const registrations = await burst('POST /auth/register', (i) =>
      call('POST', '/api/v1/auth/register', {
        email: `new${i}@example.com`,
        username: `new${i}`,
        password: `password-${'p'.repeat(200)}`,
      }),
    );
    expect(registrations.map((a) => a.status)).toEqual(Array(AT_ONCE).fill(201));
    const logins = await burst('POST /auth/login', (i) =>
      call('POST', '/api/v1/auth/login', {
        handle: `new${i}`,
        password: `password-${'p'.repeat(200)}`,
      }),
    );
    expect(logins.map((a) => a.status)).toEqual(Array(AT_ONCE).fill(200));
  });

  it('refuses 1 MiB of the costliest JSON cleanly', async () => {
    const body = `{"metadata":{"a":[${'{},'.repeat(349_000)}{}]}}`;
    expect(body.length).toBeLessThan(1024 * 1024);
    const answers = await burst('POST /invites (1 MiB of {})', () =>
      call('POST', '/api/v1/invites', body),
    );
    expect(answers.every((a) => a.status === 400)).toBe(true);
  });

  it(`takes tRPC batches of ${TRPC_BATCH_MAX} heavy calls, and refuses longer ones`, async () => {
    const calls = Array.from({ length: TRPC_BATCH_MAX }, () => 'invites.list');
    const input = Object.fromEntries(calls.map((_, i) => [i, { page: { size: PAGE_SIZE_MAX } }]));
    const url = `/trpc/${calls.join(',')}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`;
    const answers = await burst(`tRPC batch of ${TRPC_BATCH_MAX} invites.list`, () =>
      call('GET', url),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const longer = [...calls, 'invites.list'];
    const refused = await fetch(
      `${base}/trpc/${longer.join(',')}?batch=1&input=${encodeURIComponent(
        JSON.stringify({ ...input, [TRPC_BATCH_MAX]: {} }),
      )}`,
      { headers: admin },
    );
    expect(refused.status).toBe(400);
  });

  it('drains the queued emails and webhook deliveries within the bound', async () => {
    // The bursts above queued thousands of emails and, per webhook, of deliveries; the
    // worker in the same process works through them while nothing else runs.
    resetPeak(pid());
    let sampled = 0;
    const deadline = Date.now() + 8_000;
    let heap = 0;
    while (Date.now() < deadline && alive()) {
      sampled = Math.max(sampled, memoryOf(pid())?.rss ?? 0);
      heap = Math.max(heap, await heapUsedMiB());
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const peakMiB = Math.max(sampled, memoryOf(pid())?.peak ?? 0);
    peaks.push({
      operation: 'worker draining the outbox (8 s)',
      status: '-',
      peakMiB: Math.round(peakMiB),
      heapMiB: Math.round(heap),
    });
    expect(alive()).toBe(true);
    const { sent } = (
      await query<{ sent: number }>(
        database.databaseUrl,
        `select count(*)::int as sent from invites where delivery_status = 'sent'`,
      )
    )[0]!;
    expect(sent).toBeGreaterThan(0);
    expect(peakMiB).toBeLessThan(RSS_CAP_MIB);
    expect(heap).toBeLessThan(HEAP_CAP_MIB);
  }, 20_000);
});
