/**
 * What the tests of the built SDK share: one server per test file, an admin client, and small
 * helpers for errors. The bindings are live: read them inside tests and hooks, after
 * {@link useServer}'s `beforeAll` has run.
 */
import { createServer } from 'node:net';
import { startTestServer, type TestServer } from '@guestlist/server/testing';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { createGuestlistClient, type GuestlistClient, GuestlistError } from '../dist/index.js';

export let server: TestServer;
export let client: GuestlistClient;

/** Starts the file's own server (and database) before its tests, and stops it after. */
export function useServer(): void {
  beforeAll(async () => {
    server = await startTestServer(inject('databaseServerUrl'));
    client = createGuestlistClient({ url: server.url, token: server.adminKey });
  });
  afterAll(() => server?.close());
}

/** The URL of a loopback port that was just free: nothing listens there. */
export async function closedPortUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}

/** The error a promise rejects with; fails the test if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<GuestlistError> {
  const outcome = await promise.then(
    (value) => ({ resolved: value }),
    (error: unknown) => ({ rejected: error }),
  );
  if (!('rejected' in outcome)) {
    throw new Error(`expected a rejection, got ${JSON.stringify(outcome.resolved)}`);
  }
  expect(outcome.rejected).toBeInstanceOf(GuestlistError);
  return outcome.rejected as GuestlistError;
}
