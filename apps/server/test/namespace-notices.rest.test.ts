/**
 * Namespace invites by email, against a real SMTP peer and worker: an unknown address gets the
 * invite, a known user a notice at their own address (R11), and `notify: false` sends nothing.
 */
import { startWorker, type Worker } from '@guestlist/worker';
import { TestSmtpServer, waitFor } from '@guestlist/worker/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, anonymous, namespace, person, server, useServer } from './namespaces-setup.ts';
import { query } from './support.ts';

useServer();

let smtp: TestSmtpServer;
let worker: Worker;

beforeAll(async () => {
  smtp = await TestSmtpServer.start({
    reject: (to) => to.startsWith('bounce') && `<${to}>: Recipient address rejected: User unknown`,
  });
  worker = await startWorker({
    guestlist: server.guestlist,
    logger: pino({ level: 'silent' }),
    mail: {
      smtpUrl: smtp.url,
      from: 'Guestlist <invites@guestlist.test>',
      mailDir: '/nonexistent',
    },
    pollingIntervalSeconds: 0.5,
    sweepIntervalSeconds: 3600,
  });
});
afterAll(async () => {
  await worker?.stop();
  await smtp?.stop();
});

/** Invite emails to `address` (registration also sends it a verification email, §8). */
const mailTo = (address: string) =>
  smtp.received.filter((m) => m.to.includes(address) && m.text.includes('/i/'));

/** The invite as its inviter reads it, once its delivery is no longer queued. */
async function delivered(api: Awaited<ReturnType<typeof person>>['api'], id: string) {
  return waitFor(async () => {
    const { data } = (await api.get(`/invites/${id}`)).body;
    return data.delivery?.status !== 'queued' && data;
  });
}

/** Email jobs queued for the invite. */
async function jobsFor(inviteId: string): Promise<number> {
  const rows = await query<{ n: number }>(
    server.databaseUrl,
    `select count(*)::int as n from pgboss.job where data->>'inviteId' = $1`,
    [inviteId],
  );
  return rows[0]!.n;
}

describe('notices to people who have an account (R11)', () => {
  it('an invite by username emails the user a notice at their own address', async () => {
    const { owner, path } = await namespace();
    const invitee = await person();
    const res = await owner.api.post(`/namespaces/${path}/invites`, {
      handle: invitee.user.username,
      role: 'admin',
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ email: null, inviteeId: invitee.user.id });
    expect(res.body.data.delivery.status).toBe('queued');
    const [notice] = await waitFor(
      () => mailTo(invitee.user.email).length > 0 && mailTo(invitee.user.email),
    );
    expect(notice!.subject).toBe(`@${owner.user.username} invited you to join ${path}`);
    expect(notice!.text).toContain(`has invited you to join ${path}`);
    expect(notice!.text).toContain(res.body.data.url);
    expect((await delivered(owner.api, res.body.data.id)).delivery).toMatchObject({
      status: 'sent',
      attempts: 1,
    });
  });

  it('an invite by a proven address names the user and notifies them', async () => {
    const { owner, path } = await namespace();
    const [vouched] = (await admin.post('/invites', { email: 'proven@notice.test', notify: false }))
      .body.data;
    const reg = await anonymous.post('/auth/register', {
      email: 'proven@notice.test',
      username: 'proven-notice',
      password: 'correct horse battery',
      inviteCode: vouched.code,
    });
    expect(reg.body.data.user.emailVerified).toBe(true);
    const res = await owner.api.post(`/namespaces/${path}/invites`, {
      handle: 'Proven@Notice.test',
    });
    expect(res.body.data).toMatchObject({ email: null, inviteeId: reg.body.data.user.id });
    const [notice] = await waitFor(
      () => mailTo('proven@notice.test').length > 0 && mailTo('proven@notice.test'),
    );
    expect(notice!.text).toContain(res.body.data.url);
    // A resend is a second notice.
    expect((await owner.api.post(`/invites/${res.body.data.id}/resend`)).status).toBe(202);
    await waitFor(() => mailTo('proven@notice.test').length === 2);
  });

  it('notify: false sends nothing, to a user or to an address', async () => {
    const { owner, path } = await namespace();
    const invitee = await person();
    const quiet = [
      await owner.api.post(`/namespaces/${path}/invites`, {
        handle: invitee.user.username,
        notify: false,
      }),
      await owner.api.post(`/namespaces/${path}/invites`, {
        handle: 'quiet@notice.test',
        notify: false,
      }),
    ];
    for (const res of quiet) {
      expect(res.status).toBe(201);
      expect(res.body.data.delivery).toBeNull();
      expect(await jobsFor(res.body.data.id)).toBe(0);
    }
    // An unknown address, notified by default, gets the invite itself; by then nothing else came.
    const loud = await owner.api.post(`/namespaces/${path}/invites`, {
      handle: 'loud@notice.test',
    });
    expect(loud.body.data).toMatchObject({ email: 'loud@notice.test', inviteeId: null });
    await waitFor(() => mailTo('loud@notice.test').length === 1);
    expect(mailTo(invitee.user.email)).toEqual([]);
    expect(mailTo('quiet@notice.test')).toEqual([]);
  });

  it('a refused notice does not show the inviter the user’s address', async () => {
    const { owner, path } = await namespace();
    const invitee = await person('bounce');
    const res = await owner.api.post(`/namespaces/${path}/invites`, {
      handle: invitee.user.username,
    });
    const read = await delivered(owner.api, res.body.data.id);
    expect(read.delivery.status).toBe('failed');
    expect(read.delivery.lastError).toContain('Recipient address rejected');
    expect(read.delivery.lastError).not.toContain(invitee.user.email);
    // An address the inviter typed is theirs to see in the error.
    const typed = await owner.api.post(`/namespaces/${path}/invites`, {
      handle: 'bounce-typed@notice.test',
    });
    const typedRead = await delivered(owner.api, typed.body.data.id);
    expect(typedRead.delivery.lastError).toContain('bounce-typed@notice.test');
  });
});
