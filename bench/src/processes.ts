import { type ChildProcess, type StdioOptions, spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { generateApiKeySecret, generateSecretKey } from '@guestlist/core';
import { makeTempDataDir } from '@guestlist/core/database';

/**
 * The heap limits of the documented start commands (`pnpm start`, the apps' `start` scripts):
 * without them V8 sizes the heap for the whole machine and keeps what it grew. The young
 * generation holds two semi-spaces, committed and resident once grown: 8 MiB each rather than
 * 32 kept the server's peak under R22's worst cases some 80 MB lower (`pnpm --filter
 * @guestlist/bench memory --semi 8,16,32`), for more frequent, shorter scavenges. And no
 * allocation-site pretenuring (docs/decisions/0036): after a burst V8 may start allocating a
 * request's short-lived objects straight in the old generation, and a server that did then ran
 * a full collection every 3 s under a steady read load instead of one in 10 to 30 s.
 */
export const NODE_FLAGS = [
  '--max-old-space-size=256',
  '--max-semi-space-size=8',
  '--no-allocation-site-pretenuring',
];

/**
 * The environment of a Guestlist server under measure: a fresh admin key, quiet logs and no rate
 * limits (the load comes from one address), and a data directory of its own.
 */
export async function guestlistServerEnv(
  databaseUrl: string,
  dataDirPrefix: string,
): Promise<{ env: Record<string, string>; adminKey: string }> {
  const adminKey = generateApiKeySecret();
  const env = {
    DATABASE_URL: databaseUrl,
    SECRET_KEY: generateSecretKey(),
    HOST: '127.0.0.1',
    PORT: '0',
    ADMIN_API_KEY: adminKey,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_CODES: '0',
    RATE_LIMIT_AUTH: '0',
    DATA_DIR: await makeTempDataDir(dataDirPrefix),
  };
  return { env, adminKey };
}

/**
 * glibc's allocator settings of the same start commands (docs/decisions/0033). Two arenas, not
 * eight per core: each thread that allocates (V8's compiler and collector helpers, libuv's
 * pool) otherwise gets an arena of its own, which keeps what it freed. And blocks of 128 KiB or
 * more always in mappings of their own, handed back when freed: by default the threshold rises
 * to the largest block freed (up to 32 MiB), after which the megabytes of a large answer come
 * from an arena and stay resident. Together: R22's bursts after a bulk seed peak some 45 MB
 * lower (`pnpm --filter @guestlist/bench memory --grow 50000 --only sequence`).
 */
export const MALLOC_ENV: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: '131072',
};

/** Linux's `USER_HZ`: /proc counts CPU time in hundredths of a second. */
const CLOCK_TICKS = 100;

/** A server under test, in a process of its own so the load generator never shares its CPU time. */
export interface ServerProcess {
  url: string;
  pid: number;
  /** Resident memory now, in MB (Linux `/proc`). */
  rssMb(): Promise<number>;
  /** The highest resident memory of the process's whole life, in MB (`VmHWM`). */
  peakRssMb(): Promise<number>;
  /** CPU time the process has used so far (user and system), in seconds (Linux `/proc`). */
  cpuSeconds(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Starts `node <script>` as every measured process starts: with NODE_FLAGS (a flag named in
 * `nodeFlags` replaces its namesake there) and MALLOC_ENV; a variable given as `''` in `env`
 * is left unset.
 */
export function spawnNode(
  script: string,
  env: Record<string, string>,
  {
    nodeFlags = [],
    stdio = 'ignore',
  }: { nodeFlags?: readonly string[]; stdio?: StdioOptions } = {},
): ChildProcess {
  const name = (flag: string) => flag.split('=')[0];
  const replaced = new Set(nodeFlags.map(name));
  const flags = [...NODE_FLAGS.filter((flag) => !replaced.has(name(flag))), ...nodeFlags];
  const childEnv = Object.fromEntries(
    Object.entries({
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...MALLOC_ENV,
      ...env,
    }).filter(([, value]) => value !== ''),
  );
  return spawn(process.execPath, [...flags, script], { env: childEnv, stdio });
}

/**
 * Starts `node <script>` ({@link spawnNode}) and resolves once it prints a line matching
 * `ready` whose first `http://...` is taken as its URL.
 */
export async function startProcess(
  script: string,
  env: Record<string, string>,
  ready: RegExp,
  timeoutMs = 120_000,
  /** More Node flags, e.g. `--cpu-prof`; one named in NODE_FLAGS replaces it there. */
  nodeFlags: readonly string[] = [],
): Promise<ServerProcess> {
  const child = spawnNode(script, env, { nodeFlags, stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr.push(chunk.toString());
    if (stderr.length > 50) stderr.shift();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start`)), timeoutMs);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code}:\n${stderr.join('')}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const found = ready.test(line) && line.match(/http:\/\/[^\s]+/);
      if (found) {
        clearTimeout(timer);
        resolve(found[0]);
      }
    });
  });
  return {
    url,
    pid: child.pid!,
    async rssMb() {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
      const kb = Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
      return kb / 1024;
    },
    async peakRssMb() {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
      return Number(status.match(/VmHWM:\s+(\d+)/)?.[1] ?? 0) / 1024;
    },
    cpuSeconds: () => cpuSecondsOf(child.pid!),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** CPU time a process has used so far (user and system), in seconds (Linux `/proc`). */
export async function cpuSecondsOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // Fields 14 and 15 (utime, stime), counted after the command's closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / CLOCK_TICKS;
}

/** The postmaster's pid of the cluster `client` is connected to: its backend's parent. */
export async function postmasterOf(client: {
  query<R>(text: string): Promise<{ rows: R[] }>;
}): Promise<number> {
  const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
  const stat = await readFile(`/proc/${rows[0]!.pid}/stat`, 'utf8');
  // Field 4, the parent's pid, counted after the command's closing parenthesis.
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

/**
 * CPU time a PostgreSQL cluster has used so far, in seconds: its postmaster's, the children it
 * reaped (backends whose connection closed), and every child still running.
 */
export async function clusterCpuSeconds(postmaster: number): Promise<number> {
  const fieldsOf = async (pid: number | string) => {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    return stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
  };
  const own = await fieldsOf(postmaster);
  // utime, stime, cutime, cstime: fields 14 to 17.
  let ticks = (own[11] ?? 0) + (own[12] ?? 0) + (own[13] ?? 0) + (own[14] ?? 0);
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = await fieldsOf(entry);
    if (fields[1] === postmaster) ticks += (fields[11] ?? 0) + (fields[12] ?? 0);
  }
  return ticks / CLOCK_TICKS;
}

/** Samples a process's RSS every `everyMs` until stopped; answers the maximum seen. */
export function sampleRss(server: ServerProcess, everyMs = 250) {
  let max = 0;
  let samples = 0;
  const timer = setInterval(() => {
    void server.rssMb().then((mb) => {
      samples++;
      if (mb > max) max = mb;
    });
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return { maxRssMb: Math.round(max), samples };
    },
  };
}
