/**
 * The CLI as a registry would serve it: packed with the SDK it depends on, installed into an
 * empty project outside the workspace, and run through the `guestlist` binary npm links.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProgram } from '@guestlist/core/testing';
import { startTestServer, type TestServer } from '@guestlist/server/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const packageRoot = join(import.meta.dirname, '..');
const sdkRoot = join(packageRoot, '..', 'sdk');

let server: TestServer;
let project: string;

/** Runs a program in `cwd`: its exit code and output. */
const run = (file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) =>
  runProgram(file, args, { cwd, env });

const versionOf = async (root: string) =>
  (JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string }).version;

beforeAll(async () => {
  server = await startTestServer(inject('databaseServerUrl'));
  project = await mkdtemp(join(tmpdir(), 'guestlist-cli-consumer-'));
  for (const root of [sdkRoot, packageRoot]) {
    const packed = await run('pnpm', ['pack', '--pack-destination', project], root);
    expect(packed.code, packed.stderr).toBe(0);
  }
  const sdkTarball = `guestlist-sdk-${await versionOf(sdkRoot)}.tgz`;
  await writeFile(
    join(project, 'package.json'),
    JSON.stringify({ name: 'ops-scripts', private: true, type: 'module' }),
  );
  // Not published yet: the SDK version the CLI names comes from its tarball, not a registry.
  await writeFile(
    join(project, 'pnpm-workspace.yaml'),
    `overrides:\n  "@guestlist/sdk": "file:./${sdkTarball}"\n`,
  );
  const cliTarball = `guestlist-cli-${await versionOf(packageRoot)}.tgz`;
  const installed = await run('pnpm', ['add', '--prefer-offline', `./${cliTarball}`], project);
  expect(installed.code, installed.stdout + installed.stderr).toBe(0);
}, 180_000);
afterAll(async () => {
  await server?.close();
  if (project) await rm(project, { recursive: true, force: true });
});

describe('the packed CLI', () => {
  it('holds the build, README and LICENSE, and an executable bin', async () => {
    const tarball = join(project, `guestlist-cli-${await versionOf(packageRoot)}.tgz`);
    const listing = await run('tar', ['-tzf', tarball], project);
    expect(listing.stdout.trim().split('\n').sort()).toEqual([
      'package/LICENSE',
      'package/README.md',
      'package/dist/main.js',
      'package/package.json',
    ]);
    const manifest = JSON.parse(
      await readFile(join(project, 'node_modules/@guestlist/cli/package.json'), 'utf8'),
    );
    expect(manifest.bin).toEqual({ guestlist: './dist/main.js' });
    expect(JSON.stringify(manifest)).not.toMatch(/workspace:|catalog:/);
  });

  it('runs as `guestlist` from the project it was installed into', async () => {
    const bin = join(project, 'node_modules', '.bin', 'guestlist');
    const version = await run(bin, ['--version'], project);
    expect(version.stdout.trim()).toBe(await versionOf(packageRoot));

    const env = {
      PATH: process.env.PATH,
      GUESTLIST_URL: server.url,
      GUESTLIST_TOKEN: server.adminKey,
    };
    const created = await run(bin, ['invites', 'create', '--count', '3', '--json'], project, env);
    expect(created.stderr).toBe('');
    const invites = JSON.parse(created.stdout) as { id: string; status: string }[];
    expect(invites.map((invite) => invite.status)).toEqual(['pending', 'pending', 'pending']);
    const listed = await run(bin, ['invites', 'list', '--status', 'pending'], project, env);
    for (const invite of invites) expect(listed.stdout).toContain(invite.id);
  });
});
