/** The built `guestlist` binary's webhooks commands, against a real server on PostgreSQL. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { admin, guestlist, useServer } from './cli-setup.ts';

useServer();

describe('webhooks', () => {
  it('lists webhooks as a table and as JSON', async () => {
    const { id } = await admin.webhooks.create({ url: 'https://8.8.8.8/cli', events: ['*'] });
    const table = await guestlist(['webhooks', 'list']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(
      new RegExp(`${id}\\s+│\\s+https://8\\.8\\.8\\.8/cli\\s+│\\s+\\*\\s+│\\s+yes`),
    );
    const json = await guestlist(['webhooks', 'list', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ data: await admin.webhooks.list(), total: 1 });
    expect(json.stdout).not.toContain('whsec_');
  });

  it('queues a test event, lists it in the deliveries log, and retries it', async () => {
    const { id } = await admin.webhooks.create({
      url: 'https://8.8.8.8/cli-test',
      events: ['invite.created'],
    });
    const test = await guestlist(['webhooks', 'test', id]);
    expect(test.code, test.stderr).toBe(0);
    const [delivery] = (await admin.webhooks.deliveries(id)).data;
    expect(test.stdout).toBe(`queued webhook.test as delivery ${delivery!.id}\n`);

    await guestlist(['webhooks', 'test', id]);
    const page = await guestlist(['webhooks', 'deliveries', id, '--limit', '1']);
    expect(page.code, page.stderr).toBe(0);
    expect(page.stdout).toMatch(/id\s+│\s+event\s+│\s+status/);
    expect(page.stdout).toMatch(/webhook\.test\s+│\s+pending\s+│\s+0/);
    const cursor = page.stdout.match(/1 of 2; next page: --after (\S+)\n$/)?.[1];
    expect(cursor).toBeDefined();
    const older = await guestlist(['webhooks', 'deliveries', id, '--after', cursor!, '--json']);
    expect(JSON.parse(older.stdout)).toMatchObject({
      data: [{ id: delivery!.id, status: 'pending' }],
      total: 2,
      nextCursor: null,
    });

    // No worker runs here: the delivery is pending, and a retry leaves it so.
    const retry = await guestlist(['webhooks', 'retry', id, delivery!.id]);
    expect(retry.code, retry.stderr).toBe(0);
    expect(retry.stdout).toBe(`delivery ${delivery!.id} is pending\n`);
  });

  it('reports unknown ids with the server code and exit code 1, and bad flags with 2', async () => {
    const unknown = randomUUID();
    const test = await guestlist(['webhooks', 'test', unknown]);
    expect(test.code).toBe(1);
    expect(test.stderr).toBe('error WEBHOOK_NOT_FOUND (404): No such webhook\n');
    const { id } = await admin.webhooks.create({ url: 'https://8.8.8.8/x', events: ['*'] });
    const retry = await guestlist(['webhooks', 'retry', id, unknown]);
    expect(retry.code).toBe(1);
    expect(retry.stderr).toMatch(/^error WEBHOOK_DELIVERY_NOT_FOUND \(404\)/);
    const limit = await guestlist(['webhooks', 'deliveries', id, '--limit', '500']);
    expect(limit.code).toBe(2);
    expect(limit.stderr).toBe('error: --limit must be a whole number from 1 to 100\n');
  });
});
