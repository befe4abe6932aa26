/**
 * The README's examples are one program: this test type-checks it (strict, the SDK's declaration
 * files included) and runs it against a real server, then checks that it did what the README
 * says it does. The program imports `@guestlist/sdk` by name, which resolves to the built `dist`.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '@guestlist/server/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createGuestlistClient, type GuestlistClient } from '../dist/index.js';
import { packageRoot, run, typecheck, typescriptBlocks } from './support.ts';

const programDir = join(packageRoot, '.readme');

let server: TestServer;
let admin: GuestlistClient;

beforeAll(async () => {
  server = await startTestServer(inject('databaseServerUrl'));
  admin = createGuestlistClient({ url: server.url, token: server.adminKey });
  const readme = await readFile(join(packageRoot, 'README.md'), 'utf8');
  await rm(programDir, { recursive: true, force: true });
  await mkdir(programDir);
  await writeFile(join(programDir, 'readme.ts'), typescriptBlocks(readme).join('\n'));
  await writeFile(
    join(programDir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        target: 'es2022',
        module: 'nodenext',
        types: ['node'],
        noEmit: true,
        skipLibCheck: false,
      },
      include: ['readme.ts'],
    }),
  );
});
afterAll(async () => {
  await server?.close();
  await rm(programDir, { recursive: true, force: true });
});

describe('the README', () => {
  it('has its examples in TypeScript blocks', async () => {
    const blocks = typescriptBlocks(await readFile(join(packageRoot, 'README.md'), 'utf8'));
    expect(blocks.length).toBeGreaterThanOrEqual(9);
    expect(blocks[0]).toContain("from '@guestlist/sdk'");
  });

  it('type-checks as one strict program', async () => {
    const result = await typecheck(programDir);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('runs against a server and does what it says', async () => {
    const result = await run(process.execPath, [join(programDir, 'readme.ts')], {
      cwd: programDir,
      env: {
        PATH: process.env.PATH,
        GUESTLIST_URL: server.url,
        GUESTLIST_TOKEN: server.adminKey,
      },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // The error example took its INVITE_NOT_PENDING branch.
    expect(result.stdout).toContain('nothing to cancel:');

    const [ada] = (await admin.users.list({ size: 100 })).data.filter(
      (user) => user.username === 'ada',
    );
    expect(ada?.groups.map((group) => group.name)).toEqual(['editors']);
    expect(ada?.effectivePermissions).toEqual(expect.arrayContaining(['beta:use', 'doc:*']));

    const collaborators = await admin.namespaces.collaborators('ada/acme');
    expect(collaborators.map(({ user, role }) => [user.username, role])).toContainEqual([
      'grace',
      'admin',
    ]);
    expect((await admin.settings.get()).defaultInviteTtl).toBe('14d');
    const keys = await admin.apiKeys.list();
    expect(keys.find((key) => key.name === 'ci')).toMatchObject({ revokedAt: expect.any(String) });
  });
});
