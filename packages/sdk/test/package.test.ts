/**
 * The SDK as a registry would serve it: `pnpm pack`, installed into an empty project outside the
 * workspace, then a small frontend file type-checked there (DOM, no Node types, the SDK's
 * declarations checked too) and the installed package called at run time.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '@guestlist/server/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createGuestlistClient } from '../dist/index.js';
import { packageRoot, run, typecheck } from './support.ts';

const FRONTEND = `import { createGuestlistClient, isGuestlistError, type Invite } from '@guestlist/sdk';

const guestlist = createGuestlistClient({
  url: window.location.origin,
  token: () => localStorage.getItem('guestlist-token'),
});

function row(invite: Invite): HTMLTableRowElement {
  const tr = document.createElement('tr');
  for (const text of [invite.code ?? '', invite.email ?? '', invite.status, invite.expiresAt ?? 'never']) {
    tr.insertCell().textContent = text;
  }
  return tr;
}

export async function showPending(table: HTMLTableElement): Promise<number> {
  try {
    const page = await guestlist.invites.list({ filter: { status: 'pending' }, sort: '-createdAt' });
    table.tBodies[0]?.replaceChildren(...page.data.map(row));
    return page.total;
  } catch (error) {
    if (isGuestlistError(error) && error.code === 'UNAUTHENTICATED') {
      window.location.assign('/login');
      return 0;
    }
    throw error;
  }
}
`;

/**
 * Strict settings of a browser app built by a bundler, with no Node types anywhere, and the
 * declarations of the SDK and its dependencies checked too (`skipLibCheck: false`: tRPC's
 * declarations then need `esnext.disposable`, as the README says).
 */
const FRONTEND_TSCONFIG = {
  compilerOptions: {
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    target: 'es2022',
    lib: ['es2022', 'dom', 'dom.iterable', 'esnext.disposable'],
    module: 'esnext',
    moduleResolution: 'bundler',
    types: [],
    noEmit: true,
    skipLibCheck: false,
  },
  include: ['src'],
};

let server: TestServer;
let project: string;
let tarball: string;

beforeAll(async () => {
  server = await startTestServer(inject('databaseServerUrl'));
  project = await mkdtemp(join(tmpdir(), 'guestlist-sdk-consumer-'));
  const packed = await run('pnpm', ['pack', '--pack-destination', project], {
    cwd: packageRoot,
  });
  expect(packed.code, packed.stderr).toBe(0);
  tarball = join(project, `guestlist-sdk-${await sdkVersion()}.tgz`);

  await writeFile(
    join(project, 'package.json'),
    JSON.stringify({ name: 'frontend', private: true, type: 'module' }),
  );
  const installed = await run('pnpm', ['add', '--prefer-offline', tarball], { cwd: project });
  expect(installed.code, installed.stdout + installed.stderr).toBe(0);
  await mkdir(join(project, 'src'));
  await writeFile(join(project, 'tsconfig.json'), JSON.stringify(FRONTEND_TSCONFIG));
}, 180_000);
afterAll(async () => {
  await server?.close();
  if (project) await rm(project, { recursive: true, force: true });
});

async function sdkVersion(): Promise<string> {
  const manifest = JSON.parse(await readFile(join(packageRoot, 'package.json'), 'utf8'));
  return manifest.version;
}

describe('the packed SDK', () => {
  it('holds the build, the README and a manifest with real versions', async () => {
    const listing = await run('tar', ['-tzf', tarball], { cwd: project });
    expect(listing.stdout.trim().split('\n').sort()).toEqual([
      'package/LICENSE',
      'package/README.md',
      'package/dist/index.d.ts',
      'package/dist/index.js',
      'package/package.json',
    ]);
    const manifest = JSON.parse(
      await readFile(join(project, 'node_modules/@guestlist/sdk/package.json'), 'utf8'),
    );
    expect(manifest).toMatchObject({
      name: '@guestlist/sdk',
      type: 'module',
      sideEffects: false,
      types: './dist/index.d.ts',
      exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' } },
      license: 'MIT',
    });
    expect(manifest.private).toBeUndefined();
    // What a registry user installs: exact versions, no workspace or catalog specifiers.
    expect(JSON.stringify(manifest)).not.toMatch(/workspace:|catalog:/);
    expect(Object.keys(manifest.dependencies).sort()).toEqual([
      '@trpc/client',
      '@trpc/server',
      'standardwebhooks',
    ]);
    for (const version of Object.values(manifest.dependencies)) {
      expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });

  it('type-checks a frontend file in a project that has only the SDK installed', async () => {
    const installed = JSON.parse(await readFile(join(project, 'package.json'), 'utf8'));
    expect(Object.keys(installed.dependencies)).toEqual(['@guestlist/sdk']);
    await writeFile(join(project, 'src/app.ts'), FRONTEND);
    const result = await typecheck(project);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('is refused by the same check when the frontend misuses it', async () => {
    await writeFile(
      join(project, 'src/app.ts'),
      FRONTEND.replace("sort: '-createdAt'", "sort: '-color'"),
    );
    const result = await typecheck(project);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toContain(`src/app.ts`);
    expect(result.stdout).toContain(`'"-color"' is not assignable`);
    // The filters are typed field by field: a misspelt status is a compile error.
    await writeFile(
      join(project, 'src/app.ts'),
      FRONTEND.replace("status: 'pending'", "status: 'pendng'"),
    );
    const typo = await typecheck(project);
    expect(typo.code).not.toBe(0);
    expect(typo.stdout).toContain(`'"pendng"'`);
    await writeFile(join(project, 'src/app.ts'), FRONTEND);
  });

  it('runs from the installed package against a server', async () => {
    const script = `
      import { createGuestlistClient } from '@guestlist/sdk';
      const admin = createGuestlistClient({ url: process.env.URL, token: process.env.KEY });
      const [invite] = await admin.invites.create({ metadata: { from: 'packed-sdk' } });
      const validation = await createGuestlistClient({ url: process.env.URL }).invites.validate(invite.code);
      console.log(JSON.stringify({ id: invite.id, valid: validation.valid }));
    `;
    const result = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: project,
      env: { URL: server.url, KEY: server.adminKey },
    });
    expect(result.stderr).toBe('');
    const { id, valid } = JSON.parse(result.stdout);
    expect(valid).toBe(true);
    const admin = createGuestlistClient({ url: server.url, token: server.adminKey });
    expect((await admin.invites.get(id)).metadata).toEqual({ from: 'packed-sdk' });
  });
});
