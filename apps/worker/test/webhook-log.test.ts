import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../src/testing/index.ts';
import { receiver, verify } from './receiver.ts';
import { query, setup, worker } from './support.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function started(options: Parameters<typeof setup>[0] = {}) {
  const t = await setup(options);
  cleanups.push(() => t.close());
  cleanups.push((await worker(t.guestlist, null)).stop);
  return t;
}

describe('the deliveries log (spec §9)', () => {
  it('records each attempt: status codes, durations, the error, then delivered', async () => {
    const t = await started();
    const hook = await receiver([500]);
    cleanups.push(hook.close);
    const { webhook } = await t.guestlist.webhooks.create(t.admin, {
      url: hook.url,
      events: ['invite.created'],
    });
    await t.guestlist.invites.create(t.admin, {});
    const failed = await waitFor(async () => {
      const [row] = (await t.guestlist.webhookDeliveries.list(t.admin, webhook.id)).data;
      return row?.attempts === 1 && row;
    });
    expect(failed).toMatchObject({
      event: 'invite.created',
      status: 'pending',
      responseStatus: 500,
      lastError: 'The receiver answered HTTP 500',
      deliveredAt: null,
    });
    expect(failed.durationMs).toEqual(expect.any(Number));

    const delivered = await waitFor(async () => {
      const [row] = (await t.guestlist.webhookDeliveries.list(t.admin, webhook.id)).data;
      return row?.status === 'delivered' && row;
    });
    expect(delivered).toMatchObject({ attempts: 2, responseStatus: 204, id: failed.id });
    expect(delivered.durationMs).toBeGreaterThanOrEqual(0);
    expect(Date.parse(delivered.deliveredAt!)).toBeGreaterThanOrEqual(
      Date.parse(delivered.createdAt),
    );
    expect(hook.deliveries.map((d) => d.headers['webhook-id'])).toEqual([
      failed.messageId,
      failed.messageId,
    ]);
  });

  it('marks a delivery failed when retries run out; a retry sends the same message again', async () => {
    const t = await started({ retryPolicy: { retryLimit: 1 } });
    const hook = await receiver([500, 502]);
    cleanups.push(hook.close);
    const { webhook, secret } = await t.guestlist.webhooks.create(t.admin, {
      url: hook.url,
      events: ['invite.canceled'],
    });
    const [invite] = await t.guestlist.invites.create(t.admin, {});
    await t.guestlist.invites.cancel(t.admin, invite!.id);
    const failed = await waitFor(async () => {
      const [row] = (await t.guestlist.webhookDeliveries.list(t.admin, webhook.id)).data;
      return row?.status === 'failed' && row;
    });
    expect(failed).toMatchObject({ attempts: 2, responseStatus: 502 });
    expect(hook.deliveries).toHaveLength(2);

    const retried = await t.guestlist.webhookDeliveries.retry(t.admin, webhook.id, failed.id);
    expect(retried).toMatchObject({ id: failed.id, status: 'pending' });
    await waitFor(() => hook.deliveries.length === 3, { what: 'the retried delivery' });
    const [first, , again] = hook.deliveries;
    expect(again!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    expect(again!.body).toBe(first!.body);
    expect(verify(secret, again!).type).toBe('invite.canceled');
    await waitFor(async () => {
      const [row] = (await t.guestlist.webhookDeliveries.list(t.admin, webhook.id)).data;
      return row?.status === 'delivered' && row.attempts === 3;
    });
    const audit = await t.guestlist.audit.list(t.admin, { action: 'webhook.delivery_retried' });
    expect(audit.data.map((e) => e.data)).toEqual([{ deliveryId: failed.id }]);
  });

  it('keeps the path of the URL, where receivers put tokens, out of the error', async () => {
    const t = await started({ retryPolicy: { retryLimit: 0 } });
    const hook = await receiver([], '/hooks/tok_receiver_secret?key=tok_receiver_secret');
    await hook.close(); // nobody answers: the connection is refused
    const { webhook } = await t.guestlist.webhooks.create(t.admin, {
      url: hook.url,
      events: ['invite.created'],
    });
    await t.guestlist.invites.create(t.admin, {});
    const row = await waitFor(async () => {
      const [found] = (await t.guestlist.webhookDeliveries.list(t.admin, webhook.id)).data;
      return found?.status === 'failed' && found;
    });
    expect(row.responseStatus).toBeNull();
    expect(row.lastError).toMatch(/ECONNREFUSED/);
    expect(row.lastError).not.toContain('tok_receiver_secret');
  });

  it('deletes finished deliveries past their retention on the sweep, never pending ones', async () => {
    const t = await setup();
    cleanups.push(() => t.close());
    const { webhook } = await t.guestlist.webhooks.create(t.admin, {
      url: 'http://127.0.0.1:9/none',
      events: ['invite.created'],
    });
    await t.guestlist.invites.create(t.admin, { count: 4 });
    const ids = (await t.guestlist.webhookDeliveries.list(t.admin, webhook.id)).data.map(
      (d) => d.id,
    );
    expect(ids).toHaveLength(4);
    const age = async (id: string, status: string, days: number) =>
      query(
        t.databaseUrl,
        `update webhook_deliveries set status = $2, created_at = now() - make_interval(days => $3) where id = $1`,
        [id, status, days],
      );
    await age(ids[0]!, 'delivered', 8); // past 7 days: deleted
    await age(ids[1]!, 'delivered', 6); // kept
    await age(ids[2]!, 'failed', 8); // failed ones are kept 30 days
    await age(ids[3]!, 'pending', 90); // still owed
    const result = await t.guestlist.maintenance.sweep();
    expect(result.webhookDeliveries).toBe(1);
    const left = (await t.guestlist.webhookDeliveries.list(t.admin, webhook.id)).data;
    expect(left.map((d) => d.id).sort()).toEqual([ids[1], ids[2], ids[3]].sort());
  });
});

describe('subscriptions', () => {
  it('"*" hears users and members come and go; a disabled webhook hears nothing', async () => {
    const t = await started();
    const all = await receiver();
    const off = await receiver();
    cleanups.push(all.close, off.close);
    const { secret } = await t.guestlist.webhooks.create(t.admin, { url: all.url, events: ['*'] });
    const disabled = await t.guestlist.webhooks.create(t.admin, {
      url: off.url,
      events: ['*'],
    });
    await t.guestlist.webhooks.update(t.admin, disabled.webhook.id, { enabled: false });
    await t.guestlist.settings.update(t.admin, { registration: 'open' });
    const anonymous = { principal: null, ip: null };
    const signUp = async (username: string) => {
      const { token, user } = await t.guestlist.accounts.register(anonymous, {
        email: `${username}@example.com`,
        username,
        password: 'correct horse battery',
      });
      return { user, actor: { principal: await t.guestlist.authenticate(token), ip: null } };
    };
    const ada = await signUp('ada');
    const grace = await signUp('grace');
    await t.guestlist.namespaces.create(ada.actor, { name: 'web' });
    // Not emailed: a notice could go out before the accept below, or not (a race), and its
    // invite.sent with it.
    const invite = await t.guestlist.namespaces.invite(ada.actor, 'ada/web', {
      handle: 'grace',
      role: 'admin',
      notify: false,
    });
    await t.guestlist.invites.accept(grace.actor, invite.id);
    await t.guestlist.namespaces.removeCollaborator(ada.actor, 'ada/web', 'grace');

    const types = () => all.deliveries.map((d) => verify(secret, d).type);
    await waitFor(() => types().includes('member.removed'), { what: 'member.removed' });
    await new Promise((r) => setTimeout(r, 500));
    expect(types().sort()).toEqual(
      [
        'user.created',
        'user.created',
        'member.added', // the owner, with the namespace
        'invite.created', // not emailed, so no invite.sent
        'member.added',
        'invite.accepted',
        'member.removed',
      ].sort(),
    );
    const events = all.deliveries.map((d) => verify(secret, d));
    const created = events.filter((e) => e.type === 'user.created').map((e) => e.data.user);
    expect(created).toContainEqual({
      id: grace.user.id,
      username: 'grace',
      name: null,
      email: 'grace@example.com',
      emailVerified: false,
      createdAt: grace.user.createdAt,
    });
    const namespace = { id: expect.any(String), path: 'ada/web', name: 'web' };
    const graceRef = { id: grace.user.id, username: 'grace', name: null };
    expect(events.filter((e) => e.type.startsWith('member.')).map((e) => e.data)).toEqual([
      { namespace, user: { id: ada.user.id, username: 'ada', name: null }, role: 'owner' },
      { namespace, user: graceRef, role: 'admin' },
      { namespace, user: graceRef, role: 'admin' },
    ]);
    for (const d of all.deliveries) expect(d.body).not.toMatch(/password|argon2|gls_/i);
    expect(off.deliveries).toHaveLength(0);
    const [{ n }] = (await query<{ n: number }>(
      t.databaseUrl,
      'select count(*)::int as n from webhook_deliveries where webhook_id = $1',
      [disabled.webhook.id],
    )) as [{ n: number }];
    expect(n).toBe(0);
  });
});
