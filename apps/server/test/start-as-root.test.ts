import { execFileSync } from 'node:child_process';
import { lstatSync, readlinkSync, statSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { freePort } from '@guestlist/core/database';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnProcess, stopServer } from './support.ts';

/**
 * `pnpm start` as root, from a project in a directory only root may enter (a clone in root's
 * `0700` home, the ordinary case on a new server or in a container). PostgreSQL runs as the
 * `postgres` account there, which reaches neither the project's programs nor its DATA_DIR:
 * the cluster and its programs go where it can, and the banner says where.
 */

const REPO = path.resolve(import.meta.dirname, '../../..');
const SYSTEM_DIR = '/var/lib/guestlist';
const ADMIN_KEY = `gl_${'RootStart0'.repeat(4)}`;
const asRoot = process.getuid?.() === 0;
const cleanUp: string[] = [];

afterAll(async () => {
  for (const dir of cleanUp) await rm(dir, { recursive: true, force: true });
});

/**
 * The project, linked file by file (instant, and on the same file system as the original)
 * into a fresh `0700` directory: only what `pnpm start` runs.
 */
async function privateCopy(): Promise<string> {
  // Inside the repository's own ignored output folder: hard links need one file system.
  await mkdir(path.join(REPO, 'test-output'), { recursive: true });
  const home = await mkdtemp(path.join(REPO, 'test-output', 'private-home-'));
  cleanUp.push(home);
  await chmod(home, 0o700);
  const project = path.join(home, 'guestlist');
  await mkdir(project);
  const parts = ['apps', 'packages', 'node_modules', 'package.json', 'pnpm-workspace.yaml'];
  execFileSync('cp', ['-al', ...parts, project], { cwd: REPO });
  return project;
}

async function start(project: string) {
  const port = await freePort();
  const started = await spawnProcess(
    path.join(project, 'apps/server/src/start.ts'),
    {
      DATABASE_URL: '',
      DATA_DIR: path.join(project, '.guestlist'),
      PORT: String(port),
      LOG_LEVEL: 'warn',
      ADMIN_API_KEY: ADMIN_KEY,
    },
    'Guestlist is listening',
    120_000,
  );
  return { ...started, url: `http://127.0.0.1:${port}` };
}

/** The path after "label: " on the banner line that has it. */
function bannerPath(output: string, label: string): string | undefined {
  return output
    .split('\n')
    .find((line) => line.trim().startsWith(`${label}:`))
    ?.split(': ')[1]
    ?.trim();
}

function postgresUid(): number {
  return Number(execFileSync('id', ['-u', 'postgres']));
}

describe.skipIf(!asRoot)('pnpm start as root from a 0700 directory', () => {
  it('comes up healthy, with the cluster and its programs where the postgres account reaches them', async () => {
    const project = await privateCopy();
    const dataDir = path.join(project, '.guestlist');

    const first = await start(project);
    try {
      expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
      const me = await fetch(`${first.url}/api/v1/api-keys`, {
        headers: { authorization: `Bearer ${ADMIN_KEY}` },
      });
      expect(me.status).toBe(200);
    } finally {
      expect(await stopServer(first.child)).toBe(0);
    }
    const output = first.output();
    const cluster = bannerPath(output, 'Embedded PostgreSQL');
    const programs = bannerPath(output, 'PostgreSQL programs (copied for the postgres account)');
    expect(cluster, output).toMatch(new RegExp(`^${SYSTEM_DIR}/clusters/[0-9a-f]{16}/postgres$`));
    cleanUp.push(path.dirname(cluster!));
    expect(programs).toMatch(new RegExp(`^${SYSTEM_DIR}/postgres-`));

    // DATA_DIR keeps a link to the cluster, and the secrets stay private to their owners.
    expect(lstatSync(path.join(dataDir, 'postgres')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(path.join(dataDir, 'postgres'))).toBe(cluster);
    const clusterStat = statSync(cluster!);
    expect(clusterStat.uid).toBe(postgresUid());
    expect(clusterStat.mode & 0o777).toBe(0o700);
    const passwords = statSync(`${cluster}.pgpass`);
    expect([passwords.uid, passwords.mode & 0o777]).toEqual([0, 0o600]);
    // Others may pass through the cluster's parent, not list it.
    expect(statSync(path.dirname(cluster!)).mode & 0o777).toBe(0o711);
    expect(statSync(path.join(dataDir, 'secret-key')).mode & 0o777).toBe(0o600);

    // A second start finds the same cluster through the link.
    const second = await start(project);
    try {
      expect((await fetch(`${second.url}/readyz`)).status).toBe(200);
      expect(bannerPath(second.output(), 'Embedded PostgreSQL')).toBe(cluster);
    } finally {
      expect(await stopServer(second.child)).toBe(0);
    }
  }, 240_000);
});
