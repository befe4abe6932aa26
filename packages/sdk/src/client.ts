import { createTRPCClient, httpBatchLink, type TRPCClient } from '@trpc/client';
import { toGuestlistError } from './errors.ts';
import { type TemplatesClient, templatesClient } from './templates-client.ts';
import type {
  ApiKey,
  AuditPage,
  AuthResult,
  ChangePasswordInput,
  Collaborator,
  CreateApiKeyInput,
  CreatedApiKey,
  CreateGroupInput,
  CreateInvitesInput,
  CreateNamespaceInput,
  Group,
  GuestlistRouter,
  Invite,
  InviteCollaboratorInput,
  InviteList,
  InvitePage,
  InviteRef,
  InviteStatus,
  InviteValidation,
  ListAuditQuery,
  ListInvitesQuery,
  LoginInput,
  Membership,
  Namespace,
  NamespacePath,
  RedeemInviteInput,
  Redemption,
  RegisterInput,
  ResendInviteInput,
  ResetPasswordInput,
  SendInvitesInput,
  Settings,
  UpdateAccountInput,
  UpdateGroupInput,
  UpdateInviteInput,
  UpdateSettingsInput,
  UpdateUserInput,
  User,
  UsersListQuery,
  UsersPage,
  UsersPageQuery,
} from './types.ts';
import { usersListInput } from './users-query.ts';
import type { WebhooksClient } from './webhooks-client.ts';

type Awaitable<T> = T | Promise<T>;
type HeaderMap = Record<string, string | undefined>;

export interface GuestlistClientOptions {
  /** The server's base URL, e.g. `https://guestlist.example.com`; tRPC is served at `{url}/trpc`. */
  url: string | URL;
  /** An API key secret, sent as `Authorization: Bearer <token>`; a function is asked on every request. */
  token?: string | (() => Awaitable<string | null | undefined>) | undefined;
  /** A `fetch` to use instead of the global one (tests, proxies, older runtimes). */
  fetch?: typeof globalThis.fetch | undefined;
  /** Extra headers for every request; a function is asked on every request. */
  headers?: HeaderMap | (() => Awaitable<HeaderMap>) | undefined;
  /**
   * Calls made in the same tick share one HTTP request. This caps the URL of a batched GET:
   * longer batches are split. No cap by default; a single call longer than the cap fails.
   */
  maxURLLength?: number | undefined;
}

/** Per-call options. */
export interface CallOptions {
  /** Aborts the call; it then rejects with a `GuestlistError` whose code is `ABORTED`. */
  signal?: AbortSignal | undefined;
}

export interface InvitesClient {
  /** Creates `count` invites (default 1), or one bound to `email`. Needs `invite:write`. */
  create(input?: CreateInvitesInput, options?: CallOptions): Promise<Invite[]>;
  /** One emailed invite per address (at most 100, duplicates in any case count once). */
  send(input: SendInvitesInput, options?: CallOptions): Promise<Invite[]>;
  /** Emails a pending invite again; `extend` restarts its expiry from now. */
  resend(ref: InviteRef, input?: ResendInviteInput, options?: CallOptions): Promise<Invite>;
  /** One page of invites with the total matching the filter; follow `nextCursor` with `page.after`. */
  list(query?: ListInvitesQuery, options?: CallOptions): Promise<InvitePage>;
  /** Every page of the query, fetched one after the other through `nextCursor`. */
  pages(
    query?: ListInvitesQuery,
    options?: CallOptions,
  ): AsyncGenerator<InvitePage, void, undefined>;
  /** Every invite matching the query, across pages. */
  iterate(query?: ListInvitesQuery, options?: CallOptions): AsyncGenerator<Invite, void, undefined>;
  /** By id or code. */
  get(ref: InviteRef, options?: CallOptions): Promise<Invite>;
  /** Public: whether a code can be used. Unknown codes throw 404, unusable ones 410. */
  validate(ref: InviteRef, options?: CallOptions): Promise<InviteValidation>;
  /** Edits a pending invite (409 `INVITE_NOT_PENDING` otherwise). */
  update(ref: InviteRef, patch: UpdateInviteInput, options?: CallOptions): Promise<Invite>;
  /** Cancels a pending invite (409 `INVITE_NOT_PENDING` otherwise). */
  cancel(ref: InviteRef, options?: CallOptions): Promise<Invite>;
  /** Deletes an invite: its code stops working at once. */
  delete(ref: InviteRef, options?: CallOptions): Promise<Invite>;
  /** The signed-in user redeems an invite, and receives what it grants. */
  accept(ref: InviteRef, options?: CallOptions): Promise<Invite>;
  /**
   * Your application redeems an invite for its own user, `subject` (needs `invite:redeem`):
   * grant what the answer's `invite.permissions` and `invite.groups` say. For an email-bound
   * invite, pass the address you vouch for.
   */
  redeem(
    ref: InviteRef,
    input: RedeemInviteInput,
    options?: CallOptions,
  ): Promise<{ invite: Invite; redemption: Redemption }>;
  /** Who redeemed an invite, and when: the first 100, oldest first. */
  redemptions(ref: InviteRef, options?: CallOptions): Promise<Redemption[]>;
  /** The addressee refuses an invite; it can never be accepted afterwards. */
  decline(ref: InviteRef, options?: CallOptions): Promise<Invite>;
  /** Invites addressed to the signed-in user (their id or their email). */
  mine(status?: InviteStatus, options?: CallOptions): Promise<InviteList>;
}

