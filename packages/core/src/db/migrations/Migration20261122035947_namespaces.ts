import { Migration } from '@mikro-orm/migrations';

export class Migration20261122035947_namespaces extends Migration {
  override name = 'Migration20261122035947_namespaces';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "namespaces" ("id" uuid not null default gen_random_uuid(), "name" text not null, "path" text not null, "owner_id" uuid not null, "description" text null, "created_at" timestamptz(3) not null default now(), primary key ("id"));`,
    );
    this.addSql(`alter table "namespaces" add constraint "namespaces_path_key" unique ("path");`);
    this.addSql(`create index "namespaces_owner_id_idx" on "namespaces" ("owner_id");`);

    this.addSql(
      `create table "collaborators" ("namespace_id" uuid not null, "user_id" uuid not null, "role" text not null, "since" timestamptz(3) not null default now(), primary key ("namespace_id", "user_id"));`,
    );
    this.addSql(`create index "collaborators_user_id_idx" on "collaborators" ("user_id");`);

    this.addSql(`drop index "invites_namespace_id_idx";`);
    this.addSql(
      `alter table "invites" add constraint "invites_namespace_id_foreign" foreign key ("namespace_id") references "namespaces" ("id") on delete cascade;`,
    );
    this.addSql(
      `create unique index "invites_pending_invitee_key" on "invites" ("namespace_id", "invitee_id") where "status" = 'pending' and "namespace_id" is not null and "invitee_id" is not null;`,
    );
    this.addSql(
      `create unique index "invites_pending_email_key" on "invites" ("namespace_id", "email") where "status" = 'pending' and "namespace_id" is not null and "email" is not null;`,
    );
    this.addSql(
      `create index "invites_namespace_id_idx" on "invites" ("namespace_id", "created_at", "id");`,
    );

    this.addSql(
      `alter table "namespaces" add constraint "namespaces_owner_id_foreign" foreign key ("owner_id") references "users" ("id") on delete restrict;`,
    );

    this.addSql(
      `alter table "collaborators" add constraint "collaborators_namespace_id_foreign" foreign key ("namespace_id") references "namespaces" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "collaborators" add constraint "collaborators_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "collaborators" add constraint "collaborators_role_check" check ("role" in ('owner', 'admin', 'member'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "invites" drop constraint "invites_namespace_id_foreign";`);
    this.addSql(
      `alter table "collaborators" drop constraint "collaborators_namespace_id_foreign";`,
    );

    this.addSql(`drop table if exists "namespaces" cascade;`);
    this.addSql(`drop table if exists "collaborators" cascade;`);

    this.addSql(`drop index "invites_pending_invitee_key";`);
    this.addSql(`drop index "invites_pending_email_key";`);
    this.addSql(`drop index "invites_namespace_id_idx";`);
    this.addSql(`create index "invites_namespace_id_idx" on "invites" ("namespace_id");`);
  }
}
