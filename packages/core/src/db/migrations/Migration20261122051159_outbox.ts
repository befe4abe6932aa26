import { Migration } from '@mikro-orm/migrations';

export class Migration20261122051159_outbox extends Migration {
  override name = 'Migration20261122051159_outbox';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "webhooks" ("id" uuid not null default gen_random_uuid(), "url" text not null, "events" text[] not null, "secret_ciphertext" text not null, "created_at" timestamptz(3) not null default now(), primary key ("id"));`,
    );
    this.addSql(`create index "webhooks_events_idx" on "webhooks" using gin ("events");`);

    this.addSql(
      `alter table "invites" add "delivery_status" text null, add "delivery_id" uuid null, add "delivery_claimed_until" timestamptz(3) null, add "delivery_attempts" int not null default 0, add "delivery_last_error" text null, add "delivery_sent_at" timestamptz(3) null;`,
    );
    this.addSql(
      `alter table "invites" add constraint "invites_delivery_status_check" check ("delivery_status" in ('queued', 'sent', 'failed'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "webhooks" cascade;`);

    this.addSql(`alter table "invites" drop constraint "invites_delivery_status_check";`);
    this.addSql(
      `alter table "invites" drop column "delivery_status", drop column "delivery_id", drop column "delivery_claimed_until", drop column "delivery_attempts", drop column "delivery_last_error", drop column "delivery_sent_at";`,
    );
  }
}
