/**
 * The harness of the memory test (R22): `pnpm start`'s process on a fresh database, seeded
 * with the largest data the bounds allow, and `burst`, which sends ten copies of a request at
 * once and checks the process through them. The bindings are live: read them inside tests
 * and hooks, after {@link useMemoryServer}'s `beforeAll` has run.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  EFFECTIVE_PERMISSIONS_MAX_BYTES,
  GROUP_REFS_MAX,
  grantBytes,
  jsonValueCount,
  METADATA_MAX_BYTES,
  METADATA_MAX_VALUES,
  PAGE_SIZE_MAX,
  PERMISSION_MAX_LENGTH,
  PERMISSIONS_MAX,
} from '@guestlist/core';
import { query, type TestGuestlist, testGuestlist } from '@guestlist/core/testing';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { type SpawnedServer, spawnProcess, stopServer } from './support.ts';

/**
 * The caps. `--max-old-space-size=256` is the limit that kills. The heap used that /metrics
 * reports counts garbage not yet collected too (bursts here read 140 to 180 MiB of it from run
 * to run); HEAP_CAP_MIB, seven eighths of the limit, says a burst never got near it, where
 * before the bounds one went through it.
 * RSS holds what V8 has committed, used or not (up to the old space and 3 × 8 MiB of young
 * generation, some 300 MiB under pressure), Node's code and the driver's buffers (~60 MiB), and
 * argon2's runs outside the heap (two of 19 MiB): 512 MiB is that with room, and RSS past it
 * means memory the heap limit does not see (native buffers, hashes) is growing.
 */
export const RSS_CAP_MIB = 512;
export const HEAP_CAP_MIB = 224;
export const AT_ONCE = 10;

const ROOT = path.resolve(import.meta.dirname, '../../..');
const START = path.join(ROOT, 'apps/server/src/start.ts');

/**
 * The environment (the allocator's settings) and node flags of `pnpm start`, as the root
 * package.json spells them: the process measured here runs as that one does.
 */
function startCommand(): { env: Record<string, string>; flags: string[] } {
  const { scripts } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  const match =
    /((?:\b[A-Z_]+=\S+ )*)node((?: --[\w-]+(?:=\S+)?)*) apps\/server\/src\/start\.ts/.exec(
      scripts.start,
    );
  if (!match) throw new Error(`pnpm start no longer runs start.ts: ${scripts.start}`);
  const env = Object.fromEntries(
    match[1]!
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
  return { env, flags: match[2]!.trim().split(/\s+/) };
}

/** VmRSS and VmHWM (its peak) of a process, in MiB. */
export function memoryOf(pid: number): { rss: number; peak: number } | null {
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
export function resetPeak(pid: number): void {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {}
}

const long = (tag: string, i: number) =>
  `${tag}${i}:${'x'.repeat(PERMISSION_MAX_LENGTH - `${tag}${i}:`.length)}`;
export const longPermissions = (tag: string) =>
  Array.from({ length: PERMISSIONS_MAX }, (_, i) => long(tag, i));

/**
 * The costliest metadata the bounds allow within a weight: as many empty objects (the JSON
 * that takes the most heap per byte) as fit, then a string up to 16 KiB of text.
 */
export function heavyMetadata(weight: number): Record<string, unknown> {
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

export interface Answer {
  status: number;
  code?: string | undefined;
  bytes: number;
}

export let database: TestGuestlist;
export let server: SpawnedServer;
export let base: string;
let dataDir: string;
export let admin: Record<string, string>;
export const peaks: { operation: string; status: string; peakMiB: number; heapMiB: number }[] = [];
// Filled by the seeding below.
export const groupIds: string[] = [];
export let redeemedInviteId = '';
export let userToken = '';

export const pid = () => server.child.pid!;
export const alive = () => server.child.exitCode === null && server.child.signalCode === null;

export async function heapUsedMiB(): Promise<number> {
  const text = await (await fetch(`${base}/metrics`, { headers: admin })).text();
  return Number(/^guestlist_nodejs_heap_size_used_bytes (\S+)$/m.exec(text)?.[1] ?? 0) / 2 ** 20;
}

export async function call(
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
export async function burst(operation: string, send: (i: number) => Promise<Answer>) {
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
  expect(outcome, `the server died during ${operation}:\n${server.output().slice(-1500)}`).not.toBe(
    'died',
  );
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

/** Starts the process and seeds its database before the tests; prints the peaks and stops it after. */
export function useMemoryServer(): void {
  beforeAll(async () => {
    database = await testGuestlist(inject('databaseServerUrl'));
    admin = { authorization: `Bearer ${database.adminKey}` };
    // The worker writes its emails here (no SMTP_URL).
    dataDir = await mkdtemp(path.join(tmpdir(), 'guestlist-memory-'));
    const start = startCommand();
    server = await spawnProcess(
      START,
      {
        ...start.env,
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
      start.flags,
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
}
