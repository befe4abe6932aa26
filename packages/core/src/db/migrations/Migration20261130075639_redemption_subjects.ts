import { Migration } from '@mikro-orm/migrations';

export class Migration20261130075639_redemption_subjects extends Migration {
  override name = 'Migration20261130075639_redemption_subjects';

  override up(): void | Promise<void> {
    this.addSql(`alter table "redemptions" add "subject" text null;`);
    this.addSql(`alter table "redemptions" alter column "user_id" drop not null;`);
    this.addSql(
      `alter table "redemptions" add constraint "redemptions_invite_id_subject_key" unique ("invite_id", "subject");`,
    );
    this.addSql(
      `alter table "redemptions" add constraint "redemptions_redeemer_check" check (num_nonnulls(user_id, subject) = 1);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "redemptions" drop constraint "redemptions_invite_id_subject_key";`);
    this.addSql(`alter table "redemptions" drop constraint "redemptions_redeemer_check";`);
    // Redemptions by a subject have no user to keep.
    this.addSql(`delete from "redemptions" where "user_id" is null;`);
    this.addSql(`alter table "redemptions" drop column "subject";`);
    this.addSql(`alter table "redemptions" alter column "user_id" set not null;`);
  }
}
