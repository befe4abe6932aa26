import type { Guestlist, Principal } from '@guestlist/core';
import { type TestGuestlist, testGuestlist } from '@guestlist/core/testing';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { appRouter } from '../src/router.ts';
import { createCallerFactory, createContextInner } from '../src/trpc.ts';

const createCaller = createCallerFactory(appRouter);
let t: TestGuestlist;
let admin: Principal;

function callerAs(principal: Principal | null, guestlist: Guestlist = t.guestlist) {
  return createCaller(createContextInner({ guestlist, principal, token: null, ip: '10.0.0.1' }));
}

/** The domain error a procedure failed with, as the error formatter will see it. */
async function failure(promise: Promise<unknown>): Promise<{ trpc: string; code: string }> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(TRPCError);
    const e = error as TRPCError;
    return { trpc: e.code, code: (e.cause as { code?: string } | undefined)?.code ?? 'ZOD' };
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  t = await testGuestlist(inject('databaseServerUrl'));
  admin = (await t.guestlist.apiKeys.authenticate(t.adminKey))!;
});
afterAll(() => t?.close());

describe('tRPC procedures through createCaller', () => {
  it('creates, lists with the typed query, gets, updates, cancels and deletes', async () => {
    const caller = callerAs(admin);
    const { data: created } = await caller.invites.create({
      count: 3,
      expiresIn: '1d',
      metadata: { via: 'trpc' },
    });
    expect(created).toHaveLength(3);
    const listed = await caller.invites.list({
      filter: { code: { in: created.map((i) => i.code!) } },
      sort: 'createdAt',
      page: { size: 2 },
    });
    expect(listed.total).toBe(3);
    expect(listed.data).toHaveLength(2);
    const rest = await caller.invites.list({
      filter: { code: { in: created.map((i) => i.code!) } },
      sort: 'createdAt',
      page: { size: 2, after: listed.nextCursor! },
    });
    expect([...listed.data, ...rest.data].map((i) => i.id).sort()).toEqual(
      created.map((i) => i.id).sort(),
    );

    const [first] = created;
    expect((await caller.invites.get({ invite: first!.code! })).data.id).toBe(first!.id);
    expect((await caller.invites.update({ invite: first!.id, maxUses: 4 })).data.maxUses).toBe(4);
    expect((await caller.invites.cancel({ invite: first!.id })).data.status).toBe('canceled');
    expect(await failure(caller.invites.cancel({ invite: first!.id }))).toEqual({
      trpc: 'CONFLICT',
      code: 'INVITE_NOT_PENDING',
    });
    expect((await caller.invites.delete({ invite: first!.id })).data.id).toBe(first!.id);
    expect(await failure(caller.invites.get({ invite: first!.id }))).toEqual({
      trpc: 'NOT_FOUND',
      code: 'INVITE_NOT_FOUND',
    });
  });

  it('records the caller and IP in the audit log', async () => {
    const caller = callerAs(admin);
    const { data } = await caller.invites.create({});
    const audit = await caller.audit.list({ filter: { inviteId: data[0]!.id } });
    expect(audit.data).toEqual([
      expect.objectContaining({
        action: 'invite.created',
        actor: { type: 'api_key', id: admin.id },
        ip: '10.0.0.1',
      }),
    ]);
  });

  it('validates publicly and maps gone invites to 410-class errors', async () => {
    const { data } = await callerAs(admin).invites.create({ expiresIn: '1h' });
    const anonymous = callerAs(null);
    expect((await anonymous.invites.validate({ invite: data[0]!.code! })).data.status).toBe(
      'pending',
    );
    await callerAs(admin).invites.cancel({ invite: data[0]!.id });
    expect(await failure(anonymous.invites.validate({ invite: data[0]!.code! }))).toEqual({
      trpc: 'PRECONDITION_FAILED',
      code: 'INVITE_CANCELED',
    });
  });

  it('refuses anonymous and under-privileged callers', async () => {
    expect(await failure(callerAs(null).invites.create({}))).toEqual({
      trpc: 'UNAUTHORIZED',
      code: 'UNAUTHENTICATED',
    });
    const reader: Principal = {
      kind: 'api_key',
      id: admin.id,
      permissions: ['invite:read'],
      bound: null,
    };
    expect(await failure(callerAs(reader).invites.create({}))).toEqual({
      trpc: 'FORBIDDEN',
      code: 'FORBIDDEN',
    });
    expect(await failure(callerAs(reader).settings.update({ invitesEnabled: false }))).toEqual({
      trpc: 'FORBIDDEN',
      code: 'FORBIDDEN',
    });
    expect(await failure(callerAs(reader).audit.list({}))).toEqual({
      trpc: 'FORBIDDEN',
      code: 'FORBIDDEN',
    });
  });

  it('rejects bad input before it reaches the domain', async () => {
    const caller = callerAs(admin);
    const bad = await failure(caller.invites.create({ count: 5000 } as never));
    expect(bad).toEqual({ trpc: 'BAD_REQUEST', code: 'ZOD' });
    expect(await failure(caller.invites.list({ sort: 'email' } as never))).toEqual({
      trpc: 'BAD_REQUEST',
      code: 'ZOD',
    });
    expect(
      await failure(caller.invites.list({ filter: { createdAt: { gte: 'soon' } } } as never)),
    ).toEqual({ trpc: 'BAD_REQUEST', code: 'ZOD' });
  });
});
