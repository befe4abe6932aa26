import { Migration } from '@mikro-orm/migrations';

export class Migration20261122030739_init extends Migration {
  override name = 'Migration20261122030739_init';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "api_keys" ("id" uuid not null default gen_random_uuid(), "name" text not null, "prefix" text not null, "secret_digest" bytea not null, "permissions" text[] not null default '{}', "bootstrap" boolean not null default false, "created_at" timestamptz(3) not null default now(), "last_used_at" timestamptz(3) null, "revoked_at" timestamptz(3) null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "api_keys" add constraint "api_keys_secret_digest_key" unique ("secret_digest");`,
    );

    this.addSql(
      `create table "audit_events" ("id" uuid not null default gen_random_uuid(), "action" text not null, "actor_type" text not null, "actor_id" uuid null, "target_type" text not null, "target_id" uuid null, "invite_id" uuid null, "ip" text null, "data" jsonb not null default '{}', "created_at" timestamptz(3) not null default now(), primary key ("id"));`,
    );
    this.addSql(
      `create index "audit_events_created_at_idx" on "audit_events" ("created_at", "id");`,
    );
    this.addSql(
      `create index "audit_events_invite_id_idx" on "audit_events" ("invite_id", "created_at");`,
    );
    this.addSql(
      `create index "audit_events_actor_id_idx" on "audit_events" ("actor_id", "created_at");`,
    );
    this.addSql(
      `create index "audit_events_action_idx" on "audit_events" ("action", "created_at");`,
    );

    this.addSql(
      `create table "invites" ("id" uuid not null default gen_random_uuid(), "code_digest" bytea not null, "code_ciphertext" text not null, "type" text not null default 'account', "status" text not null default 'pending', "email" text null, "inviter_id" uuid null, "created_by_key_id" uuid null, "invitee_id" uuid null, "namespace_id" uuid null, "role" text null, "permissions" text[] not null default '{}', "group_ids" text[] not null default '{}', "metadata" jsonb not null default '{}', "max_uses" int null default 1, "uses" int not null default 0, "expires_at" timestamptz(3) null, "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(), "accepted_at" timestamptz(3) null, "canceled_at" timestamptz(3) null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "invites" add constraint "invites_code_digest_key" unique ("code_digest");`,
    );
    this.addSql(`create index "invites_created_at_id_idx" on "invites" ("created_at", "id");`);
    this.addSql(`create index "invites_updated_at_id_idx" on "invites" ("updated_at", "id");`);
    this.addSql(
      `create index "invites_expires_sort_idx" on "invites" ((coalesce("expires_at", 'infinity'::timestamptz)), "id");`,
    );
    this.addSql(
      `create index "invites_status_created_at_idx" on "invites" ("status", "created_at", "id");`,
    );
    this.addSql(
      `create index "invites_inviter_id_idx" on "invites" ("inviter_id", "created_at", "id");`,
    );
    this.addSql(
      `create index "invites_created_by_key_id_idx" on "invites" ("created_by_key_id", "created_at", "id");`,
    );
    this.addSql(`create index "invites_email_idx" on "invites" ("email");`);
    this.addSql(`create index "invites_invitee_id_idx" on "invites" ("invitee_id");`);
    this.addSql(`create index "invites_namespace_id_idx" on "invites" ("namespace_id");`);
    this.addSql(
      `create index "invites_pending_expires_at_idx" on "invites" ("expires_at") where "status" = 'pending' and "expires_at" is not null;`,
    );

    this.addSql(
      `create table "redemptions" ("id" uuid not null default gen_random_uuid(), "invite_id" uuid not null, "user_id" uuid not null, "at" timestamptz(3) not null default now(), primary key ("id"));`,
    );
    this.addSql(`create index "redemptions_invite_id_idx" on "redemptions" ("invite_id");`);

    this.addSql(
      `create table "settings" ("id" int not null, "invites_enabled" boolean not null default true, "registration" text not null default 'invite-only', "default_invite_ttl" text not null default '7d', "code_format" text not null default 'token', "code_prefix" text not null default '', "default_permissions" text[] not null default '{}', "updated_at" timestamptz(3) not null default now(), primary key ("id"));`,
    );

    this.addSql(
      `alter table "audit_events" add constraint "audit_events_actor_type_check" check ("actor_type" in ('user', 'api_key', 'system'));`,
    );

    this.addSql(
      `alter table "invites" add constraint "invites_type_check" check ("type" in ('account', 'namespace'));`,
    );
    this.addSql(
      `alter table "invites" add constraint "invites_status_check" check ("status" in ('pending', 'accepted', 'declined', 'canceled', 'expired'));`,
    );

    this.addSql(
      `alter table "redemptions" add constraint "redemptions_invite_id_foreign" foreign key ("invite_id") references "invites" ("id") on delete cascade;`,
    );

    this.addSql(`alter table "settings" add constraint "settings_id_check" check (id = 1);`);
    this.addSql(
      `alter table "settings" add constraint "settings_registration_check" check ("registration" in ('open', 'invite-only', 'closed'));`,
    );
    this.addSql(
      `alter table "settings" add constraint "settings_code_format_check" check ("code_format" in ('token', 'uuid', 'short'));`,
    );

    // Written by hand: the one settings row, with the spec's defaults.
    this.addSql(`insert into "settings" ("id") values (1);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "redemptions" drop constraint "redemptions_invite_id_foreign";`);

    this.addSql(`drop table if exists "api_keys" cascade;`);
    this.addSql(`drop table if exists "audit_events" cascade;`);
    this.addSql(`drop table if exists "invites" cascade;`);
    this.addSql(`drop table if exists "redemptions" cascade;`);
    this.addSql(`drop table if exists "settings" cascade;`);
  }
}
