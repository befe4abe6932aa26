import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '@guestlist/core/database';
import { query, runProgram, startLegacyCluster } from '@guestlist/core/testing';
import { waitFor } from '@guestlist/worker/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnProcess, stopServer } from './support.ts';

/**
 * `pnpm start` without DATABASE_URL runs PostgreSQL itself, in DATA_DIR/postgres. Which roles
 * it has and who may log in (SECURITY.md), and how a start finds the cluster a killed
 * Guestlist left behind.
 */

const START = path.resolve(import.meta.dirname, '../src/start.ts');
const ADMIN_KEY = `gl_${'Embedded00'.repeat(4)}`;
const dirs: string[] = [];
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) await stopServer(child);
  // A test that failed half way may have left an orphaned PostgreSQL behind.
  for (const dir of dirs) {
    const pid = existsSync(path.join(dir, 'postgres', 'postmaster.pid'))
      ? postmaster(dir).pid
      : null;
    if (pid !== null && parentOf(pid) !== null) {
      process.kill(pid, 'SIGINT');
      await waitFor(() => parentOf(pid) === null, { what: 'a left-over PostgreSQL to stop' });
    }
  }
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A DATA_DIR the `postgres` account can reach (under root the cluster runs as it). */
async function newDataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'guestlist-embedded-'));
  dirs.push(dir);
  await chmod(dir, 0o755);
  return dir;
}

interface Started {
  child: ChildProcess;
  output: () => string;
  url: string;
}

function startEnv(dataDir: string, port: number, env: Record<string, string> = {}) {
  return {
    DATABASE_URL: '',
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    ADMIN_API_KEY: ADMIN_KEY,
    ...env,
  };
}

/** `pnpm start`'s entry point as a real process, once it says it listens. */
async function start(dataDir: string, env: Record<string, string> = {}): Promise<Started> {
  const port = await freePort();
  const started = await spawnProcess(
    START,
    startEnv(dataDir, port, env),
    'Guestlist is listening',
    60_000,
  );
  children.push(started.child);
  return { ...started, url: `http://127.0.0.1:${port}` };
}

/** The running postmaster of DATA_DIR/postgres, from its pid file. */
function postmaster(dataDir: string): { pid: number; port: number } {
  const lines = readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n');
  return { pid: Number(lines[0]), port: Number(lines[3]) };
}

