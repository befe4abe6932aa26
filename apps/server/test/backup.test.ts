import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  type EmbeddedDatabase,
  freePort,
  makeTempDataDir,
  startEmbeddedPostgres,
} from '@guestlist/core/database';
import { createTestDatabase, runProgram } from '@guestlist/core/testing';
import { TestSmtpServer, waitFor } from '@guestlist/worker/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Populated, populate, validateAll, webhookReceiver } from './backup-setup.ts';
import { httpClient } from './http.ts';
import { query, spawnProcess, stopServer } from './support.ts';

const CLI = path.resolve(import.meta.dirname, '../src/cli.ts');
const SERVER = path.resolve(import.meta.dirname, '../src/main.ts');
const WORKER = path.resolve(import.meta.dirname, '../../worker/src/main.ts');
const ADMIN_KEY = `gl_${'Backup42'.repeat(5)}`;

const root = path.dirname(await makeTempDataDir('guestlist-backup'));
const sourceDir = path.join(root, 'source');
const file = path.join(root, 'guestlist.export');
let target: EmbeddedDatabase;
let smtp: TestSmtpServer;
let hooks: Awaited<ReturnType<typeof webhookReceiver>>;
let before: Populated;
let sourceCounts: Record<string, number>;
let queuedEmails: number;
let pendingDeliveries: string[];
const children: ChildProcess[] = [];

/** `guestlist-server <args>` as a process, with the server's environment. */
function cli(args: string[], env: Record<string, string>) {
  return runProgram(process.execPath, [CLI, ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', DATA_DIR: sourceDir, DATABASE_URL: '', ...env },
  });
}

/** Every table's rows, the way an operator would count them. */
async function countAll(url: string): Promise<Record<string, number>> {
  const tables = await query<{ name: string }>(
    url,
    `select format('%s.%s', n.nspname, c.relname) as name from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
      where n.nspname in ('public', 'pgboss') and c.relkind in ('r', 'p') and not c.relispartition
        and c.relname not in ('mikro_orm_migrations', 'rate_limits', 'version', 'bam', 'warning', 'queue_stats')
      order by 1`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await query<{ n: number }>(url, `select count(*)::int as n from ${name}`);
    counts[name] = row!.n;
  }
  return counts;
}

const count = async (url: string, sql: string, params: unknown[] = []) =>
  (await query<{ n: number }>(url, sql, params))[0]!.n;

/** A server process on the new database, with the moved installation's key. */
async function serverOn(databaseUrl: string) {
  const port = await freePort();
  const env = {
    DATABASE_URL: databaseUrl,
    SECRET_KEY: secretKey(),
    PORT: String(port),
    DATA_DIR: path.join(root, 'target-server'),
    LOG_LEVEL: 'warn',
    RATE_LIMIT_CODES: '10000',
  };
  const spawned = await spawnProcess(SERVER, env, 'Guestlist is listening', 120_000);
  return { ...spawned, url: `http://127.0.0.1:${port}` };
}

const tablesOf = async (url: string) =>
  (
    await query<{ n: number }>(
      url,
      `select count(*)::int as n from information_schema.tables where table_schema in ('public', 'pgboss')`,
    )
  )[0]!.n;

