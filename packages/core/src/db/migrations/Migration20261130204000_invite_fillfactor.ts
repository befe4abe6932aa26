import { Migration } from '@mikro-orm/migrations';

/**
 * Leaves a fifth of each new page of invites free. The worker updates an emailed invite twice
 * (claimed, then sent) and touches no indexed column: with room on its page each update is a
 * heap-only tuple, instead of a new tuple elsewhere with an entry in every one of the table's
 * indexes. Only pages written from now on are packed so; an older page keeps its packing until
 * the table is rewritten, which this does not do (it would lock the table for that long).
 */
export class Migration20261130204000_invite_fillfactor extends Migration {
  override name = 'Migration20261130204000_invite_fillfactor';

  override up(): void | Promise<void> {
    this.addSql(`alter table "invites" set (fillfactor = 80);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "invites" reset (fillfactor);`);
  }
}
