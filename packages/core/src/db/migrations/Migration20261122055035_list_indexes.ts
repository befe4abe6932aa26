import { Migration } from '@mikro-orm/migrations';

export class Migration20261122055035_list_indexes extends Migration {
  override name = 'Migration20261122055035_list_indexes';

  override up(): void | Promise<void> {
    this.addSql(`drop index "invites_email_idx";`);
    this.addSql(`drop index "invites_invitee_id_idx";`);
    this.addSql(
      `create index "invites_type_created_at_idx" on "invites" ("type", "created_at", "id");`,
    );
    this.addSql(`create index "invites_email_idx" on "invites" ("email", "created_at", "id");`);
    this.addSql(
      `create index "invites_invitee_id_idx" on "invites" ("invitee_id", "created_at", "id");`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "invites_type_created_at_idx";`);
    this.addSql(`drop index "invites_email_idx";`);
    this.addSql(`drop index "invites_invitee_id_idx";`);
    this.addSql(`create index "invites_email_idx" on "invites" ("email");`);
    this.addSql(`create index "invites_invitee_id_idx" on "invites" ("invitee_id");`);
  }
}
