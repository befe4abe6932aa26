/**
 * The release flow on a copy of the workspace's manifests: `changeset version` consumes the
 * pending changesets, bumps each named package by its largest change and writes its changelog.
 * Run on a copy because the real command rewrites the repository.
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binOf } from '@guestlist/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, workspaceRoot } from './support.ts';

interface Changeset {
  file: string;
  bumps: Record<string, 'major' | 'minor' | 'patch'>;
  summary: string;
}

let copy: string;
let changesets: Changeset[];
const manifests = new Map<string, string>(); // package name → its directory in the workspace

beforeAll(async () => {
  copy = await mkdtemp(join(tmpdir(), 'guestlist-release-'));
  for (const file of ['package.json', 'pnpm-workspace.yaml', '.changeset']) {
    await cp(join(workspaceRoot, file), join(copy, file), { recursive: true });
  }
  for (const dir of await workspacePackageDirs()) {
    const manifest = JSON.parse(await readFile(join(workspaceRoot, dir, 'package.json'), 'utf8'));
    manifests.set(manifest.name, dir);
    await mkdir(join(copy, dir), { recursive: true });
    await cp(join(workspaceRoot, dir, 'package.json'), join(copy, dir, 'package.json'));
  }
  changesets = await pendingChangesets();
});
afterAll(async () => {
  if (copy) await rm(copy, { recursive: true, force: true });
});

/** The directories `pnpm-workspace.yaml` names (`group/*` or a single directory). */
async function workspacePackageDirs(): Promise<string[]> {
  const workspace = await readFile(join(workspaceRoot, 'pnpm-workspace.yaml'), 'utf8');
  const patterns = [...workspace.matchAll(/^ {2}- (\S+)$/gm)].map((match) => match[1]!);
  const dirs: string[] = [];
  for (const pattern of patterns) {
    if (!pattern.endsWith('/*')) {
      dirs.push(pattern);
      continue;
    }
    const group = pattern.slice(0, -2);
    for (const entry of await readdir(join(workspaceRoot, group), { withFileTypes: true })) {
      const dir = join(group, entry.name);
      const hasManifest = await readFile(join(workspaceRoot, dir, 'package.json')).then(
        () => true,
        () => false,
      );
      if (entry.isDirectory() && hasManifest) dirs.push(dir);
    }
  }
  return dirs;
}

async function pendingChangesets(): Promise<Changeset[]> {
  const files = (await readdir(join(copy, '.changeset'))).filter((file) => file.endsWith('.md'));
  return Promise.all(
    files.map(async (file) => {
      const text = await readFile(join(copy, '.changeset', file), 'utf8');
      const [, front = '', summary = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text) ?? [];
      const bumps = Object.fromEntries(
        [...front.matchAll(/^"([^"]+)": (major|minor|patch)$/gm)].map((m) => [m[1], m[2]]),
      );
      return { file, bumps, summary: summary.trim() };
    }),
  );
}

const versionOf = async (dir: string) =>
  JSON.parse(await readFile(join(copy, dir, 'package.json'), 'utf8')).version as string;

describe('changeset version', () => {
  it('has changesets to release, each naming workspace packages', () => {
    expect(changesets.length).toBeGreaterThan(0);
    for (const changeset of changesets) {
      expect(Object.keys(changeset.bumps).length, changeset.file).toBeGreaterThan(0);
      for (const name of Object.keys(changeset.bumps)) expect(manifests.has(name)).toBe(true);
    }
  });

  it('bumps the named packages, writes their changelogs and consumes the changesets', async () => {
    const before = new Map<string, string>();
    for (const [name, dir] of manifests) before.set(name, await versionOf(dir));

    const result = await run(
      process.execPath,
      [binOf('@changesets/cli', 'changeset', workspaceRoot), 'version'],
      {
        cwd: copy,
      },
    );
    expect(result.code, result.stderr).toBe(0);

    expect((await readdir(join(copy, '.changeset'))).filter((f) => f.endsWith('.md'))).toEqual([]);
    // The SDK's first release: 0.0.0 and a minor change make 0.1.0.
    expect(before.get('@guestlist/sdk')).toBe('0.0.0');
    expect(await versionOf('packages/sdk')).toBe('0.1.0');

    for (const changeset of changesets) {
      for (const name of Object.keys(changeset.bumps)) {
        const dir = manifests.get(name)!;
        expect(await versionOf(dir), name).not.toBe(before.get(name));
        const changelog = await readFile(join(copy, dir, 'CHANGELOG.md'), 'utf8');
        expect(changelog).toContain(changeset.summary.split('\n')[0]);
      }
    }
  });
});
