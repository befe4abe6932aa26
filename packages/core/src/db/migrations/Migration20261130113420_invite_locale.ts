import { Migration } from '@mikro-orm/migrations';

export class Migration20261130113420_invite_locale extends Migration {
  override name = 'Migration20261130113420_invite_locale';

  override up(): void | Promise<void> {
    this.addSql(`alter table "invites" add "locale" text null;`);
    this.addSql(
      `alter table "invites" add constraint "invites_locale_check" check ("locale" in ('en', 'de', 'fr', 'es'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "invites" drop constraint "invites_locale_check";`);
    this.addSql(`alter table "invites" drop column "locale";`);
  }
}
