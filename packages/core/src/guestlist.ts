import { connectOrm, migrate, migrationsApplied, type Orm } from './db/orm.ts';
import type { Principal } from './domain/principal.ts';
import { SecretBox } from './domain/secrets.ts';
import { ApiKeyService } from './services/api-keys.ts';
import { AuditService } from './services/audit.ts';
import { type Em, forkOf } from './services/database.ts';
import { GroupService } from './services/groups.ts';
import { InviteService } from './services/invites/invite-service.ts';
import { NamespaceService } from './services/namespaces.ts';
import { DEFAULT_RATE_LIMITS, type RateLimitConfig, RateLimits } from './services/rate-limits.ts';
import { SettingsService } from './services/settings.ts';
import { AccountService } from './services/users/accounts.ts';
import { UserService } from './services/users/users.ts';

export interface GuestlistConfig {
  databaseUrl: string;
  /** Keys the code digests and ciphertexts (spec §7). */
  secretKey: string;
  /** Base of invite links. */
  publicUrl: string;
  poolSize?: number;
  logQuery?: (sql: string) => void;
  /** Requests per minute per client IP (spec R18). */
  rateLimits?: RateLimitConfig;
}

/** The domain, wired to one database: what the server and the worker are built on. */
export interface Guestlist {
  invites: InviteService;
  accounts: AccountService;
  users: UserService;
  groups: GroupService;
  namespaces: NamespaceService;
  apiKeys: ApiKeyService;
  rateLimits: RateLimits;
  settings: SettingsService;
  audit: AuditService;
  /** The principal behind a bearer token: an API key (`gl_`) or a session (`gls_`). */
  authenticate(token: string): Promise<Principal | null>;
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
  const invites = new InviteService(fork, secrets, config.publicUrl);
  const accounts = new AccountService(fork, invites);
  const apiKeys = new ApiKeyService(fork);
  const rateLimits = new RateLimits(config.databaseUrl, config.rateLimits ?? DEFAULT_RATE_LIMITS);
  return {
    invites,
    accounts,
    users: new UserService(fork),
    groups: new GroupService(fork),
    namespaces: new NamespaceService(fork, invites),
    apiKeys,
    rateLimits,
    authenticate: (token) =>
      token.startsWith('gls_') ? accounts.authenticate(token) : apiKeys.authenticate(token),
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
    async close() {
      await rateLimits.close();
      await orm.close(true);
    },
    fork,
  };
}
