/**
 * Who may accept and decline an invite, by code and by id (R9, R9a): the addressee, and nobody
 * else, whichever way they name it. Accept and decline answer alike, and a refusal changes
 * nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { httpClient } from './http.ts';
import {
  admin,
  anonymous,
  namespace,
  type Person,
  person,
  server,
  useServer,
} from './namespaces-setup.ts';

useServer();

/** Someone who signed up through open registration: their address is not proven. */
async function unverified(email: string): Promise<Person> {
  const res = await anonymous.post('/auth/register', {
    email,
    username: email.split('@')[0]!,
    password: 'correct horse battery',
  });
  expect([res.status, res.body.data?.user.emailVerified]).toEqual([201, false]);
  return { user: res.body.data.user, api: httpClient(`${server.url}/api/v1`, res.body.data.token) };
}

/** Someone whose address an operator vouched for (R9): proven. */
async function verified(email: string): Promise<Person> {
  const [invite] = (await admin.post('/invites', { email, notify: false })).body.data;
  const res = await anonymous.post('/auth/register', {
    email,
    username: email.split('@')[0]!,
    password: 'correct horse battery',
    inviteCode: invite.code,
  });
  expect([res.status, res.body.data?.user.emailVerified]).toEqual([201, true]);
  return { user: res.body.data.user, api: httpClient(`${server.url}/api/v1`, res.body.data.token) };
}

type Answer = [number, string | undefined];

/** What `who` gets for accept and decline, by code and by id, in that order. */
async function answers(who: Person, invite: { id: string; code: string }): Promise<Answer[]> {
  const out: Answer[] = [];
  for (const action of ['accept', 'decline']) {
    for (const ref of [invite.code, invite.id]) {
      const res = await who.api.post(`/invites/${ref}/${action}`);
      out.push([res.status, res.body?.code]);
    }
  }
  return out;
}

beforeAll(async () => {
  expect((await admin.patch('/settings', { registration: 'open' })).status).toBe(200);
});

describe('an invite bound to an address (R9, R9a)', () => {
  it('another address: 403 INVITE_EMAIL_MISMATCH by code, 404 by id, for accept and decline', async () => {
    const { owner, path } = await namespace();
    const sent = (await owner.api.post(`/namespaces/${path}/invites`, { handle: 'ann@r9.test' }))
      .body.data;
    const other = await verified('bob@r9.test');
    const mismatch: Answer = [403, 'INVITE_EMAIL_MISMATCH'];
    const hidden: Answer = [404, 'INVITE_NOT_FOUND'];
    expect(await answers(other, sent)).toEqual([mismatch, hidden, mismatch, hidden]);
    // An operator's account invite bound to an address answers the same.
    const [account] = (await admin.post('/invites', { email: 'ann2@r9.test', notify: false })).body
      .data;
    expect(await answers(other, account)).toEqual([mismatch, hidden, mismatch, hidden]);
    // Nothing changed.
    expect((await owner.api.get(`/invites/${sent.id}`)).body.data.status).toBe('pending');
    expect((await admin.get(`/invites/${account.id}`)).body.data.status).toBe('pending');
  });

  it('its address unproven: 403 EMAIL_NOT_VERIFIED by code, 404 by id, and not in /me/invites', async () => {
    const { owner, path } = await namespace();
    const carol = await unverified('carol@r9.test');
    const sent = (await owner.api.post(`/namespaces/${path}/invites`, { handle: carol.user.email }))
      .body.data;
    // An unproven address names nobody: the invite stays bound to it.
    expect(sent).toMatchObject({ email: 'carol@r9.test', inviteeId: null });
    const unproven: Answer = [403, 'EMAIL_NOT_VERIFIED'];
    const hidden: Answer = [404, 'INVITE_NOT_FOUND'];
    expect(await answers(carol, sent)).toEqual([unproven, hidden, unproven, hidden]);
    expect((await carol.api.get('/me/invites')).body.total).toBe(0);
    expect((await owner.api.get(`/invites/${sent.id}`)).body.data.status).toBe('pending');
  });

  it('its proven owner lists it in /me/invites and accepts or declines it by code or by id', async () => {
    const { owner, path } = await namespace();
    const invite = async (handle: string) =>
      (await owner.api.post(`/namespaces/${path}/invites`, { handle })).body.data;
    // Sent before the account existed: bound to the address.
    const byCode = await invite('dora@r9.test');
    const dora = await verified('dora@r9.test');
    const mine = (await dora.api.get('/me/invites?filter[status]=pending')).body.data;
    expect(mine.map((i: { id: string }) => i.id)).toEqual([byCode.id]);
    expect((await dora.api.post(`/invites/${byCode.code}/decline`)).body.data.status).toBe(
      'declined',
    );
    const byId = await invite('eve@r9.test');
    const eve = await verified('eve@r9.test');
    expect((await eve.api.post(`/invites/${byId.id}/decline`)).body.data.status).toBe('declined');
    const accepted = await invite('fay@r9.test');
    const fay = await verified('fay@r9.test');
    expect((await fay.api.post(`/invites/${accepted.id}/accept`)).status).toBe(200);
    const again = await invite(dora.user.email);
    expect((await dora.api.post(`/invites/${again.code}/accept`)).status).toBe(200);
    const collaborators = (await owner.api.get(`/namespaces/${path}/collaborators`)).body.data;
    expect(collaborators.map((c: { user: { id: string } }) => c.user.id)).toEqual(
      expect.arrayContaining([fay.user.id, dora.user.id]),
    );
  });
});

describe('an invite bound to a user (R9a)', () => {
  it('anyone else: 403 FORBIDDEN by code, 404 by id, for accept and decline', async () => {
    const { owner, path } = await namespace();
    const invitee = await person();
    const sent = (
      await owner.api.post(`/namespaces/${path}/invites`, { handle: invitee.user.username })
    ).body.data;
    const forbidden: Answer = [403, 'FORBIDDEN'];
    const hidden: Answer = [404, 'INVITE_NOT_FOUND'];
    expect(await answers(await person(), sent)).toEqual([forbidden, hidden, forbidden, hidden]);
    expect((await owner.api.get(`/invites/${sent.id}`)).body.data.status).toBe('pending');
    expect((await invitee.api.post(`/invites/${sent.code}/accept`)).status).toBe(200);
  });

  it('one pending invite per person: the username, then the proven address, answers 409 (R11)', async () => {
    const { owner, path } = await namespace();
    const gus = await verified('gus@r9.test');
    const first = await owner.api.post(`/namespaces/${path}/invites`, {
      handle: gus.user.username,
    });
    expect(first.status).toBe(201);
    const second = await owner.api.post(`/namespaces/${path}/invites`, {
      handle: 'GUS@r9.test',
    });
    expect([second.status, second.body.code]).toEqual([409, 'INVITE_ALREADY_PENDING']);
  });
});
