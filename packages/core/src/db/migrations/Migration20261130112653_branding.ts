import { Migration } from '@mikro-orm/migrations';

export class Migration20261130112653_branding extends Migration {
  override name = 'Migration20261130112653_branding';

  override up(): void | Promise<void> {
    this.addSql(
      `alter table "settings" add "product_name" text not null default 'Guestlist', add "logo_url" text null, add "accent_color" text not null default '#1f883d', add "support_email" text null, add "permission_labels" jsonb not null default '{}', add "default_locale" text not null default 'en';`,
    );
    this.addSql(
      `alter table "settings" add constraint "settings_default_locale_check" check ("default_locale" in ('en', 'de', 'fr', 'es'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "settings" drop constraint "settings_default_locale_check";`);
    this.addSql(
      `alter table "settings" drop column "product_name", drop column "logo_url", drop column "accent_color", drop column "support_email", drop column "permission_labels", drop column "default_locale";`,
    );
  }
}
