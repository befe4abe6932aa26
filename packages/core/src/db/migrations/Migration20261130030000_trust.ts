import { Migration } from '@mikro-orm/migrations';

/**
 * Who stands behind a key, and behind an invite's address (R9, R21). A key a user minted is
 * bounded by that user's current permissions. An invite's address counts as vouched for only
 * when whoever bound it (its creator, or the last to change its email) held `user:write`.
 */
export class Migration20261130030000_trust extends Migration {
  override name = 'Migration20261130030000_trust';

  override up(): void | Promise<void> {
    this.addSql(
      `alter table "api_keys" add column "created_by_user_id" uuid null references "users" ("id") on delete cascade;`,
    );
    this.addSql(
      `create index "api_keys_created_by_user_id_idx" on "api_keys" ("created_by_user_id");`,
    );
    this.addSql(`alter table "invites" add column "email_vouched" boolean not null default false;`);
    // Invites made so far were vouched for by any key and by users holding invite:read. Only
    // those whose creator holds user:write keep it; a spelling this test misses (say
    // "user:read,write") errs towards an unverified account, never towards a forged one.
    this.addSql(`
      update "invites" i set "email_vouched" = true
       where i."email" is not null
         and ((i."created_by_key_id" is not null and exists (
                select 1 from "api_keys" k where k."id" = i."created_by_key_id"
                   and k."permissions" && array['*', 'user', 'user:*', 'user:write']))
           or (i."created_by_key_id" is null and exists (
                select 1 from "users" u where u."id" = i."inviter_id"
                   and (u."permissions" && array['*', 'user', 'user:*', 'user:write']
                     or exists (select 1 from "user_groups" ug join "groups" g on g."id" = ug."group_id"
                                 where ug."user_id" = u."id"
                                   and g."permissions" && array['*', 'user', 'user:*', 'user:write'])))));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "invites" drop column "email_vouched";`);
    this.addSql(`alter table "api_keys" drop column "created_by_user_id";`);
  }
}
