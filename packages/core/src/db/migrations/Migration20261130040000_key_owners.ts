import { Migration } from '@mikro-orm/migrations';

/**
 * Keys minted before `api_keys.created_by_user_id` existed answer to their users too (R21).
 * Who minted each key is in the audit log: a user, or a key whose own minter is found the same
 * way. Keys that trace back to the operator's key, and keys with no such event, stay unbound,
 * as they would have been had they been minted after the column existed.
 */
export class Migration20261130040000_key_owners extends Migration {
  override name = 'Migration20261130040000_key_owners';

  override up(): void | Promise<void> {
    this.addSql(`
      with recursive minted as (
        select distinct on (e."target_id") e."target_id" as key_id, e."actor_type", e."actor_id"
          from "audit_events" e
         where e."action" = 'api_key.created' and e."target_id" is not null
         order by e."target_id", e."created_at"
      ), owner (key_id, user_id, depth) as (
        select m.key_id, m.actor_id, 0 from minted m where m.actor_type = 'user'
        union all
        select m.key_id, p."created_by_user_id", 0
          from minted m join "api_keys" p on p."id" = m.actor_id
         where m.actor_type = 'api_key' and p."created_by_user_id" is not null
        union all
        select m.key_id, o.user_id, o.depth + 1
          from minted m join owner o on o.key_id = m.actor_id
         where m.actor_type = 'api_key' and o.depth < 64
      )
      update "api_keys" k set "created_by_user_id" = o.user_id
        from owner o join "users" u on u."id" = o.user_id
       where k."id" = o.key_id and k."created_by_user_id" is null and not k."bootstrap";`);
  }

  override down(): void | Promise<void> {
    // The owners found cannot be told from those recorded at minting; they stay.
  }
}
