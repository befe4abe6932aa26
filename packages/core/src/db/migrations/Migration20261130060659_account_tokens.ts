import { Migration } from '@mikro-orm/migrations';

export class Migration20261130060659_account_tokens extends Migration {
  override name = 'Migration20261130060659_account_tokens';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "account_tokens" ("id" uuid not null default gen_random_uuid(), "user_id" uuid not null, "purpose" text not null, "token_digest" bytea not null, "email" text not null, "expires_at" timestamptz(3) not null, "used_at" timestamptz(3) null, "created_at" timestamptz(3) not null default now(), primary key ("id"));`,
    );
    this.addSql(`create index "account_tokens_user_id_idx" on "account_tokens" ("user_id");`);
    this.addSql(
      `alter table "account_tokens" add constraint "account_tokens_token_digest_key" unique ("token_digest");`,
    );

    this.addSql(
      `alter table "account_tokens" add constraint "account_tokens_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "account_tokens" add constraint "account_tokens_purpose_check" check ("purpose" in ('verify-email', 'reset-password'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "account_tokens" cascade;`);
  }
}
