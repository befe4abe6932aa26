/**
 * One realistic value of each object the API answers with, for the OpenAPI document's
 * `examples` (an operation's own request and page examples sit in its definition, and build on
 * these). `test/openapi-lint.test.ts` parses each with its own zod schema, so an example that
 * stops matching its schema fails there rather than misleading a reader.
 */

const ADA = '0b7e9c4e-5a61-4f7e-9f3c-2d8a1e6b4c10';
export const GRACE = '6f1d2c3b-8e4a-4b5c-9d7e-1a2b3c4d5e6f';
export const EDITORS = '3c9a7b1e-2d4f-4e6a-8b0c-5d7e9f1a3b5c';
export const ACME = '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b';
const INVITE = 'c4a1f0e2-7b3d-4e9a-8f6c-2b5d7e9a1c3f';
const KEY = '5b2c8d1e-9f4a-4c7b-8e3d-6a1f0b9c2d4e';
const CREATED = '2026-11-02T09:30:00.000Z';
const LATER = '2026-11-03T14:05:12.000Z';

export const userExample = {
  id: ADA,
  email: 'ada@example.com',
  emailVerified: true,
  username: 'ada',
  name: 'Ada Lovelace',
  permissions: ['doc:read'],
  groups: [{ id: EDITORS, name: 'editors' }],
  effectivePermissions: ['doc:*', 'doc:read'],
  createdAt: CREATED,
};

export const authResultExample = {
  user: userExample,
  token: 'gls_4vQ9mT2xLr7KpZ3nWc8yBf6hJd1sGa5e',
};

export const inviteExample = {
  id: INVITE,
  code: 'k3Jd9QmZx2LpR7tVw4NcYb',
  url: 'https://invites.acme.dev/i/k3Jd9QmZx2LpR7tVw4NcYb',
  type: 'account' as const,
  status: 'pending' as const,
  email: 'grace@example.com',
  inviterId: ADA,
  inviter: { id: ADA, username: 'ada', name: 'Ada Lovelace' },
  inviteeId: null,
  namespace: null,
  role: null,
  permissions: ['doc:read'],
  groups: [{ id: EDITORS, name: 'editors' }],
  metadata: { campaign: 'spring-beta' },
  redirectUrl: 'https://app.acme.dev/welcome',
  locale: 'en' as const,
  maxUses: 1,
  uses: 0,
  expiresAt: '2026-11-09T09:30:00.000Z',
  delivery: {
    status: 'sent' as const,
    attempts: 1,
    lastError: null,
    sentAt: '2026-11-02T09:30:04.000Z',
  },
  createdAt: CREATED,
  updatedAt: '2026-11-02T09:30:04.000Z',
  acceptedAt: null,
  canceledAt: null,
};

export const inviteValidationExample = {
  valid: true,
  type: 'account' as const,
  status: 'pending' as const,
  expiresAt: '2026-11-09T09:30:00.000Z',
  inviter: { name: 'Ada Lovelace' },
  namespace: null,
  email: 'g****@example.com',
  locale: 'en' as const,
};

export const redemptionExample = {
  user: { id: GRACE, username: 'grace', name: 'Grace Hopper' },
  subject: null,
  at: LATER,
};

/** A redemption an application made for its own user (§9). */
export const subjectRedemptionExample = {
  user: null,
  subject: 'customer-4821',
  at: LATER,
};

export const groupExample = {
  id: EDITORS,
  name: 'editors',
  permissions: ['doc:*'],
  createdAt: CREATED,
  updatedAt: CREATED,
};

export const namespaceExample = {
  id: ACME,
  name: 'acme',
  path: 'ada/acme',
  owner: { id: ADA, username: 'ada' },
  description: 'The compiler team',
  createdAt: CREATED,
};

export const collaboratorExample = {
  user: { id: GRACE, username: 'grace', name: 'Grace Hopper' },
  role: 'admin' as const,
  since: LATER,
};

export const settingsExample = {
  invitesEnabled: true,
  registration: 'invite-only' as const,
  defaultInviteTtl: '7d',
  codeFormat: 'token' as const,
  codePrefix: '',
  defaultPermissions: [],
  allowedRedirectOrigins: ['https://app.acme.dev'],
  defaultRedirectUrl: 'https://app.acme.dev/welcome',
  productName: 'Acme Guestlist',
  logoUrl: 'https://acme.dev/logo.png',
  accentColor: '#0969da',
  supportEmail: 'help@acme.dev',
  permissionLabels: { 'invite:read': 'see every invitation' },
  defaultLocale: 'en' as const,
  updatedAt: CREATED,
};

export const apiKeyExample = {
  id: KEY,
  name: 'ci',
  prefix: 'gl_Xk2P',
  permissions: ['invite:read', 'invite:write'],
  createdAt: CREATED,
  lastUsedAt: LATER,
  revokedAt: null,
};

export const createdApiKeyExample = {
  ...apiKeyExample,
  lastUsedAt: null,
  secret: 'gl_Xk2PqN8vR3mT7wZ1cL5yB9dF4hJ6sA0eG2uK',
};

export const webhookExample = {
  id: 'a7c3e9f1-4b2d-4f8a-9c6e-0d1b3f5a7c9e',
  url: 'https://hooks.acme.dev/guestlist',
  events: ['invite.accepted' as const, 'invite.expired' as const],
  enabled: true,
  createdAt: CREATED,
};

export const createdWebhookExample = {
  ...webhookExample,
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
};

export const rotatedWebhookExample = {
  ...webhookExample,
  secret: 'whsec_Q2hhbmdlZCBzZWNyZXQgZm9yIHRoZSBkb2Nz',
  previousSecretExpiresAt: '2026-11-03T09:30:00.000Z',
};

export const webhookDeliveryExample = {
  id: 'd4e5f6a7-b8c9-4d0e-8f1a-2b3c4d5e6f70',
  event: 'invite.accepted' as const,
  messageId: 'msg_5c8e2a1f-3b7d-4e9a-8c6f-1d2e3f4a5b6c',
  status: 'delivered' as const,
  attempts: 2,
  responseStatus: 204,
  durationMs: 87,
  lastError: 'The receiver answered HTTP 503',
  createdAt: CREATED,
  deliveredAt: '2026-11-02T09:30:16.000Z',
};

export const auditEventExample = {
  id: 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b',
  action: 'invite.accepted',
  actor: { type: 'user' as const, id: GRACE },
  target: { type: 'invite', id: INVITE },
  inviteId: INVITE,
  ip: '203.0.113.7',
  data: { userId: GRACE },
  createdAt: LATER,
};
