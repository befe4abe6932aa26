import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SecretBox } from '@guestlist/core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { actors, type Client, must, PASSWORD } from './actors.ts';
import { query } from './support.ts';

/**
 * R3: a `short` code is matched as people type it, wherever a code is looked up; `token` and
 * `uuid` codes are matched exactly. R8: resend with `extend` brings an expired invite back.
 */
let server: TestServer;
let webRoot: string;
let people: ReturnType<typeof actors>;
let admin: Client;

beforeAll(async () => {
  webRoot = await mkdtemp(path.join(tmpdir(), 'guestlist-typed-'));
  await mkdir(path.join(webRoot, 'assets'));
  await writeFile(
    path.join(webRoot, 'index.html'),
    '<!doctype html><html><head><title>Guestlist</title></head><body><div id="root"></div></body></html>',
  );
  server = await startTestServer(inject('databaseServerUrl'), { server: { webRoot } });
  people = actors(server, 'typed.test');
  admin = people.admin;
});
afterAll(async () => {
  await server?.close();
  if (webRoot) await rm(webRoot, { recursive: true, force: true });
});

async function withFormat<T>(codeFormat: string, codePrefix: string, work: () => Promise<T>) {
  must(await admin.patch('/settings', { codeFormat, codePrefix }), 200, 'settings');
  try {
    return await work();
  } finally {
    must(await admin.patch('/settings', { codeFormat: 'token', codePrefix: '' }), 200, 'reset');
  }
}

/** Short codes whose body has both a 1 and a 0, so that every reading gets typed. */
async function shortCodes(n: number, body: Record<string, unknown> = {}) {
  const created = must(
    await admin.post('/invites', { count: 200, notify: false, ...body }),
    201,
    'invites',
  ).data as { id: string; code: string }[];
  const picked = created.filter(({ code }) => /1.*0|0.*1/.test(code.slice(-10))).slice(0, n);
  expect(picked).toHaveLength(n);
  return picked;
}

/** `ACME-7K1P0QR2ZX` as someone reads it off paper: `acme-7k l p o q-r2 zx`. */
function typed(code: string, prefix: string): string {
  const body = code.slice(prefix.length);
  let ones = 0;
  const read = [...body.toLowerCase()]
    .map((c) => (c === '1' ? (ones++ % 2 === 0 ? 'l' : 'I') : c === '0' ? 'o' : c))
    .join('');
  return `${prefix.toLowerCase()}${read.slice(0, 3)} ${read.slice(3, 6)}-${read.slice(6, 8)} - ${read.slice(8)} `;
}

const at = (ref: string) => encodeURIComponent(ref);

