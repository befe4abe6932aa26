/** The top-level tags of the REST API, in the order a reader meets them. */
export const TAGS = [
  {
    name: 'invites',
    description: 'Invite codes and email invites: create, list, validate, redeem',
  },
  { name: 'auth', description: 'Accounts and sessions: register (with a code), sign in, me' },
  {
    name: 'namespaces',
    description: 'Teams (owner/name) and their collaborators, joined by invite',
  },
  { name: 'users', description: 'User administration' },
  { name: 'groups', description: 'Groups of permissions an invite can grant' },
  { name: 'settings', description: 'Instance-wide settings' },
  { name: 'api-keys', description: 'API keys with wildcard permissions' },
  { name: 'webhooks', description: 'Signed event deliveries (Standard Webhooks)' },
  { name: 'audit', description: 'The audit log: every state change of an invite' },
] as const;

export type Tag = (typeof TAGS)[number]['name'];