export interface NamespacesClient {
  /** The namespaces the signed-in user owns or collaborates in, by path (the first 100). */
  mine(options?: CallOptions): Promise<Membership[]>;
  create(input: CreateNamespaceInput, options?: CallOptions): Promise<Namespace>;
  get(path: NamespacePath, options?: CallOptions): Promise<Namespace>;
  /**
   * Invites a collaborator by username or email (a proven address names its user). Owner or
   * admin only. The invitee is emailed, a user at their own address, unless `notify: false`.
   */
  invite(
    path: NamespacePath,
    input: InviteCollaboratorInput,
    options?: CallOptions,
  ): Promise<Invite>;
  invites(path: NamespacePath, status?: InviteStatus, options?: CallOptions): Promise<InviteList>;
  collaborators(path: NamespacePath, options?: CallOptions): Promise<Collaborator[]>;
  /** Owner or admin removes a collaborator; a collaborator may remove themselves. */
  removeCollaborator(path: NamespacePath, username: string, options?: CallOptions): Promise<void>;
}

export interface AuthClient {
  /** Creates an account, redeeming `inviteCode` when given. Use the answer's `token` from then on. */
  register(input: RegisterInput, options?: CallOptions): Promise<AuthResult>;
  /** Signs in by username or email. */
  login(input: LoginInput, options?: CallOptions): Promise<AuthResult>;
  /** Revokes the session token this client sends. */
  logout(options?: CallOptions): Promise<void>;
  /**
   * Follows a verification link (`/verify-email?token=…`). Call it with the account's own
   * session when there is one: without it, an address proven for the first time also retires
   * the password, and every session ends.
   */
  verifyEmail(token: string, options?: CallOptions): Promise<User>;
  /** Emails a reset link to the account with this address, if any; resolves the same either way. */
  requestPasswordReset(email: string, options?: CallOptions): Promise<void>;
  /** Sets a new password with a reset link's token and signs in; every other session ends. */
  resetPassword(input: ResetPasswordInput, options?: CallOptions): Promise<AuthResult>;
}

/** The signed-in user's own account (a session token, not an API key). */
export interface AccountClient {
  /** Changes the name or the address; a new address is unverified until its link is followed. */
  update(input: UpdateAccountInput, options?: CallOptions): Promise<User>;
  /** Sets a new password, confirmed by the current one; every other session ends. */
  changePassword(input: ChangePasswordInput, options?: CallOptions): Promise<void>;
  /** Emails a fresh verification link to the user's address. */
  sendVerification(options?: CallOptions): Promise<void>;
}

export interface UsersClient {
  /**
   * Users, newest first. Given `{ filter: { search }, page }`, only those whose username,
   * email or name contains `search` in any case; a bare `{ size, number }` is a page.
   */
  list(query?: UsersListQuery | UsersPageQuery, options?: CallOptions): Promise<UsersPage>;
  get(id: string, options?: CallOptions): Promise<User>;
  update(id: string, patch: UpdateUserInput, options?: CallOptions): Promise<User>;
}

export interface GroupsClient {
  list(options?: CallOptions): Promise<Group[]>;
  create(input: CreateGroupInput, options?: CallOptions): Promise<Group>;
  get(id: string, options?: CallOptions): Promise<Group>;
  update(id: string, patch: UpdateGroupInput, options?: CallOptions): Promise<Group>;
  delete(id: string, options?: CallOptions): Promise<Group>;
}

export interface SettingsClient {
  get(options?: CallOptions): Promise<Settings>;
  update(patch: UpdateSettingsInput, options?: CallOptions): Promise<Settings>;
}

export interface ApiKeysClient {
  list(options?: CallOptions): Promise<ApiKey[]>;
  /** Creates a key; its `secret` is in this answer only. */
  create(input: CreateApiKeyInput, options?: CallOptions): Promise<CreatedApiKey>;
  /** Revokes a key: it stops working at once. */
  revoke(id: string, options?: CallOptions): Promise<ApiKey>;
}

export interface AuditClient {
  /** Audit events, newest first, with the total matching the filter. */
  list(query?: ListAuditQuery, options?: CallOptions): Promise<AuditPage>;
}