describe('short codes as people type them (R3)', () => {
  it('validate, get, the invite page, redeem and accept find the invite', async () => {
    const app = await people.key(['invite:redeem']);
    await withFormat('short', 'ACME-', async () => {
      const [one, two, three] = await shortCodes(3, { maxUses: 2 });
      const ref = typed(one!.code, 'ACME-');
      // Lower case, a 1 read as l or I, a 0 as o, and separators in the body.
      expect(ref).toMatch(/^acme-\S{3} \S{3}-\S{2} - \S{2} $/);
      expect(ref).toMatch(/[lI]/);
      expect(ref.slice(5)).toContain('o');
      expect(ref).not.toContain(one!.code.slice(5));

      const validated = await people.anonymous.get(`/invites/${at(ref)}/validate`);
      expect(validated.status).toBe(200);
      const got = must(await admin.get(`/invites/${at(ref)}`), 200, 'get by typed code').data;
      expect(got).toMatchObject({ id: one!.id, code: one!.code });
      const page = await fetch(`${server.url}/i/${at(ref)}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('"type":"account"');

      const redeemed = await app.post(`/invites/${at(ref)}/redeem`, { subject: 'paper' });
      expect(redeemed.status).toBe(200);
      expect(redeemed.body.data.invite.id).toBe(one!.id);

      const person = await people.verifiedPerson('typist');
      const accepted = await person.api.post(`/invites/${at(typed(two!.code, 'ACME-'))}/accept`);
      expect([accepted.status, accepted.body.data?.id]).toEqual([200, two!.id]);

      const canceled = await admin.post(`/invites/${at(typed(three!.code, 'ACME-'))}/cancel`);
      expect([canceled.status, canceled.body.data?.status]).toEqual([200, 'canceled']);
    });
  }, 30_000);

  it('registering with a typed code works, and a code keeps matching after the prefix changes', async () => {
    const [first, second] = await withFormat('short', 'Gl', () => shortCodes(2));
    must(await admin.patch('/settings', { codePrefix: 'OTHER' }), 200, 'new prefix');
    const registered = await people.anonymous.post('/auth/register', {
      email: 'typed-register@typed.test',
      username: 'typedregister',
      password: PASSWORD,
      inviteCode: typed(first!.code, 'Gl'),
    });
    expect(registered.status).toBe(201);
    expect(must(await admin.get(`/invites/${first!.id}`), 200, 'read').data.status).toBe(
      'accepted',
    );
    // Without the space after the prefix too, and filtered by in the list.
    const squeezed = `gl${typed(second!.code, 'Gl').slice(2).replace(/[ -]/g, '')}`;
    const listed = must(await admin.get(`/invites?filter[code]=${at(squeezed)}`), 200, 'list');
    expect(listed.data.map((i: { id: string }) => i.id)).toEqual([second!.id]);
    must(await admin.patch('/settings', { codePrefix: '' }), 200, 'reset prefix');
  });

  it('a short code made before typed lookups still matches exactly as shown', async () => {
    const [old] = await withFormat('short', '', () => shortCodes(1));
    // How codes were stored before: the digest of the code as generated.
    const digest = new SecretBox(server.secretKey).codeDigest(old!.code);
    await query(server.databaseUrl, 'update invites set code_digest = $1 where id = $2', [
      digest,
      old!.id,
    ]);
    expect((await people.anonymous.get(`/invites/${old!.code}/validate`)).status).toBe(200);
  });

  it('does not bend token or uuid codes: they match only exactly', async () => {
    const [token] = must(await admin.post('/invites', { notify: false }), 201, 'token').data;
    const swapped = [...(token.code as string)]
      .map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()))
      .join('');
    expect(swapped).not.toBe(token.code);
    expect((await people.anonymous.get(`/invites/${swapped}/validate`)).status).toBe(404);
    expect((await people.anonymous.get(`/invites/${token.code}/validate`)).status).toBe(200);
    const [uuid] = await withFormat(
      'uuid',
      'U-',
      async () => must(await admin.post('/invites', { notify: false }), 201, 'uuid').data,
    );
    expect((await people.anonymous.get(`/invites/${uuid.code}/validate`)).status).toBe(200);
    const upper = `U-${uuid.code.slice(2).toUpperCase()}`;
    expect((await people.anonymous.get(`/invites/${upper}/validate`)).status).toBe(404);
  });
});

describe('resending an expired invite (R8)', () => {
  async function expiredInvite(stored: boolean) {
    const [inv] = must(
      await admin.post('/invites', { email: 'late@typed.test', notify: false }),
      201,
      'invite',
    ).data;
    await query(
      server.databaseUrl,
      `update invites set expires_at = now() - interval '1 hour'${stored ? `, status = 'expired'` : ''}
        where id = $1`,
      [inv.id],
    );
    return inv as { id: string; code: string };
  }

  for (const stored of [false, true]) {
    it(`without extend 409; with extend pending again, same code (${stored ? 'swept' : 'computed'})`, async () => {
      const inv = await expiredInvite(stored);
      const refused = await admin.post(`/invites/${inv.id}/resend`, {});
      expect([refused.status, refused.body.code]).toEqual([409, 'INVITE_NOT_PENDING']);
      expect((await people.anonymous.get(`/invites/${inv.code}/validate`)).status).toBe(410);

      const before = Date.now();
      const resent = await admin.post(`/invites/${inv.id}/resend`, {
        extend: stored ? '3d' : true,
      });
      expect(resent.status).toBe(202);
      expect(resent.body.data).toMatchObject({ status: 'pending', code: inv.code });
      const expiresAt = new Date(resent.body.data.expiresAt).getTime();
      expect(expiresAt).toBeGreaterThan(before + (stored ? 3 : 7) * 86_400_000 - 60_000);
      const validated = await people.anonymous.get(`/invites/${inv.code}/validate`);
      expect([validated.status, validated.body.data?.status]).toEqual([200, 'pending']);
      const audit = must(await admin.get(`/audit?filter[inviteId]=${inv.id}`), 200, 'audit').data;
      expect(audit.map((e: { action: string }) => e.action)).toEqual(
        expect.arrayContaining(['invite.updated', 'invite.resent']),
      );
    });
  }

  it('canceled, declined and used invites cannot be resent, extend or not', async () => {
    const canceled = await expiredInvite(false);
    await query(server.databaseUrl, `update invites set status = 'canceled' where id = $1`, [
      canceled.id,
    ]);
    const declined = await expiredInvite(false);
    await query(server.databaseUrl, `update invites set status = 'declined' where id = $1`, [
      declined.id,
    ]);
    const used = await expiredInvite(false);
    await query(
      server.databaseUrl,
      `update invites set status = 'accepted', uses = 1 where id = $1`,
      [used.id],
    );
    for (const inv of [canceled, declined, used]) {
      for (const body of [{}, { extend: true }]) {
        const res = await admin.post(`/invites/${inv.id}/resend`, body);
        expect([res.status, res.body.code]).toEqual([409, 'INVITE_NOT_PENDING']);
      }
    }
  });
});
