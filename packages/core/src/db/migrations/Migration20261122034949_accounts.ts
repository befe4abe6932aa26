import { Migration } from '@mikro-orm/migrations';

export class Migration20261122034949_accounts extends Migration {
  override name = 'Migration20261122034949_accounts';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "groups" ("id" uuid not null default gen_random_uuid(), "name" text not null, "permissions" text[] not null default '{}', "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(), primary key ("id"));`,
    );
    this.addSql(`alter table "groups" add constraint "groups_name_key" unique ("name");`);

    this.addSql(
      `create table "rate_limits" ("key" varchar(255) not null, "points" int not null default 0, "expire" bigint null, primary key ("key"));`,
    );

    this.addSql(
      `create table "users" ("id" uuid not null default gen_random_uuid(), "email" text not null, "email_verified" boolean not null default false, "username" text not null, "name" text null, "password_hash" text not null, "permissions" text[] not null default '{}', "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(), primary key ("id"));`,
    );
    this.addSql(`alter table "users" add constraint "users_email_key" unique ("email");`);
    this.addSql(`alter table "users" add constraint "users_username_key" unique ("username");`);
    this.addSql(`create index "users_created_at_id_idx" on "users" ("created_at", "id");`);

    this.addSql(
      `create table "sessions" ("id" uuid not null default gen_random_uuid(), "user_id" uuid not null, "token_digest" bytea not null, "created_at" timestamptz(3) not null default now(), "expires_at" timestamptz(3) not null, "revoked_at" timestamptz(3) null, "ip" text null, primary key ("id"));`,
    );
    this.addSql(`create index "sessions_user_id_idx" on "sessions" ("user_id");`);
    this.addSql(
      `alter table "sessions" add constraint "sessions_token_digest_key" unique ("token_digest");`,
    );

    this.addSql(
      `create table "invite_groups" ("invite_id" uuid not null, "group_id" uuid not null, primary key ("invite_id", "group_id"));`,
    );
    this.addSql(`create index "invite_groups_group_id_idx" on "invite_groups" ("group_id");`);

    this.addSql(
      `create table "user_groups" ("user_id" uuid not null, "group_id" uuid not null, primary key ("user_id", "group_id"));`,
    );
    this.addSql(`create index "user_groups_group_id_idx" on "user_groups" ("group_id");`);

    this.addSql(`alter table "invites" drop column "group_ids";`);
    this.addSql(
      `alter table "invites" add constraint "invites_inviter_id_foreign" foreign key ("inviter_id") references "users" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "invites" add constraint "invites_invitee_id_foreign" foreign key ("invitee_id") references "users" ("id") on delete set null;`,
    );

    this.addSql(
      `alter table "redemptions" add constraint "redemptions_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "redemptions" add constraint "redemptions_invite_id_user_id_key" unique ("invite_id", "user_id");`,
    );

    this.addSql(
      `alter table "sessions" add constraint "sessions_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "invite_groups" add constraint "invite_groups_invite_id_foreign" foreign key ("invite_id") references "invites" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "invite_groups" add constraint "invite_groups_group_id_foreign" foreign key ("group_id") references "groups" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "user_groups" add constraint "user_groups_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "user_groups" add constraint "user_groups_group_id_foreign" foreign key ("group_id") references "groups" ("id") on update cascade on delete cascade;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "invite_groups" drop constraint "invite_groups_group_id_foreign";`);
    this.addSql(`alter table "user_groups" drop constraint "user_groups_group_id_foreign";`);
    this.addSql(`alter table "sessions" drop constraint "sessions_user_id_foreign";`);
    this.addSql(`alter table "invites" drop constraint "invites_inviter_id_foreign";`);
    this.addSql(`alter table "invites" drop constraint "invites_invitee_id_foreign";`);
    this.addSql(`alter table "redemptions" drop constraint "redemptions_user_id_foreign";`);
    this.addSql(`alter table "user_groups" drop constraint "user_groups_user_id_foreign";`);

    this.addSql(`drop table if exists "groups" cascade;`);
    this.addSql(`drop table if exists "rate_limits" cascade;`);
    this.addSql(`drop table if exists "users" cascade;`);
    this.addSql(`drop table if exists "sessions" cascade;`);
    this.addSql(`drop table if exists "invite_groups" cascade;`);
    this.addSql(`drop table if exists "user_groups" cascade;`);

    this.addSql(`alter table "invites" add "group_ids" text[] not null default '{}';`);

    this.addSql(`alter table "redemptions" drop constraint "redemptions_invite_id_user_id_key";`);
  }
}
