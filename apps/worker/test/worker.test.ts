import { createGuestlist, generateSecretKey } from '@guestlist/core';
import { freePort } from '@guestlist/core/database';
import { testGuestlist } from '@guestlist/core/testing';
import pino from 'pino';
import { describe, expect, inject, it } from 'vitest';
import { startWorker } from '../src/worker.ts';

const logger = pino({ level: 'silent' });
const mail = { from: 'Guestlist <invites@guestlist.test>', mailDir: '/nonexistent' };

describe('startWorker', () => {
  it('starts on a migrated database and stops', async () => {
    const t = await testGuestlist(inject('databaseServerUrl'));
    try {
      const worker = await startWorker({ guestlist: t.guestlist, logger, mail });
      await expect(worker.stop()).resolves.toBeUndefined();
    } finally {
      await t.close();
    }
  });

  it('refuses to start when the database cannot be reached', async () => {
    const port = await freePort();
    const guestlist = await createGuestlist({
      databaseUrl: `postgres://nobody:nothing@127.0.0.1:${port}/none`,
      secretKey: generateSecretKey(),
      publicUrl: 'http://guestlist.test',
    });
    try {
      await expect(startWorker({ guestlist, logger, mail })).rejects.toThrow(
        'database is not ready',
      );
    } finally {
      await guestlist.close();
    }
  });
});