beforeAll(async () => {
  hooks = await webhookReceiver();
  smtp = await TestSmtpServer.start();
  // The installation to move: `pnpm start`'s embedded PostgreSQL in DATA_DIR, with a generated
  // SECRET_KEY, and no worker, so its emails and webhook deliveries are still queued.
  const port = await freePort();
  const source = await spawnProcess(
    SERVER,
    {
      DATABASE_URL: '',
      DATA_DIR: sourceDir,
      PORT: String(port),
      ADMIN_API_KEY: ADMIN_KEY,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_CODES: '10000',
      RATE_LIMIT_AUTH: '10000',
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    },
    'Guestlist is listening',
    120_000,
  );
  before = await populate(`http://127.0.0.1:${port}`, ADMIN_KEY, hooks.url);
  expect(await stopServer(source.child)).toBe(0);

  const exported = await cli(['export', '--out', file], {});
  expect(exported.stderr).toBe('');
  expect(exported.code).toBe(0);
  expect(exported.stdout).toMatch(/public\.invites +\d+/);
  expect(exported.stdout).toMatch(/exported \d+ rows in \d+ tables .* in \d+\.\d s/);

  const sourceDb = await startEmbeddedPostgres({ dataDir: path.join(sourceDir, 'postgres') });
  sourceCounts = await countAll(sourceDb.url);
  queuedEmails = await count(
    sourceDb.url,
    `select count(*)::int as n from pgboss.job where name in ('invite-email', 'account-email') and state = 'created'`,
  );
  pendingDeliveries = (
    await query<{ id: string }>(
      sourceDb.url,
      `select id from webhook_deliveries where status = 'pending'`,
    )
  ).map((row) => row.id);
  await sourceDb.stop();

  // The second, separate PostgreSQL: another cluster, its own roles and passwords.
  target = await startEmbeddedPostgres({
    dataDir: await makeTempDataDir('guestlist-backup-target'),
    ephemeral: true,
    fast: true,
  });
}, 180_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) await stopServer(child);
  await smtp?.stop();
  hooks?.server.close();
  await target?.stop();
  await rm(root, { recursive: true, force: true });
});

function secretKey(): string {
  return readFileSync(path.join(sourceDir, 'secret-key'), 'utf8').trim();
}

