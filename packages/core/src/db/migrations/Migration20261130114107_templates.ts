import { Migration } from '@mikro-orm/migrations';

export class Migration20261130114107_templates extends Migration {
  override name = 'Migration20261130114107_templates';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "templates" ("kind" text not null, "locale" text not null, "subject" text not null, "text" text not null, "html" text not null, "updated_at" timestamptz(3) not null default now(), "updated_by" uuid null, primary key ("kind", "locale"));`,
    );

    this.addSql(
      `alter table "templates" add constraint "templates_kind_check" check ("kind" in ('invite', 'namespace-invite', 'verify-email', 'password-reset'));`,
    );
    this.addSql(
      `alter table "templates" add constraint "templates_locale_check" check ("locale" in ('en', 'de', 'fr', 'es'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "templates" cascade;`);
  }
}