function parentOf(pid: number): number | null {
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : null;
  return stat === null ? null : Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

/** What the password file holds, as connection URLs for the cluster's current port. */
async function storedUrls(dataDir: string): Promise<{ app: string; superuser: string }> {
  const text = await readFile(path.join(dataDir, 'postgres.pgpass'), 'utf8');
  const password = (user: string) =>
    text
      .split('\n')
      .map((line) => line.split(':'))
      .find((fields) => fields[3] === user)![4]!;
  const { port } = postmaster(dataDir);
  return {
    app: `postgres://guestlist_app:${password('guestlist_app')}@127.0.0.1:${port}/guestlist`,
    superuser: `postgres://guestlist:${password('guestlist')}@127.0.0.1:${port}/guestlist`,
  };
}

/** How logging in as guestlist with the password guestlist ends: an error code, or null. */
async function wellKnownLogin(dataDir: string): Promise<string | null> {
  // template1 is in every cluster, old or new.
  const url = `postgres://guestlist:guestlist@127.0.0.1:${postmaster(dataDir).port}/template1`;
  return query(url, 'select 1').then(
    () => null,
    (error: { code?: string }) => error.code ?? String(error),
  );
}

/** psql, where the machine has it: the client an operator or an intruder would use. */
const PSQL = (process.env.PATH ?? '')
  .split(':')
  .map((dir) => path.join(dir, 'psql'))
  .find((file) => existsSync(file));

async function api(base: string, route: string, body?: unknown) {
  const res = await fetch(`${base}/api/v1${route}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function inviteIds(base: string): Promise<string[]> {
  const { body } = await api(base, '/invites');
  return (body.data as { id: string }[]).map((invite) => invite.id).sort();
}

/** Sends an email invite and waits for the worker (pg-boss, in the same process) to send it. */
async function sendsEmail(base: string, appUrl: string, email: string): Promise<void> {
  expect((await api(base, '/invites/send', { email: [email] })).status).toBe(202);
  await waitFor(
    async () =>
      (
        await query<{ status: string }>(
          appUrl,
          'select delivery_status as status from invites where email = $1',
          [email],
        )
      )[0]?.status === 'sent',
    { timeoutMs: 30_000, what: `the email to ${email}` },
  );
}

describe("pnpm start's embedded PostgreSQL", () => {
  it('refuses the well-known password, and serves the application through a role that is no superuser', async () => {
    const dataDir = await newDataDir();
    const started = await start(dataDir);

    expect(await wellKnownLogin(dataDir)).toBe('28P01');
    if (PSQL) {
      const { port } = postmaster(dataDir);
      const intruder = await runProgram(
        PSQL,
        ['-h', '127.0.0.1', '-p', String(port), '-U', 'guestlist', '-w', '-Atc', 'select 1'],
        { env: { ...process.env, PGPASSWORD: 'guestlist', PGDATABASE: 'template1' } },
      );
      expect(intruder.code).toBe(2);
      expect(intruder.stderr).toContain('password authentication failed for user "guestlist"');
      // The operator's way in (SECURITY.md): the password file, as libpq reads it.
      const operator = await runProgram(
        PSQL,
        [
          '-h',
          '127.0.0.1',
          '-p',
          String(port),
          '-U',
          'guestlist',
          '-w',
          '-Atc',
          'select current_database()',
        ],
        { env: { ...process.env, PGPASSFILE: path.join(dataDir, 'postgres.pgpass') } },
      );
      expect(operator).toMatchObject({ code: 0, stdout: 'guestlist\n' });
    }

    const file = path.join(dataDir, 'postgres.pgpass');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const urls = await storedUrls(dataDir);
    const [role] = await query<{ rolsuper: boolean }>(
      urls.app,
      'select rolsuper from pg_roles where rolname = current_user',
    );
    expect(role!.rolsuper).toBe(false);
    // Every connection the running server holds is that role's.
    await sendsEmail(started.url, urls.app, 'fresh@example.com');
    const connections = await query<{ user: string; rolsuper: boolean }>(
      urls.superuser,
      `select distinct a.usename as user, r.rolsuper from pg_stat_activity a
         join pg_roles r on r.oid = a.usesysid
        where a.backend_type = 'client backend' and a.pid <> pg_backend_pid()`,
    );
    expect(connections).toEqual([{ user: 'guestlist_app', rolsuper: false }]);
    expect(await stopServer(started.child)).toBe(0);
  }, 120_000);

  it('upgrades a DATA_DIR made with the well-known password: it stops working, the data stays', async () => {
    const dataDir = await newDataDir();
    // The cluster as Guestlist made it before, and Guestlist run on it as it was then.
    const legacy = await startLegacyCluster(path.join(dataDir, 'postgres'));
    const old = await start(dataDir, { DATABASE_URL: legacy.url });
    expect((await api(old.url, '/invites', { count: 3 })).status).toBe(201);
    await sendsEmail(old.url, legacy.url, 'before@example.com');
    const before = await inviteIds(old.url);
    expect(before).toHaveLength(4);
    expect(await stopServer(old.child)).toBe(0);
    await legacy.stop();

    const upgraded = await start(dataDir);
    expect(await wellKnownLogin(dataDir)).toBe('28P01');
    expect(await inviteIds(upgraded.url)).toEqual(before);
    const urls = await storedUrls(dataDir);
    // The application's role now owns what the superuser made: it writes, and pg-boss runs.
    expect((await api(upgraded.url, '/invites', { count: 1 })).status).toBe(201);
    await sendsEmail(upgraded.url, urls.app, 'after@example.com');
    // Nothing in the application's database is left to the superuser: tables, partitions,
    // indexes, sequences, pg-boss' schema and functions.
    const leftOver = await query<{ name: string }>(
      urls.superuser,
      `with system as (
         select oid from pg_namespace where nspname = 'information_schema' or nspname like 'pg\\_%')
       select c.oid::regclass::text as name from pg_class c
        where c.relowner = 'guestlist'::regrole and c.relnamespace not in (select oid from system)
       union all
       select p.oid::regprocedure::text from pg_proc p
        where p.proowner = 'guestlist'::regrole and p.pronamespace not in (select oid from system)
       union all
       select t.oid::regtype::text from pg_type t
        where t.typowner = 'guestlist'::regrole and t.typnamespace not in (select oid from system)
       union all
       select nspname from pg_namespace
        where nspowner = 'guestlist'::regrole and oid not in (select oid from system)`,
    );
    expect(leftOver).toEqual([]);
    const [role] = await query<{ rolsuper: boolean }>(
      urls.app,
      'select rolsuper from pg_roles where rolname = current_user',
    );
    expect(role!.rolsuper).toBe(false);
    expect(await stopServer(upgraded.child)).toBe(0);

    // And the next start finds everything as the upgrade left it.
    const again = await start(dataDir);
    expect(await inviteIds(again.url)).toHaveLength(6);
    expect(await stopServer(again.child)).toBe(0);
  }, 180_000);
});

/**
 * Reproduces a subreaper (systemd, a container's init): a process that adopts its orphaned
 * descendants instead of init (PR_SET_CHILD_SUBREAPER). Runs the command it is given, says
 * its pid, and reaps whatever it adopts until it is stopped.
 */
const SUBREAPER = `
import ctypes, os, signal, subprocess, sys, time
libc = ctypes.CDLL(None, use_errno=True)
if libc.prctl(36, 1, 0, 0, 0) != 0:
    raise OSError(ctypes.get_errno(), 'prctl(PR_SET_CHILD_SUBREAPER)')
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
child = subprocess.Popen(sys.argv[1:])
print(f'child {child.pid}', flush=True)
while True:
    try:
        os.wait()
    except ChildProcessError:
        time.sleep(0.1)
`;

describe('a start after Guestlist was killed under a subreaper', () => {
  it('takes over the PostgreSQL the killed one left; a start beside a live one is refused', async () => {
    const dataDir = await newDataDir();
    const port = await freePort();
    const reaper = spawn('python3', ['-c', SUBREAPER, process.execPath, START], {
      env: { ...process.env, ...startEnv(dataDir, port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(reaper);
    let output = '';
    reaper.stdout!.on('data', (chunk) => {
      output += chunk;
    });
    reaper.stderr!.on('data', (chunk) => {
      output += chunk;
    });
    await waitFor(() => output.includes('Guestlist is listening') || reaper.exitCode !== null, {
      timeoutMs: 60_000,
      what: 'Guestlist under the subreaper',
    });
    expect(output).toContain('Guestlist is listening');
    const guestlistPid = Number(/child (\d+)/.exec(output)![1]);
    const first = `http://127.0.0.1:${port}`;
    expect((await api(first, '/invites', { count: 2 })).status).toBe(201);
    const invites = await inviteIds(first);

    const orphan = postmaster(dataDir).pid;
    expect(parentOf(orphan)).toBe(guestlistPid);
    process.kill(guestlistPid, 'SIGKILL');
    // Adopted by the subreaper, not by init: still running, its parent not pid 1.
    await waitFor(() => parentOf(orphan) === reaper.pid, { what: 'the subreaper to adopt it' });

    const next = await start(dataDir);
    expect((await fetch(`${next.url}/readyz`)).status).toBe(200);
    expect(await inviteIds(next.url)).toEqual(invites);
    expect(parentOf(orphan)).toBeNull();
    expect(parentOf(postmaster(dataDir).pid)).toBe(next.child.pid);

    // A second Guestlist on the same DATA_DIR while this one runs: refused, and harmless.
    const beside = spawn(process.execPath, [START], {
      env: { ...process.env, ...startEnv(dataDir, await freePort()) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let refusal = '';
    beside.stderr!.on('data', (chunk) => {
      refusal += chunk;
    });
    const code = await new Promise((resolve) => beside.once('exit', resolve));
    expect(code).toBe(1);
    expect(refusal).toContain('is in use by another running Guestlist');
    expect((await fetch(`${next.url}/readyz`)).status).toBe(200);
    expect(await inviteIds(next.url)).toEqual(invites);
    expect(await stopServer(next.child)).toBe(0);
  }, 180_000);
});
