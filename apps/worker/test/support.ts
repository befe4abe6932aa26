import type { Actor, Guestlist, InviteView } from '@guestlist/core';
import { query, type TestGuestlist, testGuestlist } from '@guestlist/core/testing';
import pino from 'pino';
import { inject } from 'vitest';
import type { TestSmtpServer } from '../src/testing/index.ts';
import { webhookAddressCheck } from '../src/webhooks/public-address.ts';
import { startWorker, type Worker, type WorkerOptions } from '../src/worker.ts';

export const logger = pino({ level: 'silent' });

export async function setup(
  options: Parameters<typeof testGuestlist>[1] & { webhookAllowPrivateNetworks?: boolean } = {},
): Promise<TestGuestlist & { admin: Actor }> {
  const { webhookAllowPrivateNetworks = true, ...rest } = options;
  // Registration is judged as the worker judges delivery; test receivers listen on loopback.
  const t = await testGuestlist(inject('databaseServerUrl'), {
    webhookAddressCheck: webhookAddressCheck(webhookAllowPrivateNetworks),
    ...rest,
  });
  const principal = await t.guestlist.apiKeys.authenticate(t.adminKey);
  return { ...t, admin: { principal, ip: '127.0.0.1' } };
}

/** A worker on `smtp`, quick to poll and to notice jobs whose worker died. */
export function worker(
  guestlist: Guestlist,
  smtp: TestSmtpServer | null,
  extra: Partial<WorkerOptions> = {},
): Promise<Worker> {
  return startWorker({
    guestlist,
    logger,
    mail: {
      smtpUrl: smtp?.url,
      from: 'Guestlist <invites@guestlist.test>',
      mailDir: '/nonexistent',
    },
    webhooks: { allowPrivateNetworks: true, timeoutMs: 2_000 },
    pollingIntervalSeconds: 0.5,
    superviseIntervalSeconds: 1,
    sweepIntervalSeconds: 3600,
    ...extra,
  });
}

export { query };

/** The invites as an operator reads them now. */
export async function reread(t: TestGuestlist & { admin: Actor }, invites: InviteView[]) {
  return Promise.all(invites.map((invite) => t.guestlist.invites.get(t.admin, invite.id)));
}
