/**
 * The built `guestlist` binary (`dist/main.js`, as published), run as a user runs it, against
 * a real server on PostgreSQL. `pnpm test` builds first.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Invite } from '@guestlist/sdk';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { admin, guestlist, home, marked, useServer } from './cli-setup.ts';

useServer();

describe('invites create', () => {
  it('creates 2,500 invites in three requests, with a progress bar to 2500/2500', async () => {
    const before = (await admin.invites.list({ page: { size: 1 } })).total;
    const run = await guestlist([
      'invites',
      'create',
      '--count',
      '2500',
      '--expires-in',
      '30d',
      '--metadata',
      '{"batch":"bulk"}',
      '--codes',
      '--progress',
    ]);
    expect(run.stderr).toContain('2500/2500');
    expect(run.code).toBe(0);
    const codes = run.stdout.trim().split('\n');
    expect(codes).toHaveLength(2500);
    expect(new Set(codes).size).toBe(2500);
    expect((await admin.invites.list({ page: { size: 1 } })).total).toBe(before + 2500);
    const sample = await admin.invites.get(codes[1234]!);
    expect(sample).toMatchObject({ status: 'pending', metadata: { batch: 'bulk' } });
    const ttl = Date.parse(sample.expiresAt!) - Date.parse(sample.createdAt);
    expect(ttl).toBe(30 * 86_400_000);
  }, 120_000);

  it('prints a table by default and JSON with --json, granting what it is told', async () => {
    const group = await admin.groups.create({ name: 'cli-testers', permissions: [] });
    const table = await guestlist([
      'invites',
      'create',
      '-n',
      '2',
      '--permission',
      'doc:read',
      '--permission',
      'doc:write',
      '--group',
      group.id,
      '--max-uses',
      'unlimited',
      '--metadata',
      '{"batch":"table"}',
    ]);
    expect(table.code).toBe(0);
    const created = await marked('table');
    expect(created).toHaveLength(2);
    for (const invite of created) {
      expect(table.stdout).toContain(invite.id);
      expect(invite).toMatchObject({
        permissions: ['doc:read', 'doc:write'],
        groups: [{ id: group.id, name: 'cli-testers' }],
        maxUses: null,
      });
    }
    expect(table.stdout.split('\n')[1]).toMatch(/id\s+│\s+code\s+│\s+status/);

    const json = await guestlist([
      'invites',
      'create',
      '--json',
      '--email',
      'json@example.com',
      '--no-notify',
    ]);
    expect(json.code).toBe(0);
    const [one] = JSON.parse(json.stdout) as Invite[];
    expect(one).toMatchObject({ email: 'json@example.com', delivery: null });
  });

  it('refuses bad flags before calling the server (exit 2)', async () => {
    const before = (await admin.invites.list({ page: { size: 1 } })).total;
    for (const args of [
      ['--count', '0'],
      ['--count', 'many'],
      ['--metadata', '[1]'],
      ['--max-uses', '-3'],
      // The server would make one invite for an email whatever the count (R2): refused here.
      ['--count', '3', '--email', 'three@example.com'],
    ]) {
      const run = await guestlist(['invites', 'create', ...args]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/^error: --/);
    }
    const unknownFlag = await guestlist(['invites', 'create', '--colour', 'blue']);
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr).toContain("unknown option '--colour'");
    expect((await admin.invites.list({ page: { size: 1 } })).total).toBe(before);
  });
  it('refuses a status or type that does not exist (exit 2)', async () => {
    for (const args of [
      ['--status', 'pendng'],
      ['--status', 'in:pending,lost'],
      ['--type', 'team'],
    ]) {
      const run = await guestlist(['invites', 'list', ...args]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/^error: --(status|type): "(pendng|lost|team)" is not one of/);
    }
  });
  it('closes the JSON array when the server refuses, and exits 1 with its code', async () => {
    const run = await guestlist(['invites', 'create', '-n', '2', '--expires-in', 'soon', '--json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual([]);
    expect(run.stderr).toMatch(/^error INVALID_EXPIRY \(400\): /);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('invites list', () => {
  it('filters like the API, pages with cursors, and prints the total', async () => {
    const created = await admin.invites.create({ count: 3, metadata: { batch: 'list' } });
    const [first, second, third] = created as [Invite, Invite, Invite];
    await admin.invites.cancel(first.id);
    await admin.invites.cancel(second.id);

    const firstPage = [
      'invites',
      'list',
      '--status',
      'canceled',
      '--code',
      `in:${first.code},${second.code},${third.code}`,
      '--sort',
      'createdAt',
      '--limit',
      '1',
    ];
    const run = await guestlist(firstPage);
    expect(run.code).toBe(0);
    const shown = (stdout: string) =>
      [first, second, third].filter((invite) => stdout.includes(invite.id)).map((i) => i.id);
    expect(shown(run.stdout)).toHaveLength(1);
    const cursor = /1 of 2; next page: --after (\S+)/.exec(run.stdout)?.[1];
    expect(cursor).toBeDefined();

    const next = await guestlist([...firstPage, '--after', cursor!]);
    expect(next.stdout).toMatch(/1 of 2\n$/);
    // The two pages hold the two canceled invites, once each, and never the pending one.
    expect([...shown(run.stdout), ...shown(next.stdout)].sort()).toEqual(
      [first.id, second.id].sort(),
    );

    const json = await guestlist([
      'invites',
      'list',
      '--code',
      `nin:${first.code}`,
      '--status',
      'pending',
      '--json',
      '--limit',
      '100',
    ]);
    const page = JSON.parse(json.stdout) as { data: Invite[]; total: number };
    expect(page.data.every((invite) => invite.status === 'pending')).toBe(true);
    expect(page.data.some((invite) => invite.id === first.id)).toBe(false);
  });

  it('passes the API refusal through with its code (exit 1)', async () => {
    const run = await guestlist([
      'invites',
      'list',
      '--status',
      'in:pending',
      '--created-after',
      'soon',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('error: "soon" is not an ISO date\n');
    const refused = await guestlist(['invites', 'list', '--after', 'not-a-cursor']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error INVALID_CURSOR \(400\): /);
  });
});

describe('cancel, resend, send', () => {
  it('cancels by id and code; a second cancel is refused with INVITE_NOT_PENDING', async () => {
    const [byId, byCode] = (await admin.invites.create({ count: 2 })) as [Invite, Invite];
    const run = await guestlist(['invites', 'cancel', byId.id, byCode.code!]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`canceled ${byId.id}\ncanceled ${byCode.id}\n`);
    expect((await admin.invites.get(byCode.id)).status).toBe('canceled');

    const again = await guestlist(['invites', 'cancel', byId.id, 'no-such-invite']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`${byId.id}: error INVITE_NOT_PENDING (409): `);
    expect(again.stderr).toContain('no-such-invite: error INVITE_NOT_FOUND (404): ');
  });

  it('sends more than 100 addresses in several requests, each address once', async () => {
    const emails = Array.from({ length: 100 }, (_, n) => `many${n}@example.com`);
    const run = await guestlist([
      'invites',
      'send',
      ...emails,
      'MANY7@Example.com',
      '--metadata',
      '{"batch":"many"}',
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const sent = JSON.parse(run.stdout) as Invite[];
    expect(sent).toHaveLength(100);
    const stored = await marked('many');
    expect(stored.map((invite) => invite.email).sort()).toEqual([...emails].sort());
  });

  it('sends one emailed invite per address, and resends one with a fresh expiry', async () => {
    const run = await guestlist([
      'invites',
      'send',
      'ada@example.com',
      'grace@example.com',
      '--expires-in',
      '2d',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const sent = JSON.parse(run.stdout) as Invite[];
    expect(sent.map((invite) => invite.email).sort()).toEqual([
      'ada@example.com',
      'grace@example.com',
    ]);
    for (const invite of sent) expect(invite.delivery).toMatchObject({ status: 'queued' });

    const [ada] = sent as [Invite];
    const resent = await guestlist(['invites', 'resend', ada.id, '--extend', '20d', '--json']);
    expect(resent.code).toBe(0);
    const after = JSON.parse(resent.stdout) as Invite;
    expect(Date.parse(after.expiresAt!) - Date.now()).toBeGreaterThan(19 * 86_400_000);
    expect(Date.parse(ada.expiresAt!) - Date.now()).toBeLessThan(3 * 86_400_000);
  });
});

describe('invites export', () => {
  it('writes CSV that parses back to the same invites, quoting what needs it', async () => {
    const tricky = { batch: 'export', note: 'a, "quoted"\nline' };
    await admin.invites.create({ count: 3, metadata: tricky });
    const expected = await marked('export');

    const run = await guestlist(['invites', 'export', '--format', 'csv']);
    expect(run.code).toBe(0);
    const rows = parse(run.stdout, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength((await admin.invites.list({ page: { size: 1 } })).total);
    const exported = rows.filter((row) => JSON.parse(row.metadata!).batch === 'export');
    expect(exported.map((row) => row.id).sort()).toEqual(expected.map((i) => i.id).sort());
    expect(JSON.parse(exported[0]!.metadata!)).toEqual(tricky);
    expect(exported[0]).toMatchObject({ status: 'pending', type: 'account', permissions: '[]' });
  });

  it('writes a JSON array of the filtered invites to a file', async () => {
    const [canceled] = (await admin.invites.create({ metadata: { batch: 'export-json' } })) as [
      Invite,
    ];
    await admin.invites.cancel(canceled.id);
    const file = join(home, 'canceled.json');
    const run = await guestlist([
      'invites',
      'export',
      '--format',
      'json',
      '--status',
      'canceled',
      '-o',
      file,
    ]);
    expect(run.code).toBe(0);
    const exported = JSON.parse(await readFile(file, 'utf8')) as Invite[];
    const listed = await admin.invites.list({
      filter: { status: 'canceled' },
      page: { size: 100 },
    });
    expect(exported.map((i) => i.id).sort()).toEqual(listed.data.map((i) => i.id).sort());
    expect(run.stderr).toBe(`exported ${listed.total} invites to ${file}\n`);

    const nowhere = join(home, 'no-such-dir', 'x.csv');
    const refused = await guestlist(['invites', 'export', '-o', nowhere]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`error: cannot write ${nowhere} (ENOENT)\n`);
  });
});
