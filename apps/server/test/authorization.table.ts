/**
 * The authorization matrix's table: who calls (CALLERS, one column each) and what each REST
 * operation answers them (EXPECTED, one row each). authorization.test.ts makes the requests.
 */
export const CALLERS = [
  'anonymous', // no Authorization header
  'user', // registered, no permissions, no relation to any target
  'inviter', // sent the target invite; an admin collaborator of the namespace
  'invitee', // the target invite is addressed to them (by username)
  'member', // a `member` collaborator of the namespace
  'nsAdmin', // another `admin` collaborator of the namespace
  'owner', // owns the namespace
  'readKey', // API key with READ_KEY_PERMISSIONS
  'writeKey', // API key with WRITE_KEY_PERMISSIONS
  'admin', // the operator's key: `*`
] as const;
export type Caller = (typeof CALLERS)[number];
export type UserCaller = Exclude<Caller, 'anonymous' | 'readKey' | 'writeKey' | 'admin'>;

/** Every `:read` permission the services check (namespace:read: operators see every namespace). */
export const READ_KEY_PERMISSIONS = [
  'invite:read',
  'user:read',
  'group:read',
  'settings:read',
  'audit:read',
  'namespace:read',
];
/**
 * Every write-side permission the services check, and no `:read` one: so the table shows what
 * writing alone allows. `apikey:write` and `webhook:write` also guard their lists (spec §5);
 * `namespace:write` is the operator's override of a namespace's admin checks.
 */
export const WRITE_KEY_PERMISSIONS = [
  'invite:write',
  'invite:delete',
  'invite:redeem',
  'user:write',
  'group:write',
  'settings:write',
  'apikey:write',
  'webhook:write',
  'namespace:write',
];

export type Statuses = [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
];

/*
 * The target of the invite rows is a pending namespace invite that `inviter` sent to `invitee`
 * by username, named by its id (validate: by its code, which is what a link carries). The
 * namespace rows run with such an invite pending too: a pending invite shows nothing of the
 * namespace.
 *
 * The rules behind the cells are `packages/core/src/domain/policy.ts`:
 * - R20: 404 where the caller may not see the target at all, for every action on it; 403 where
 *   they may see it but not do this. Who sees a namespace invite: invite:read, its inviter, its
 *   addressee, the namespace's owner and admins, and namespace operators (namespace:read or
 *   :write). A plain member and an unrelated user do not.
 * - R21: a namespace's invites are changed (edited, canceled, resent, deleted) only by its owner
 *   and admins, the invite's inviter and namespace:write; editing also needs invite:write.
 * - R9a: by id, only the addressee accepts or declines.
 * - API keys are nobody: what only a signed-in user can do (me, logout, namespaces, accept,
 *   decline, inviting to and removing from a namespace) answers 403 to every key, `*` included.
 */