describe('guestlist-server export and import (spec §10)', () => {
  it('writes a file only its owner can read, with a fingerprint of the key and never the key', () => {
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = gunzipSync(readFileSync(file)).toString('utf8');
    const header = JSON.parse(text.split('\n')[1]!);
    expect(header).toMatchObject({
      format: 1,
      fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(text).not.toContain(secretKey());
    expect(text).not.toContain(ADMIN_KEY);
    for (const code of before.codes.keys()) expect(text).not.toContain(code);
  });

  it('moves every row to a separate PostgreSQL: counts equal, codes, sessions and keys working', async () => {
    expect(queuedEmails).toBeGreaterThanOrEqual(4);
    expect(pendingDeliveries.length).toBeGreaterThan(5);
    expect(before.codes.size).toBeGreaterThan(8);
    const imported = await cli(['import', '--in', file], {
      DATABASE_URL: target.url,
      SECRET_KEY: secretKey(),
    });
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/imported \d+ rows in \d+ tables/);
    expect(await countAll(target.url)).toEqual(sourceCounts);
    for (const table of [
      'public.invites',
      'public.users',
      'public.sessions',
      'public.audit_events',
    ])
      expect(sourceCounts[table]).toBeGreaterThan(0);

    const server = await serverOn(target.url);
    children.push(server.child);
    // Every code answers as it did before the move: pending ones validate, the others are
    // still expired, canceled, declined or used (a code under another key would be unknown).
    expect(await validateAll(server.url, before.codes.keys())).toEqual(before.codes);
    expect([...before.codes.values()].filter((v) => v.status === 200).length).toBeGreaterThan(3);
    expect(new Set([...before.codes.values()].map((v) => v.code))).toEqual(
      new Set([undefined, 'INVITE_EXPIRED', 'INVITE_CANCELED', 'INVITE_DECLINED', 'INVITE_USED']),
    );
    const api = httpClient(`${server.url}/api/v1`);
    for (const session of before.sessions) {
      const me = await api.get('/me', { token: session.token });
      expect(me.status).toBe(200);
      expect(me.body.data.username).toBe(session.username);
    }
    expect((await api.get('/invites', { token: before.apiKey })).status).toBe(200);
    expect((await api.get('/settings', { token: ADMIN_KEY })).body.data.registration).toBe('open');
    expect(await stopServer(server.child)).toBe(0);
  }, 120_000);

  it('delivers the queued emails and webhook deliveries from the new database', async () => {
    const worker = spawn(process.execPath, [WORKER], {
      env: {
        ...process.env,
        DATABASE_URL: target.url,
        SECRET_KEY: secretKey(),
        SMTP_URL: smtp.url,
        LOG_LEVEL: 'warn',
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
        DATA_DIR: path.join(root, 'worker'),
      },
      stdio: 'ignore',
    });
    children.push(worker);
    // Every email job that was waiting runs; each address gets its email (an invite declined
    // before its notice went out is rightly skipped).
    await waitFor(
      async () =>
        (await count(
          target.url,
          `select count(*)::int as n from pgboss.job where name in ('invite-email', 'account-email') and state <> 'completed'`,
        )) === 0,
      { timeoutMs: 60_000, what: 'the queued emails' },
    );
    const recipients = smtp.received.flatMap((mail) => mail.to).sort();
    expect(recipients).toEqual(
      ['ada', 'bob', 'carol', 'guest1', 'guest2', 'guest3'].map((name) => `${name}@example.com`),
    );
    await waitFor(
      async () =>
        (await count(
          target.url,
          `select count(*)::int as n from webhook_deliveries where id = any($1) and status = 'delivered'`,
          [pendingDeliveries],
        )) === pendingDeliveries.length,
      { timeoutMs: 60_000, what: 'webhook deliveries' },
    );
    expect(hooks.received.length).toBeGreaterThanOrEqual(pendingDeliveries.length);
    expect(await stopServer(worker)).toBe(0);
  }, 90_000);
});

/** The export with its header line rewritten (and its trailer left as it was). */
function withHeader(edit: (header: Record<string, unknown>) => void): Buffer {
  const text = gunzipSync(readFileSync(file)).toString('utf8');
  const lines = text.split('\n');
  const header = JSON.parse(lines[1]!);
  edit(header);
  lines[1] = JSON.stringify(header);
  return gzipSync(lines.join('\n'));
}

describe('guestlist-server import refuses, writing nothing (spec §10)', () => {
  const refusals: [string, () => Buffer, Record<string, string>, RegExp][] = [
    [
      'a wrong SECRET_KEY',
      () => readFileSync(file),
      { SECRET_KEY: 'w'.repeat(43) },
      /another SECRET_KEY/,
    ],
    [
      'another schema version',
      () =>
        withHeader((h) => Object.assign(h, { schemaVersion: 'Migration20990101000000_future' })),
      {},
      /schema version Migration20990101000000_future/,
    ],
    ['another format', () => withHeader((h) => Object.assign(h, { format: 9 })), {}, /format 9/],
    [
      'a truncated file',
      () => readFileSync(file).subarray(0, statSync(file).size - 40),
      {},
      /damaged or incomplete/,
    ],
    [
      'a file damaged inside',
      () => {
        // Among the last rows, never in the header: the header line (every table's columns)
        // can fill half of a small export, and damage there reads as "not an export".
        const bytes = Buffer.from(readFileSync(file));
        bytes[bytes.length - 12]! ^= 0xff;
        return bytes;
      },
      {},
      /damaged or incomplete|does not match its checksum/,
    ],
    [
      'a row edited and gzipped again',
      () => {
        const text = gunzipSync(readFileSync(file)).toString('utf8');
        return gzipSync(text.replace('guest1@example.com', 'evil1@example.com'));
      },
      {},
      /does not match its checksum/,
    ],
    [
      'a file that is not an export',
      () => Buffer.from('id,code\n1,abc\n'),
      {},
      /not a Guestlist export/,
    ],
    ['a gzip file that is not an export', () => gzipSync('hello\n'), {}, /not a Guestlist export/],
  ];

  it.each(refusals)(
    '%s',
    async (_name, bytes, env, message) => {
      const database = await createTestDatabase(target.adminUrl);
      const candidate = path.join(root, 'candidate.export');
      writeFileSync(candidate, bytes());
      const result = await cli(['import', '--in', candidate], {
        DATABASE_URL: database.url,
        SECRET_KEY: secretKey(),
        ...env,
      });
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.code).toBe(1);
      expect(await tablesOf(database.url)).toBe(0);
      await database.drop();
    },
    60_000,
  );

  it('a target that is not empty', async () => {
    const counts = await countAll(target.url);
    const result = await cli(['import', '--in', file], {
      DATABASE_URL: target.url,
      SECRET_KEY: secretKey(),
    });
    expect(result.stderr).toMatch(/^The target database is not empty \(it holds [a-z_, ]+\)/);
    expect(result.code).toBe(1);
    expect(await countAll(target.url)).toEqual(counts);
  }, 60_000);

  it('an export over an existing file unless --force', async () => {
    const result = await cli(['export', '--out', file], {});
    expect(result.stderr).toMatch(/already exists/);
    expect(result.code).toBe(1);
  });
});
