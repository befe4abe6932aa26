import { Migration } from '@mikro-orm/migrations';

export class Migration20261130075545_webhook_deliveries extends Migration {
  override name = 'Migration20261130075545_webhook_deliveries';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "webhook_deliveries" ("id" uuid not null default gen_random_uuid(), "webhook_id" uuid not null, "event" text not null, "message_id" text not null, "payload" jsonb not null, "status" text not null, "attempts" int not null default 0, "response_status" int null, "duration_ms" int null, "last_error" text null, "created_at" timestamptz(3) not null default now(), "delivered_at" timestamptz(3) null, primary key ("id"));`,
    );
    this.addSql(
      `create index "webhook_deliveries_webhook_id_created_at_id_idx" on "webhook_deliveries" ("webhook_id", "created_at", "id");`,
    );
    this.addSql(
      `create index "webhook_deliveries_status_created_at_idx" on "webhook_deliveries" ("status", "created_at");`,
    );

    this.addSql(
      `alter table "webhooks" add "previous_secret_ciphertext" text null, add "previous_secret_expires_at" timestamptz(3) null, add "enabled" boolean not null default true;`,
    );

    this.addSql(
      `alter table "webhook_deliveries" add constraint "webhook_deliveries_webhook_id_foreign" foreign key ("webhook_id") references "webhooks" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "webhook_deliveries" add constraint "webhook_deliveries_status_check" check ("status" in ('pending', 'delivered', 'failed'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "webhook_deliveries" cascade;`);

    this.addSql(
      `alter table "webhooks" drop column "previous_secret_ciphertext", drop column "previous_secret_expires_at", drop column "enabled";`,
    );
  }
}