// biome-ignore format: a table, one row per endpoint and one column per caller
export const EXPECTED = {
  //                                                   anonymous user inviter invitee member nsAdmin owner readKey writeKey admin
  'POST /auth/register':                                [201,      201, 201,    201,    201,   201,    201,  201,    201,     201],
  'POST /auth/login':                                   [200,      200, 200,    200,    200,   200,    200,  200,    200,     200],
  'POST /auth/logout':                                  [401,      204, 204,    204,    204,   204,    204,  403,    403,     403],
  // The token is the credential: whoever holds a fresh one, signed in or not, may use it.
  'POST /auth/verify-email':                            [200,      200, 200,    200,    200,   200,    200,  200,    200,     200],
  'POST /auth/password-reset':                          [202,      202, 202,    202,    202,   202,    202,  202,    202,     202],
  'POST /auth/password-reset/confirm':                  [200,      200, 200,    200,    200,   200,    200,  200,    200,     200],
  'GET /me':                                            [401,      200, 200,    200,    200,   200,    200,  403,    403,     403],
  'GET /me/invites':                                    [401,      200, 200,    200,    200,   200,    200,  403,    403,     403],
  'GET /me/namespaces':                                 [401,      200, 200,    200,    200,   200,    200,  403,    403,     403],
  'PATCH /me':                                          [401,      200, 200,    200,    200,   200,    200,  403,    403,     403],
  'POST /me/password':                                  [401,      204, 204,    204,    204,   204,    204,  403,    403,     403],
  // Registered with open registration, unverified; the invitee's address is proven (409).
  'POST /me/verify-email':                              [401,      202, 202,    409,    202,   202,    202,  403,    403,     403],
  'POST /invites':                                      [401,      403, 403,    403,    403,   403,    403,  403,    201,     201],
  // Without invite:read, a list of the invites you sent (or your key created).
  'GET /invites':                                       [401,      200, 200,    200,    200,   200,    200,  200,    200,     200],
  'POST /invites/send':                                 [401,      403, 403,    403,    403,   403,    403,  403,    202,     202],
  'GET /invites/{invite}':                              [401,      404, 200,    200,    404,   200,    200,  200,    200,     200],
  // invite:write, and for a namespace invite also its inviter, owner, admins or namespace:write.
  'PATCH /invites/{invite}':                            [401,      404, 403,    403,    404,   403,    403,  403,    200,     200],
  'PUT /invites/{invite}':                              [401,      404, 403,    403,    404,   403,    403,  403,    200,     200],
  // The addressee, and those who change the namespace's invites.
  'DELETE /invites/{invite}':                           [401,      404, 200,    200,    404,   200,    200,  403,    200,     200],
  'GET /invites/{invite}/validate':                     [200,      200, 200,    200,    200,   200,    200,  200,    200,     200],
  'POST /invites/{invite}/cancel':                      [401,      404, 200,    403,    404,   200,    200,  403,    200,     200],
  // Target: the same invite sent to the invitee's address.
  'POST /invites/{invite}/resend':                      [401,      404, 202,    403,    404,   202,    202,  403,    202,     202],
  // By id, only the addressee: the id is not the bearer secret.
  'POST /invites/{invite}/accept':                      [401,      404, 403,    200,    404,   403,    403,  403,    403,     403],
  'POST /invites/{invite}/decline':                     [401,      404, 403,    200,    404,   403,    403,  403,    403,     403],
  // §9: invite:redeem, once the invite is visible; the target is a namespace invite, which
  // only a Guestlist user accepts (409 INVITE_NOT_REDEEMABLE).
  'POST /invites/{invite}/redeem':                      [401,      404, 403,    403,    404,   403,    403,  403,    409,     409],
  'GET /invites/{invite}/redemptions':                  [401,      404, 200,    200,    404,   200,    200,  200,    200,     200],
  'GET /users':                                         [401,      403, 403,    403,    403,   403,    403,  200,    403,     200],
  'GET /users/{id}':                                    [401,      403, 403,    403,    403,   403,    403,  200,    403,     200],
  'PATCH /users/{id}':                                  [401,      403, 403,    403,    403,   403,    403,  403,    200,     200],
  'GET /groups':                                        [401,      403, 403,    403,    403,   403,    403,  200,    403,     200],
  'POST /groups':                                       [401,      403, 403,    403,    403,   403,    403,  403,    201,     201],
  'GET /groups/{id}':                                   [401,      403, 403,    403,    403,   403,    403,  200,    403,     200],
  'PATCH /groups/{id}':                                 [401,      403, 403,    403,    403,   403,    403,  403,    200,     200],
  'DELETE /groups/{id}':                                [401,      403, 403,    403,    403,   403,    403,  403,    200,     200],
  'POST /namespaces':                                   [401,      201, 201,    201,    201,   201,    201,  403,    403,     403],
  // Collaborators and namespace operators; 404 for anyone else, a pending invitee included.
  'GET /namespaces/{owner}/{name}':                     [401,      404, 200,    404,    200,   200,    200,  200,    200,     200],
  'GET /namespaces/{owner}/{name}/collaborators':       [401,      404, 200,    404,    200,   200,    200,  200,    200,     200],
  // Owner and admins: a member sees the namespace, so 403; namespace:write passes the role
  // check but an invite needs a user behind it, and the list shares that check: 403 to keys.
  'POST /namespaces/{owner}/{name}/invites':            [401,      404, 201,    404,    403,   201,    201,  403,    403,     403],
  'GET /namespaces/{owner}/{name}/invites':             [401,      404, 200,    404,    403,   200,    200,  403,    403,     403],
  // Target: another member. Owner and admins remove; a peer member may not (403).
  'DELETE /namespaces/{owner}/{name}/collaborators/{username}':
                                                        [401,      404, 204,    404,    403,   204,    204,  403,    403,     403],
  'GET /settings':                                      [401,      403, 403,    403,    403,   403,    403,  200,    403,     200],
  'PATCH /settings':                                    [401,      403, 403,    403,    403,   403,    403,  403,    200,     200],
  'GET /templates/{kind}/{locale}':                     [401,      403, 403,    403,    403,   403,    403,  200,    403,     200],
  'PUT /templates/{kind}/{locale}':                     [401,      403, 403,    403,    403,   403,    403,  403,    200,     200],
  'DELETE /templates/{kind}/{locale}':                  [401,      403, 403,    403,    403,   403,    403,  403,    200,     200],
  'POST /templates/{kind}/{locale}/preview':            [401,      403, 403,    403,    403,   403,    403,  200,    403,     200],
  'GET /api-keys':                                      [401,      403, 403,    403,    403,   403,    403,  403,    200,     200],
  'POST /api-keys':                                     [401,      403, 403,    403,    403,   403,    403,  403,    201,     201],
  'DELETE /api-keys/{id}':                              [401,      403, 403,    403,    403,   403,    403,  403,    200,     200],
  'GET /webhooks':                                      [401,      403, 403,    403,    403,   403,    403,  403,    200,     200],
  'POST /webhooks':                                     [401,      403, 403,    403,    403,   403,    403,  403,    201,     201],
  'PATCH /webhooks/{id}':                               [401,      403, 403,    403,    403,   403,    403,  403,    200,     200],
  'DELETE /webhooks/{id}':                              [401,      403, 403,    403,    403,   403,    403,  403,    200,     200],
  'POST /webhooks/{id}/test':                           [401,      403, 403,    403,    403,   403,    403,  403,    202,     202],
  'GET /webhooks/{id}/deliveries':                      [401,      403, 403,    403,    403,   403,    403,  403,    200,     200],
  // Target: a test delivery no worker has sent yet, so a retry leaves it as it is.
  'POST /webhooks/{id}/deliveries/{deliveryId}/retry':  [401,      403, 403,    403,    403,   403,    403,  403,    202,     202],
  'POST /webhooks/{id}/rotate-secret':                  [401,      403, 403,    403,    403,   403,    403,  403,    200,     200],
  'GET /audit':                                         [401,      403, 403,    403,    403,   403,    403,  200,    403,     200],
} satisfies Record<string, Statuses>;
export type Endpoint = keyof typeof EXPECTED;
