import { Migration } from '@mikro-orm/migrations';

/**
 * Redirects after the invite page (§9): an invite's `redirectUrl`, and the settings that bound
 * where any redirect may go. Existing invites have none and no origin is allowed, so nothing
 * redirects until an operator says where.
 */
export class Migration20261130075541_redirects extends Migration {
  override name = 'Migration20261130075541_redirects';

  override up(): void | Promise<void> {
    this.addSql(
      `alter table "settings" add "allowed_redirect_origins" text[] not null default '{}', add "default_redirect_url" text null;`,
    );
    this.addSql(`alter table "invites" add "redirect_url" text null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "invites" drop column "redirect_url";`);
    this.addSql(
      `alter table "settings" drop column "allowed_redirect_origins", drop column "default_redirect_url";`,
    );
  }
}
