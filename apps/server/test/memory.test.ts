import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  BULK_GRANTS_MAX_BYTES,
  EFFECTIVE_PERMISSIONS_MAX_BYTES,
  GROUP_REFS_MAX,
  grantBytes,
  jsonValueCount,
  MAX_COUNT,
  MAX_SEND,
  METADATA_MAX_BYTES,
  METADATA_MAX_VALUES,
  PAGE_SIZE_MAX,
  PERMISSION_MAX_LENGTH,
  PERMISSIONS_MAX,
  TRPC_BATCH_MAX,
  WEBHOOKS_MAX,
} from '@guestlist/core';
import { query, type TestGuestlist, testGuestlist } from '@guestlist/core/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type SpawnedServer, spawnProcess, stopServer } from './support.ts';

/**
 * R22 against the process `pnpm start` runs: its entry point with its own node flags (read
 * from the root package.json, so the two cannot drift), server and worker together, on a fresh
 * database. Each heavy operation gets ten concurrent requests, the largest its bounds allow;
 * the process must stay up, answer every one with a 2xx or a clean 4xx, keep its heap (as its
 * own /metrics tells) under HEAP_CAP_MIB and its RSS under RSS_CAP_MIB.
 *
 * The caps. `--max-old-space-size=256` is the limit that kills. The heap used that /metrics
 * reports counts garbage not yet collected too (bursts here read 140 to 180 MiB of it from run
 * to run); HEAP_CAP_MIB, seven eighths of the limit, says a burst never got near it, where
 * before the bounds one went through it.
 * RSS holds what V8 has committed, used or not (up to the old space and 3 × 32 MiB of young
 * generation, some 350 MiB under pressure), Node's code and the driver's buffers (~60 MiB), and
 * argon2's runs outside the heap (two of 19 MiB): 512 MiB is that with room, and RSS past it
 * means memory the heap limit does not see (native buffers, hashes) is growing.
 */
const RSS_CAP_MIB = 512;
const HEAP_CAP_MIB = 224;
const AT_ONCE = 10;

const ROOT = path.resolve(import.meta.dirname, '../../..');
const START = path.join(ROOT, 'apps/server/src/start.ts');

/** The node flags of `pnpm start`, as the root package.json spells them. */
function startFlags(): string[] {
  const { scripts } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  const match = /\bnode((?: --[\w-]+(?:=\S+)?)*) apps\/server\/src\/start\.ts/.exec(scripts.start);
  if (!match) throw new Error(`pnpm start no longer runs start.ts: ${scripts.start}`);
  return match[1]!.trim().split(/\s+/);
}

/** VmRSS and VmHWM (its peak) of a process, in MiB. */
function memoryOf(pid: number): { rss: number; peak: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) =>
      Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1]);
    return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/** Starts the peak (VmHWM) afresh, so each burst reports its own; not every kernel allows it. */
function resetPeak(pid: number): void {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {}
}

const long = (tag: string, i: number) =>
  `${tag}${i}:${'x'.repeat(PERMISSION_MAX_LENGTH - `${tag}${i}:`.length)}`;
const longPermissions = (tag: string) =>
  Array.from({ length: PERMISSIONS_MAX }, (_, i) => long(tag, i));

/**
 * The costliest metadata the bounds allow within a weight: as many empty objects (the JSON
 * that takes the most heap per byte) as fit, then a string up to 16 KiB of text.
 */
function heavyMetadata(weight: number): Record<string, unknown> {
  const items: object[] = [];
  const fits = (metadata: Record<string, unknown>) =>
    grantBytes({ metadata }) <= weight &&
    jsonValueCount(metadata) <= METADATA_MAX_VALUES &&
    JSON.stringify(metadata).length <= METADATA_MAX_BYTES;
  while (fits({ a: [...items, {}], b: '' })) items.push({});
  let pad = 0;
  for (let step = METADATA_MAX_BYTES; step >= 1; step = Math.floor(step / 2)) {
    if (fits({ a: items, b: 'y'.repeat(pad + step) })) pad += step;
  }
  return { a: items, b: 'y'.repeat(pad) };
}

interface Answer {
  status: number;
  code?: string | undefined;
  bytes: number;
}

