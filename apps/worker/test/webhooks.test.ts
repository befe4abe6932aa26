import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../src/testing/index.ts';
import { receiver, verify } from './receiver.ts';
import { query, setup, worker } from './support.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('webhooks', () => {
  it('delivers invite events signed per Standard Webhooks, without the code', async () => {
    const t = await setup();
    cleanups.push(() => t.close());
    const hook = await receiver();
    cleanups.push(hook.close);
    cleanups.push((await worker(t.guestlist, null)).stop);
    const { webhook, secret } = await t.guestlist.webhooks.create(t.admin, {
      url: hook.url,
      events: ['invite.created', 'invite.canceled'],
    });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(webhook.events).toEqual(['invite.created', 'invite.canceled']);

    const [invite] = await t.guestlist.invites.create(t.admin, { metadata: { plan: 'pro' } });
    await t.guestlist.invites.update(t.admin, invite!.id, { maxUses: 2 }); // not subscribed
    await t.guestlist.invites.cancel(t.admin, invite!.id);
    await waitFor(() => hook.deliveries.length >= 2, { what: 'two deliveries' });
    await new Promise((r) => setTimeout(r, 300));
    expect(hook.deliveries).toHaveLength(2);

    const events = hook.deliveries.map((d) => verify(secret, d));
    expect(events.map((e) => e.type).sort()).toEqual(['invite.canceled', 'invite.created']);
    const canceled = events.find((e) => e.type === 'invite.canceled')!;
    expect(canceled.data.invite).toMatchObject({
      id: invite!.id,
      status: 'canceled',
      maxUses: 2,
      metadata: { plan: 'pro' },
    });
    for (const delivery of hook.deliveries) {
      expect(delivery.body).not.toContain(invite!.code!);
      expect(delivery.headers['webhook-id']).toMatch(/^msg_/);
      expect(delivery.headers['content-type']).toBe('application/json');
    }
    // A tampered body fails verification with the same library.
    const first = hook.deliveries[0]!;
    expect(() =>
      verify(secret, { ...first, body: first.body.replace('invite', 'invitE') }),
    ).toThrow();
    expect(() => verify(`whsec_${Buffer.alloc(32, 1).toString('base64')}`, first)).toThrow();
  });

  it('retries a delivery the receiver refused, with the same message id, until it succeeds', async () => {
    const t = await setup();
    cleanups.push(() => t.close());
    const hook = await receiver([500, 503]);
    cleanups.push(hook.close);
    cleanups.push((await worker(t.guestlist, null)).stop);
    const { secret } = await t.guestlist.webhooks.create(t.admin, {
      url: hook.url,
      events: ['invite.created'],
    });
    await t.guestlist.invites.create(t.admin, {});
    await waitFor(() => hook.deliveries.length >= 3, { what: 'three attempts' });
    await new Promise((r) => setTimeout(r, 2_500));
    expect(hook.deliveries).toHaveLength(3);
    const ids = new Set(hook.deliveries.map((d) => d.headers['webhook-id']));
    expect(ids.size).toBe(1);
    // Every attempt is signed afresh and verifies.
    for (const delivery of hook.deliveries)
      expect(verify(secret, delivery).type).toBe('invite.created');
    const jobs = await query<{ state: string; retry_count: number }>(
      t.databaseUrl,
      `select state, retry_count from pgboss.job where name = 'webhook-delivery'`,
    );
    expect(jobs).toEqual([{ state: 'completed', retry_count: 2 }]);
  });

  it('refuses URLs on loopback or private networks unless allowed', async () => {
    const t = await setup({ webhookAllowPrivateNetworks: false });
    cleanups.push(() => t.close());
    for (const url of [
      'http://127.0.0.1:8080/x',
      'http://localhost/x',
      'http://[::1]/x',
      'http://10.1.2.3/x',
      'http://169.254.169.254/latest',
      'ftp://example.com/x',
      'http://user:pw@8.8.8.8/x',
      'not a url',
    ]) {
      await expect(
        t.guestlist.webhooks.create(t.admin, { url, events: ['invite.created'] }),
        url,
      ).rejects.toMatchObject({ code: 'INVALID_WEBHOOK_URL' });
    }
    const [{ n }] = (await query<{ n: string }>(
      t.databaseUrl,
      'select count(*) as n from webhooks',
    )) as [{ n: string }];
    expect(Number(n)).toBe(0);
  });
});

describe('the expiry sweep', () => {
  it('expires each invite once, with its event, however many sweeps run at once', async () => {
    const t = await setup();
    cleanups.push(() => t.close());
    const hook = await receiver();
    cleanups.push(hook.close);
    await t.guestlist.webhooks.create(t.admin, { url: hook.url, events: ['invite.expired'] });
    const soon = new Date(Date.now() + 1_000).toISOString();
    const invites = await t.guestlist.invites.create(t.admin, { count: 30, expiresAt: soon });
    await t.guestlist.invites.create(t.admin, { count: 5, expiresIn: '1h' });
    await new Promise((r) => setTimeout(r, 1_100));
    // Four sweeps at once, as four workers would run them.
    const results = await Promise.all(
      Array.from({ length: 4 }, () => t.guestlist.maintenance.sweep()),
    );
    expect(results.reduce((sum, r) => sum + r.expiredInvites, 0)).toBe(30);
    expect((await t.guestlist.maintenance.sweep()).expiredInvites).toBe(0);
    const audit = await query<{ invite_id: string; n: string }>(
      t.databaseUrl,
      `select invite_id, count(*) as n from audit_events where action = 'invite.expired' group by invite_id`,
    );
    expect(audit).toHaveLength(30);
    expect(audit.every((row) => Number(row.n) === 1)).toBe(true);
    expect(new Set(audit.map((r) => r.invite_id))).toEqual(new Set(invites.map((i) => i.id)));

    cleanups.push((await worker(t.guestlist, null)).stop);
    await waitFor(() => hook.deliveries.length >= 30, { what: '30 expiry events' });
    await new Promise((r) => setTimeout(r, 300));
    expect(hook.deliveries).toHaveLength(30);
  });

  it('runs on the worker schedule', async () => {
    const t = await setup();
    cleanups.push(() => t.close());
    const [invite] = await t.guestlist.invites.create(t.admin, {
      expiresAt: new Date(Date.now() + 500).toISOString(),
    });
    cleanups.push((await worker(t.guestlist, null, { sweepIntervalSeconds: 1 })).stop);
    await waitFor(
      async () => {
        const rows = await query<{ status: string }>(
          t.databaseUrl,
          'select status from invites where id = $1',
          [invite!.id],
        );
        return rows[0]?.status === 'expired';
      },
      { what: 'the stored status to become expired' },
    );
  });
});