export interface GuestlistClient {
  auth: AuthClient;
  account: AccountClient;
  /** The signed-in user (a session token, not an API key). */
  me(options?: CallOptions): Promise<User>;
  invites: InvitesClient;
  users: UsersClient;
  groups: GroupsClient;
  namespaces: NamespacesClient;
  settings: SettingsClient;
  templates: TemplatesClient;
  apiKeys: ApiKeysClient;
  webhooks: WebhooksClient;
  audit: AuditClient;
  /**
   * The raw tRPC client, for what the methods above do not cover. Its calls reject with
   * tRPC's `TRPCClientError`; `toGuestlistError` converts one.
   */
  trpc: TRPCClient<GuestlistRouter>;
}

/** Runs a call, turning any failure into a `GuestlistError`. */
async function call<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toGuestlistError(error);
  }
}

async function unwrap<T>(run: () => Promise<{ data: T }>): Promise<T> {
  return (await call(run)).data;
}

function trpcUrl(url: string | URL): string {
  return `${String(url).replace(/\/+$/, '')}/trpc`;
}

/** A typed client for a Guestlist server. Every method rejects with a `GuestlistError`. */
export function createGuestlistClient(options: GuestlistClientOptions): GuestlistClient {
  const { token, headers } = options;
  const trpc = createTRPCClient<GuestlistRouter>({
    links: [
      httpBatchLink({
        url: trpcUrl(options.url),
        // The server takes at most three calls in one request: a batch holds every answer until
        // its last call ends.
        maxItems: 3,
        ...(options.maxURLLength === undefined ? {} : { maxURLLength: options.maxURLLength }),
        ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
        async headers() {
          const extra = typeof headers === 'function' ? await headers() : (headers ?? {});
          const secret = typeof token === 'function' ? await token() : token;
          const result: Record<string, string> = {};
          for (const [name, value] of Object.entries(extra)) {
            // The token wins over an Authorization header given in `headers`, whatever its case.
            if (value === undefined || (secret && name.toLowerCase() === 'authorization')) continue;
            result[name] = value;
          }
          if (secret) result.authorization = `Bearer ${secret}`;
          return result;
        },
      }),
    ],
  });

  const invites: InvitesClient = {
    create: (input = {}, opts) => unwrap(() => trpc.invites.create.mutate(input, opts)),
    list: (query, opts) => call(() => trpc.invites.list.query(query, opts)),
    async *pages(query, opts) {
      let next: ListInvitesQuery = query ?? {};
      for (;;) {
        const page = await call(() => trpc.invites.list.query(next, opts));
        yield page;
        if (page.nextCursor === null || page.data.length === 0) return;
        // Keyset paging: the cursor replaces any page number.
        const size: number | undefined = next.page?.size;
        next = {
          ...next,
          page: { ...(size === undefined ? {} : { size }), after: page.nextCursor },
        };
      }
    },
    async *iterate(query, opts) {
      for await (const page of invites.pages(query, opts)) yield* page.data;
    },
    get: (ref, opts) => unwrap(() => trpc.invites.get.query({ invite: ref }, opts)),
    validate: (ref, opts) => unwrap(() => trpc.invites.validate.query({ invite: ref }, opts)),
    update: (ref, patch, opts) =>
      unwrap(() => trpc.invites.update.mutate({ ...patch, invite: ref }, opts)),
    cancel: (ref, opts) => unwrap(() => trpc.invites.cancel.mutate({ invite: ref }, opts)),
    send: (input, opts) => unwrap(() => trpc.invites.send.mutate(input, opts)),
    resend: (ref, input, opts) =>
      unwrap(() => trpc.invites.resend.mutate({ ...input, invite: ref }, opts)),
    delete: (ref, opts) => unwrap(() => trpc.invites.delete.mutate({ invite: ref }, opts)),
    accept: (ref, opts) => unwrap(() => trpc.invites.accept.mutate({ invite: ref }, opts)),
    redeem: (ref, input, opts) =>
      unwrap(() => trpc.invites.redeem.mutate({ ...input, invite: ref }, opts)),
    redemptions: (ref, opts) => unwrap(() => trpc.invites.redemptions.query({ invite: ref }, opts)),
    decline: (ref, opts) => unwrap(() => trpc.invites.decline.mutate({ invite: ref }, opts)),
    mine: (status, opts) => call(() => trpc.me.invites.query(status ? { status } : {}, opts)),
  };

  /** `owner/name` as the two path segments the procedures take. */
  const ref = (path: NamespacePath) => {
    const [owner = '', ...rest] = path.split('/');
    return { owner, name: rest.join('/') };
  };

  return {
    auth: {
      register: (input, opts) => unwrap(() => trpc.auth.register.mutate(input, opts)),
      login: (input, opts) => unwrap(() => trpc.auth.login.mutate(input, opts)),
      logout: (opts) => call(() => trpc.auth.logout.mutate(undefined, opts)),
      verifyEmail: (token, opts) => unwrap(() => trpc.auth.verifyEmail.mutate({ token }, opts)),
      requestPasswordReset: (email, opts) =>
        call(() => trpc.auth.requestPasswordReset.mutate({ email }, opts)),
      resetPassword: (input, opts) => unwrap(() => trpc.auth.resetPassword.mutate(input, opts)),
    },
    account: {
      update: (input, opts) => unwrap(() => trpc.me.update.mutate(input, opts)),
      changePassword: (input, opts) => call(() => trpc.me.changePassword.mutate(input, opts)),
      sendVerification: (opts) => call(() => trpc.me.sendVerification.mutate(undefined, opts)),
    },
    me: (opts) => unwrap(() => trpc.me.get.query(undefined, opts)),
    invites,
    users: {
      list: (query, opts) => call(() => trpc.users.list.query(usersListInput(query), opts)),
      get: (id, opts) => unwrap(() => trpc.users.get.query({ id }, opts)),
      update: (id, patch, opts) => unwrap(() => trpc.users.update.mutate({ ...patch, id }, opts)),
    },
    groups: {
      list: (opts) => unwrap(() => trpc.groups.list.query(undefined, opts)),
      create: (input, opts) => unwrap(() => trpc.groups.create.mutate(input, opts)),
      get: (id, opts) => unwrap(() => trpc.groups.get.query({ id }, opts)),
      update: (id, patch, opts) => unwrap(() => trpc.groups.update.mutate({ ...patch, id }, opts)),
      delete: (id, opts) => unwrap(() => trpc.groups.delete.mutate({ id }, opts)),
    },
    namespaces: {
      create: (input, opts) => unwrap(() => trpc.namespaces.create.mutate(input, opts)),
      get: (path, opts) => unwrap(() => trpc.namespaces.get.query(ref(path), opts)),
      invite: (path, input, opts) =>
        unwrap(() => trpc.namespaces.invite.mutate({ ...input, ...ref(path) }, opts)),
      invites: async (path, status, opts) => {
        const { data, total } = await call(() =>
          trpc.namespaces.invites.query({ ...ref(path), ...(status ? { status } : {}) }, opts),
        );
        return { data, total };
      },
      mine: (opts) => unwrap(() => trpc.me.namespaces.query({}, opts)),
      collaborators: (path, opts) =>
        unwrap(() => trpc.namespaces.collaborators.query(ref(path), opts)),
      removeCollaborator: (path, username, opts) =>
        call(() => trpc.namespaces.removeCollaborator.mutate({ ...ref(path), username }, opts)),
    },
    settings: {
      get: (opts) => unwrap(() => trpc.settings.get.query(undefined, opts)),
      update: (patch, opts) => unwrap(() => trpc.settings.update.mutate(patch, opts)),
    },
    templates: templatesClient(trpc, unwrap),
    apiKeys: {
      list: (opts) => unwrap(() => trpc.apiKeys.list.query(undefined, opts)),
      create: (input, opts) => unwrap(() => trpc.apiKeys.create.mutate(input, opts)),
      revoke: (id, opts) => unwrap(() => trpc.apiKeys.revoke.mutate({ id }, opts)),
    },
    webhooks: {
      list: (opts) => unwrap(() => trpc.webhooks.list.query(undefined, opts)),
      create: (input, opts) => unwrap(() => trpc.webhooks.create.mutate(input, opts)),
      update: (id, patch, opts) =>
        unwrap(() => trpc.webhooks.update.mutate({ ...patch, id }, opts)),
      delete: (id, opts) => unwrap(() => trpc.webhooks.delete.mutate({ id }, opts)),
      test: (id, opts) => unwrap(() => trpc.webhooks.test.mutate({ id }, opts)),
      deliveries: (id, page = {}, opts) =>
        call(() =>
          trpc.webhooks.deliveries.query(
            {
              id,
              ...(page.status === undefined ? {} : { 'filter[status]': page.status }),
              ...(page.size === undefined ? {} : { 'page[size]': String(page.size) }),
              ...(page.number === undefined ? {} : { 'page[number]': String(page.number) }),
              ...(page.after === undefined ? {} : { 'page[after]': page.after }),
            },
            opts,
          ),
        ),
      retry: (id, deliveryId, opts) =>
        unwrap(() => trpc.webhooks.retry.mutate({ id, deliveryId }, opts)),
      rotateSecret: (id, opts) => unwrap(() => trpc.webhooks.rotateSecret.mutate({ id }, opts)),
    },
    audit: {
      list: (query, opts) => call(() => trpc.audit.list.query(query, opts)),
    },
    trpc,
  };
}
