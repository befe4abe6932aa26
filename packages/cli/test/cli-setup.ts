/**
 * What the tests of the built `guestlist` binary share: one server per test file, an admin
 * client, a home directory, and the binary run as a user runs it. The bindings are live: read
 * them inside tests and hooks, after {@link useServer}'s `beforeAll` has run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FinishedProgram, runProgram } from '@guestlist/core/testing';
import { createGuestlistClient, type GuestlistClient, type Invite } from '@guestlist/sdk';
import { startTestServer, type TestServer } from '@guestlist/server/testing';
import { afterAll, beforeAll, inject } from 'vitest';

export const BIN = join(import.meta.dirname, '..', 'dist', 'main.js');

export let server: TestServer;
export let admin: GuestlistClient;
export let home: string;

/**
 * Starts the file's own server (and database) and a home directory for the binary before its
 * tests, and removes both after.
 */
export function useServer(): void {
  beforeAll(async () => {
    server = await startTestServer(inject('databaseServerUrl'));
    admin = createGuestlistClient({ url: server.url, token: server.adminKey });
    home = await mkdtemp(join(tmpdir(), 'guestlist-cli-'));
  });
  afterAll(async () => {
    await server?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });
}

/** Runs `guestlist ...args` in a clean environment: the server's URL and key unless replaced. */
export function guestlist(
  args: string[],
  options: { env?: Record<string, string | undefined>; cwd?: string } = {},
): Promise<FinishedProgram> {
  const env = {
    PATH: process.env.PATH,
    GUESTLIST_URL: server.url,
    GUESTLIST_TOKEN: server.adminKey,
    ...options.env,
  };
  return runProgram(process.execPath, [BIN, ...args], { env, cwd: options.cwd ?? home });
}

/** The invites created with this metadata marker, as the API lists them. */
export async function marked(batch: string): Promise<Invite[]> {
  const invites: Invite[] = [];
  for await (const invite of admin.invites.iterate({ page: { size: 100 } })) {
    if ((invite.metadata as { batch?: string }).batch === batch) invites.push(invite);
  }
  return invites;
}
