import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261122030739_init } from './Migration20261122030739_init.ts';
import { Migration20261122034949_accounts } from './Migration20261122034949_accounts.ts';
import { Migration20261122035947_namespaces } from './Migration20261122035947_namespaces.ts';
import { Migration20261122051159_outbox } from './Migration20261122051159_outbox.ts';
import { Migration20261122055035_list_indexes } from './Migration20261122055035_list_indexes.ts';
import { Migration20261130030000_trust } from './Migration20261130030000_trust.ts';
import { Migration20261130040000_key_owners } from './Migration20261130040000_key_owners.ts';
import { Migration20261130060659_account_tokens } from './Migration20261130060659_account_tokens.ts';
import { Migration20261130075541_redirects } from './Migration20261130075541_redirects.ts';
import { Migration20261130075545_webhook_deliveries } from './Migration20261130075545_webhook_deliveries.ts';
import { Migration20261130075639_redemption_subjects } from './Migration20261130075639_redemption_subjects.ts';
import { Migration20261130112653_branding } from './Migration20261130112653_branding.ts';
import { Migration20261130113420_invite_locale } from './Migration20261130113420_invite_locale.ts';
import { Migration20261130114107_templates } from './Migration20261130114107_templates.ts';
import { Migration20261130204000_invite_fillfactor } from './Migration20261130204000_invite_fillfactor.ts';

/** Every migration, oldest first. `pnpm --filter @guestlist/core migration:create <name>` writes a new one. */
export const migrations: MigrationObject[] = [
  { name: 'Migration20261122030739_init', class: Migration20261122030739_init },
  { name: 'Migration20261122034949_accounts', class: Migration20261122034949_accounts },
  { name: 'Migration20261122035947_namespaces', class: Migration20261122035947_namespaces },
  { name: 'Migration20261122051159_outbox', class: Migration20261122051159_outbox },
  { name: 'Migration20261122055035_list_indexes', class: Migration20261122055035_list_indexes },
  { name: 'Migration20261130030000_trust', class: Migration20261130030000_trust },
  { name: 'Migration20261130040000_key_owners', class: Migration20261130040000_key_owners },
  {
    name: 'Migration20261130060659_account_tokens',
    class: Migration20261130060659_account_tokens,
  },
  { name: 'Migration20261130075541_redirects', class: Migration20261130075541_redirects },
  {
    name: 'Migration20261130075545_webhook_deliveries',
    class: Migration20261130075545_webhook_deliveries,
  },
  {
    name: 'Migration20261130075639_redemption_subjects',
    class: Migration20261130075639_redemption_subjects,
  },
  { name: 'Migration20261130112653_branding', class: Migration20261130112653_branding },
  { name: 'Migration20261130113420_invite_locale', class: Migration20261130113420_invite_locale },
  { name: 'Migration20261130114107_templates', class: Migration20261130114107_templates },
  {
    name: 'Migration20261130204000_invite_fillfactor',
    class: Migration20261130204000_invite_fillfactor,
  },
];
