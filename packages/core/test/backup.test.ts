import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { exportSnapshot, importSnapshot } from '../src/db/backup/index.ts';
import { createGuestlist } from '../src/guestlist.ts';
import {
  createTestDatabase,
  query,
  type TestGuestlist,
  testGuestlist,
} from '../src/testing/index.ts';

let t: TestGuestlist;
const file = path.join(tmpdir(), `guestlist-core-backup-${process.pid}.export`);

beforeAll(async () => {
  t = await testGuestlist(inject('databaseServerUrl'));
  const principal = await t.guestlist.apiKeys.authenticate(t.adminKey);
  await t.guestlist.invites.create({ principal, ip: '127.0.0.1' }, { count: 1000 });
  await exportSnapshot({ databaseUrl: t.databaseUrl, secretKey: t.secretKey, out: file });
});
afterAll(async () => {
  await t?.close();
  await rm(file, { force: true });
});

const migrate = async (databaseUrl: string, secretKey: string) => {
  const guestlist = await createGuestlist({ databaseUrl, secretKey, publicUrl: 'http://x.test' });
  await guestlist.migrate();
  await guestlist.close();
};

describe('importSnapshot (spec §10)', () => {
  it('loads an export whole: every invite, in one transaction', async () => {
    const target = await createTestDatabase(inject('databaseServerUrl'));
    const summary = await importSnapshot({
      databaseUrl: target.url,
      secretKey: t.secretKey,
      file,
      migrate: (url) => migrate(url, t.secretKey),
    });
    expect(summary.tables.find((table) => table.name === 'public.invites')?.rows).toBe(1000);
    const [row] = await query<{ n: number }>(target.url, 'select count(*)::int as n from invites');
    expect(row!.n).toBe(1000);
    await target.drop();
  });

  it('rolls back, and does not hang, when the file goes bad between its check and its load', async () => {
    const target = await createTestDatabase(inject('databaseServerUrl'));
    const good = await readFile(file);
    const attempt = importSnapshot({
      databaseUrl: target.url,
      secretKey: t.secretKey,
      file,
      async migrate(url) {
        await migrate(url, t.secretKey);
        // Replaced while the import runs: the load must notice and abort its COPY.
        await writeFile(file, good.subarray(0, Math.floor(good.length * 0.8)));
      },
    });
    try {
      await expect(attempt).rejects.toThrow(/damaged or incomplete/);
    } finally {
      await writeFile(file, good);
    }
    const [row] = await query<{ n: number }>(target.url, 'select count(*)::int as n from invites');
    expect(row!.n).toBe(0);
    await target.drop();
  });
});