describe('memory under bursts of the heaviest requests (R22)', { timeout: 60_000 }, () => {
  let database: TestGuestlist;
  let server: SpawnedServer;
  let base: string;
  let dataDir: string;
  let admin: Record<string, string>;
  const peaks: { operation: string; status: string; peakMiB: number; heapMiB: number }[] = [];
  // Filled by the seeding below.
  const groupIds: string[] = [];
  let redeemedInviteId = '';
  let userToken = '';

  const pid = () => server.child.pid!;
  const alive = () => server.child.exitCode === null && server.child.signalCode === null;

  async function heapUsedMiB(): Promise<number> {
    const text = await (await fetch(`${base}/metrics`, { headers: admin })).text();
    return Number(/^guestlist_nodejs_heap_size_used_bytes (\S+)$/m.exec(text)?.[1] ?? 0) / 2 ** 20;
  }

  async function call(
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = admin,
  ): Promise<Answer> {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let code: string | undefined;
    if (res.status >= 400) {
      try {
        code = (JSON.parse(text) as { code?: string }).code;
      } catch {}
    }
    return { status: res.status, code, bytes: text.length };
  }

  /**
   * Sends `AT_ONCE` copies of a request at once, sampling the process's RSS meanwhile, and
   * checks what R22 asks: the process is up, every answer is a 2xx or a 4xx with a code, and
   * memory stayed under the cap. Returns the answers for the operation's own checks.
   */
  async function burst(operation: string, send: (i: number) => Promise<Answer>) {
    expect(alive(), `the server died before ${operation}`).toBe(true);
    resetPeak(pid());
    let sampled = 0;
    const sampler = setInterval(() => {
      sampled = Math.max(sampled, memoryOf(pid())?.rss ?? 0);
    }, 5);
    // The heap as the process itself reports it (`/metrics`), between the burst's own work.
    let heap = 0;
    let sampling = true;
    const heapSampler = (async () => {
      while (sampling) {
        heap = Math.max(heap, await heapUsedMiB().catch(() => 0));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const died = new Promise<'died'>((resolve) => server.child.once('exit', () => resolve('died')));
    const outcome = await Promise.race([
      Promise.allSettled(Array.from({ length: AT_ONCE }, (_, i) => send(i))),
      died,
    ]);
    clearInterval(sampler);
    sampling = false;
    await heapSampler;
    expect(
      outcome,
      `the server died during ${operation}:\n${server.output().slice(-1500)}`,
    ).not.toBe('died');
    const settled = outcome as PromiseSettledResult<Answer>[];
    const peakMiB = Math.max(sampled, memoryOf(pid())?.peak ?? 0);
    const answers = settled.map((s) =>
      s.status === 'fulfilled' ? s.value : { status: 0, code: String(s.reason), bytes: 0 },
    );
    const status = [...new Set(answers.map((a) => `${a.status}${a.code ? ` ${a.code}` : ''}`))]
      .sort()
      .join(', ');
    peaks.push({ operation, status, peakMiB: Math.round(peakMiB), heapMiB: Math.round(heap) });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(alive(), `the server died during ${operation}:\n${server.output().slice(-1500)}`).toBe(
      true,
    );
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    for (const answer of answers) {
      const clean =
        (answer.status >= 200 && answer.status < 300) ||
        (answer.status >= 400 && answer.status < 500 && /^[A-Z_]+$/.test(answer.code ?? ''));
      expect(clean, `${operation}: ${JSON.stringify(answer)}`).toBe(true);
    }
    expect(peakMiB, `${operation}: peak RSS`).toBeLessThan(RSS_CAP_MIB);
    expect(heap, `${operation}: heap used`).toBeLessThan(HEAP_CAP_MIB);
    return answers;
  }

  beforeAll(async () => {
    database = await testGuestlist(inject('databaseServerUrl'));
    admin = { authorization: `Bearer ${database.adminKey}` };
    // The worker writes its emails here (no SMTP_URL).
    dataDir = await mkdtemp(path.join(tmpdir(), 'guestlist-memory-'));
    server = await spawnProcess(
      START,
      {
        DATABASE_URL: database.databaseUrl,
        SECRET_KEY: database.secretKey,
        ADMIN_API_KEY: database.adminKey,
        PORT: '0',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        // Ten registrations, ten logins and the seeding come from one address; R18's limit is
        // not what this measures.
        RATE_LIMIT_AUTH: '1000',
        RATE_LIMIT_CODES: '1000',
        // The webhooks below point at a closed loopback port: deliveries fail and retry.
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      },
      'Guestlist is listening',
      60_000,
      startFlags(),
    );
    base = /Guestlist is listening on (http:\/\/\S+)/.exec(server.output())![1]!;

    // The largest groups: each audit event of their creation carries their permissions.
    for (let g = 0; g < GROUP_REFS_MAX; g++) {
      const res = await fetch(`${base}/api/v1/groups`, {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/json' },
        body: JSON.stringify({
          name: `g${g}${'n'.repeat(90)}`,
          permissions: longPermissions(`g${g}`),
        }),
      });
      expect(res.status).toBe(201);
      groupIds.push(((await res.json()) as { data: { id: string } }).data.id);
    }
    // More groups and API keys than a page holds, each with the longest permissions.
    await query(
      database.databaseUrl,
      `insert into groups (name, permissions) select concat('extra', n, $2::text), $1::text[]
         from generate_series(1, 150) n`,
      [longPermissions('x'), 'n'.repeat(90)],
    );
    await query(
      database.databaseUrl,
      `insert into api_keys (name, prefix, secret_digest, permissions)
       select concat('key', n), 'gl_xxxxx', decode(md5(n::text), 'hex'), $1::text[]
         from generate_series(1, 250) n`,
      [longPermissions('k')],
    );
    // Users at their largest (own permissions, every group), written directly: 100 of them
    // through the API would be 100 argon2 hashes. Their groups' permissions are replaced by
    // one short one each, so that the users stay within EFFECTIVE_PERMISSIONS_MAX_BYTES.
    const ownBytes = EFFECTIVE_PERMISSIONS_MAX_BYTES - GROUP_REFS_MAX * 24;
    const own = longPermissions('u').slice(0, Math.floor(ownBytes / PERMISSION_MAX_LENGTH));
    const userGroups = groupIds.slice(50);
    await query(
      database.databaseUrl,
      `update groups set permissions = array[concat('s:', id::text)] where id = any($1::uuid[])`,
      [userGroups],
    );
    await query(
      database.databaseUrl,
      `insert into users (email, username, password_hash, email_verified)
       select concat('heavy', n, '@example.com'), concat('heavy', n), 'x', true
         from generate_series(1, 20000) n`,
    );
    const firstPage = `select id from users order by created_at desc, id desc limit ${PAGE_SIZE_MAX}`;
    await query(
      database.databaseUrl,
      `update users set permissions = $1 where id in (${firstPage})`,
      [own],
    );
    await query(
      database.databaseUrl,
      `insert into user_groups (user_id, group_id)
       select u.id, g from (${firstPage}) u cross join unnest($1::uuid[]) g`,
      [userGroups],
    );
    // A multi-use invite redeemed 20,000 times, and a namespace with 20,000 collaborators.
    const created = await call('POST', '/api/v1/invites', { maxUses: null });
    expect(created.status).toBe(201);
    redeemedInviteId = (
      await query<{ id: string }>(database.databaseUrl, 'select id from invites limit 1')
    )[0]!.id;
    await query(
      database.databaseUrl,
      `insert into redemptions (invite_id, user_id) select $1, id from users where username like 'heavy%'`,
      [redeemedInviteId],
    );
    await query(database.databaseUrl, `update settings set registration = 'open'`);
    const registered = await fetch(`${base}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'owner@example.com',
        username: 'owner',
        password: 'password-1234',
      }),
    });
    expect(registered.status).toBe(201);
    userToken = ((await registered.json()) as { data: { token: string } }).data.token;
    const namespace = await call(
      'POST',
      '/api/v1/namespaces',
      { name: 'big' },
      { authorization: `Bearer ${userToken}` },
    );
    expect(namespace.status).toBe(201);
    await query(
      database.databaseUrl,
      `insert into collaborators (namespace_id, user_id, role)
       select (select id from namespaces where path = 'owner/big'), id, 'member' from users where username like 'heavy%'`,
    );
    await query(
      database.databaseUrl,
      `update users set email_verified = true where username = 'owner'`,
    );
  }, 120_000);

  afterAll(async () => {
    if (peaks.length > 0) {
      const width = Math.max(...peaks.map((p) => p.operation.length));
      process.stdout.write(
        `\npeak RSS and heap used per burst of ${AT_ONCE} (caps ${RSS_CAP_MIB} and ${HEAP_CAP_MIB} MiB):\n${peaks
          .map(
            (p) =>
              `  ${p.operation.padEnd(width)}  RSS ${String(p.peakMiB).padStart(4)} MiB  heap ${String(p.heapMiB).padStart(3)} MiB  ${p.status}`,
          )
          .join('\n')}\n`,
      );
    }
    if (server && alive()) await stopServer(server.child);
    await database?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

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
    await query(database.databaseUrl, 'delete from webhooks');
    await query(database.databaseUrl, `delete from pgboss.job where name = 'webhook-delivery'`);
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
