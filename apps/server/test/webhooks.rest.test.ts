import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { httpClient } from './http.ts';
import { query } from './support.ts';

let server: TestServer;
let admin: ReturnType<typeof httpClient>;

beforeAll(async () => {
  server = await startTestServer(inject('databaseServerUrl'));
  admin = httpClient(`${server.url}/api/v1`, server.adminKey);
});
afterAll(() => server?.close());

async function webhook(events: string[] = ['invite.created']): Promise<string> {
  const res = await admin.post('/webhooks', { url: 'https://8.8.8.8/in', events });
  expect(res.status).toBe(201);
  return res.body.data.id;
}

const stored = async (id: string) =>
  (
    await query<{ url: string; events: string[]; enabled: boolean }>(
      server.databaseUrl,
      'select url, events, enabled from webhooks where id = $1',
      [id],
    )
  )[0];

describe('PATCH /webhooks/{id} (spec §9)', () => {
  it('changes url, events and enabled, and records it', async () => {
    const id = await webhook();
    const res = await admin.patch(`/webhooks/${id}`, {
      url: 'https://1.1.1.1/new?token=receiver-secret',
      events: ['*'],
      enabled: false,
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      id,
      url: 'https://1.1.1.1/new?token=receiver-secret',
      events: ['*'],
      enabled: false,
    });
    expect((await admin.get('/webhooks')).body.data).toContainEqual(res.body.data);
    const audit = await admin.get(`/audit?filter[action]=webhook.updated`);
    expect(audit.body.data[0]).toMatchObject({ target: { type: 'webhook', id } });
    // The origin only: a receiver's token in the query stays out of the audit log.
    expect(JSON.stringify(audit.body.data[0])).not.toContain('receiver-secret');
  });

  it.each([
    [{ events: ['*', 'invite.created'] }, 'VALIDATION_FAILED'],
    [{ events: ['invite.exploded'] }, 'VALIDATION_FAILED'],
    [{ events: [] }, 'VALIDATION_FAILED'],
    [{ enabled: 'false' }, 'VALIDATION_FAILED'],
    [{ secret: 'whsec_mine' }, 'VALIDATION_FAILED'],
    [{ url: 'ftp://8.8.8.8/x' }, 'INVALID_WEBHOOK_URL'],
    [{ url: 'http://user:pw@8.8.8.8/x' }, 'INVALID_WEBHOOK_URL'],
  ])('refuses %j with 400 %s and changes nothing', async (patch, code) => {
    const id = await webhook();
    const before = await stored(id);
    const res = await admin.patch(`/webhooks/${id}`, patch);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(code);
    expect(await stored(id)).toEqual(before);
  });

  it('refuses "*" beside other events on create too', async () => {
    const res = await admin.post('/webhooks', {
      url: 'https://8.8.8.8/in',
      events: ['*', 'invite.created'],
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });
});

describe('404s', () => {
  it('answers 404 WEBHOOK_NOT_FOUND for an unknown webhook on every route', async () => {
    const unknown = randomUUID();
    const answers = await Promise.all([
      admin.patch(`/webhooks/${unknown}`, { enabled: false }),
      admin.post(`/webhooks/${unknown}/test`, {}),
      admin.get(`/webhooks/${unknown}/deliveries`),
      admin.post(`/webhooks/${unknown}/deliveries/${randomUUID()}/retry`, {}),
      admin.post(`/webhooks/${unknown}/rotate-secret`, {}),
    ]);
    for (const res of answers) {
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('WEBHOOK_NOT_FOUND');
    }
  });

  it("answers 404 for another webhook's delivery, and an unknown one", async () => {
    const mine = await webhook();
    const theirs = await webhook();
    const test = await admin.post(`/webhooks/${theirs}/test`, {});
    expect(test.status).toBe(202);
    expect(test.body.data).toMatchObject({ event: 'webhook.test', status: 'pending' });
    for (const delivery of [test.body.data.id, randomUUID()]) {
      const res = await admin.post(`/webhooks/${mine}/deliveries/${delivery}/retry`, {});
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('WEBHOOK_DELIVERY_NOT_FOUND');
    }
    expect((await admin.get(`/webhooks/${mine}/deliveries`)).body).toEqual({
      data: [],
      total: 0,
      nextCursor: null,
    });
  });
});

describe('the deliveries log', () => {
  it('pages newest first with page[size], page[number] and page[after]; a pending retry is a no-op', async () => {
    const id = await webhook();
    const made: string[] = [];
    for (let i = 0; i < 3; i++)
      made.push((await admin.post(`/webhooks/${id}/test`, {})).body.data.id);
    const first = await admin.get(`/webhooks/${id}/deliveries?page[size]=2`);
    expect(first.status).toBe(200);
    expect(first.body.total).toBe(3);
    expect(first.body.data.map((d: { id: string }) => d.id)).toEqual([made[2], made[1]]);
    const after = await admin.get(
      `/webhooks/${id}/deliveries?page[size]=2&page[after]=${first.body.nextCursor}`,
    );
    expect(after.body.data.map((d: { id: string }) => d.id)).toEqual([made[0]]);
    expect(after.body.nextCursor).toBeNull();
    const second = await admin.get(`/webhooks/${id}/deliveries?page[size]=2&page[number]=2`);
    expect(second.body.data.map((d: { id: string }) => d.id)).toEqual([made[0]]);
    for (const bad of ['page[size]=0', 'page[size]=101', 'page[number]=0', 'filter[x]=y']) {
      const res = await admin.get(`/webhooks/${id}/deliveries?${bad}`);
      expect(res.status, bad).toBe(400);
    }
    const cursor = await admin.get(`/webhooks/${id}/deliveries?page[after]=bm9wZQ`);
    expect(cursor.status).toBe(400);
    expect(cursor.body.code).toBe('INVALID_CURSOR');

    // No worker runs here: the delivery is still pending, and a retry leaves it so.
    const jobs = async () =>
      (
        await query<{ n: number }>(
          server.databaseUrl,
          `select count(*)::int as n from pgboss.job where name = 'webhook-delivery'`,
        )
      )[0]!.n;
    const queued = await jobs();
    const retry = await admin.post(`/webhooks/${id}/deliveries/${made[0]}/retry`, {});
    expect(retry.status).toBe(202);
    expect(retry.body.data).toMatchObject({ id: made[0], status: 'pending', attempts: 0 });
    expect(await jobs()).toBe(queued);
  });

  it('answers 400 INVALID_CURSOR for a cursor whose date PostgreSQL cannot hold (R19)', async () => {
    const id = await webhook();
    const forged = (date: string) =>
      Buffer.from(JSON.stringify(['webhook-deliveries:-createdAt', date, randomUUID()])).toString(
        'base64url',
      );
    // Dates JavaScript parses but PostgreSQL does not (years 0, negative, past 9999).
    for (const date of [
      '+100000-01-01T00:00:00.000Z',
      '-000001-01-01T00:00:00.000Z',
      '0000-01-01T00:00:00Z',
      '275760-09-13',
    ]) {
      const res = await admin.get(`/webhooks/${id}/deliveries?page[after]=${forged(date)}`);
      expect(res.status, date).toBe(400);
      expect(res.body.code, date).toBe('INVALID_CURSOR');
    }
  });

  it('filter[status] keeps one status, total counts what it keeps, cursors follow it', async () => {
    const id = await webhook();
    const made: string[] = [];
    for (let i = 0; i < 4; i++)
      made.push((await admin.post(`/webhooks/${id}/test`, {})).body.data.id);
    // No worker runs here: settle two by hand, as the worker would.
    await query(
      server.databaseUrl,
      `update webhook_deliveries set status = 'failed', attempts = 1 where id = any($1::uuid[])`,
      [[made[0], made[2]]],
    );
    await query(
      server.databaseUrl,
      `update webhook_deliveries set status = 'delivered', attempts = 1 where id = $1`,
      [made[1]],
    );
    const ids = (body: { data: { id: string }[] }) => body.data.map((d) => d.id);
    const failed = await admin.get(`/webhooks/${id}/deliveries?filter[status]=failed&page[size]=1`);
    expect(failed.status).toBe(200);
    expect(failed.body.total).toBe(2);
    expect(ids(failed.body)).toEqual([made[2]]);
    const next = await admin.get(
      `/webhooks/${id}/deliveries?filter[status]=failed&page[size]=1&page[after]=${failed.body.nextCursor}`,
    );
    expect(ids(next.body)).toEqual([made[0]]);
    const delivered = await admin.get(`/webhooks/${id}/deliveries?filter[status]=delivered`);
    expect([delivered.body.total, ids(delivered.body)]).toEqual([1, [made[1]]]);
    const pending = await admin.get(`/webhooks/${id}/deliveries?filter[status]=pending`);
    expect([pending.body.total, ids(pending.body)]).toEqual([1, [made[3]]]);
    const bad = await admin.get(`/webhooks/${id}/deliveries?filter[status]=lost`);
    expect(bad.status).toBe(400);
  });

  it('rotates the secret: 200 with the new one, kept only as ciphertext', async () => {
    const created = await admin.post('/webhooks', {
      url: 'https://8.8.8.8/in',
      events: ['invite.created'],
    });
    const id = created.body.data.id;
    const res = await admin.post(`/webhooks/${id}/rotate-secret`, {});
    expect(res.status).toBe(200);
    expect(res.body.data.secret).toMatch(/^whsec_/);
    expect(res.body.data.secret).not.toBe(created.body.data.secret);
    const [row] = await query<Record<string, string>>(
      server.databaseUrl,
      'select secret_ciphertext, previous_secret_ciphertext from webhooks where id = $1',
      [id],
    );
    const dump = JSON.stringify(row);
    for (const secret of [res.body.data.secret, created.body.data.secret]) {
      expect(dump).not.toContain(secret);
      expect(dump).not.toContain(secret.slice('whsec_'.length));
    }
    expect(JSON.stringify((await admin.get('/audit')).body)).not.toContain(res.body.data.secret);
  });
});
