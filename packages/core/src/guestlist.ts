import { connectOrm, migrate, migrationsApplied, type Orm } from './db/orm.ts';
import { SecretBox } from './domain/secrets.ts';
import { ApiKeyService } from './services/api-keys.ts';
import { AuditService } from './services/audit.ts';
import { type Em, forkOf } from './services/database.ts';
import { InviteService } from './services/invites/invite-service.ts';
import { SettingsService } from './services/settings.ts';

export interface GuestlistConfig {
  databaseUrl: string;
  /** Keys the code digests and ciphertexts (spec §7). */
  secretKey: string;
  /** Base of invite links. */
  publicUrl: string;
  poolSize?: number;
  logQuery?: (sql: string) => void;
}

/** The domain, wired to one database: what the server and the worker are built on. */
export interface Guestlist {
  invites: InviteService;
  apiKeys: ApiKeyService;
  settings: SettingsService;
  audit: AuditService;
  /** Applies pending migrations (safe with several processes starting at once). */
  migrate(): Promise<string[]>;
  /** Database reachable and every migration applied. */
  ready(): Promise<boolean>;
  close(): Promise<void>;
  /** For tests and tools: a unit of work on the same connection pool. */
  fork(): Em;
}

export async function createGuestlist(config: GuestlistConfig): Promise<Guestlist> {
  const orm: Orm = await connectOrm({
    databaseUrl: config.databaseUrl,
    ...(config.poolSize ? { poolSize: config.poolSize } : {}),
    ...(config.logQuery ? { logQuery: config.logQuery } : {}),
  });
  const secrets = new SecretBox(config.secretKey);
  const fork = () => forkOf(orm);
  return {
    invites: new InviteService(fork, secrets, config.publicUrl),
    apiKeys: new ApiKeyService(fork),
    settings: new SettingsService(fork),
    audit: new AuditService(fork),
    migrate: () => migrate(orm),
    async ready() {
      try {
        const connection = await orm.checkConnection();
        return connection.ok && (await migrationsApplied(orm));
      } catch {
        return false;
      }
    },
    close: () => orm.close(true),
    fork,
  };
}
