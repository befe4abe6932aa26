import { PgBoss } from 'pg-boss';
import { connectOrm, migrate, migrationsApplied, type Orm } from './db/orm.ts';
import type { Principal } from './domain/principal.ts';
import { SecretBox } from './domain/secrets.ts';
import type { WebhookAddressCheck } from './domain/webhook-url.ts';
import { Outbox } from './jobs/outbox.ts';
import { DEFAULT_RETRY_POLICY, installQueues, type RetryPolicy } from './jobs/queues.ts';
import { ApiKeyService } from './services/api-keys.ts';
import { AuditService } from './services/audit.ts';
import { directOf, type Em, forkOf } from './services/database.ts';
import { GroupService } from './services/groups.ts';
import { inviteDeps } from './services/invites/context.ts';
import type { DeliveryService } from './services/invites/delivery.ts';
import { InviteService } from './services/invites/invite-service.ts';
import { Maintenance } from './services/maintenance.ts';
import { NamespaceService } from './services/namespaces.ts';
import { DEFAULT_RATE_LIMITS, type RateLimitConfig, RateLimits } from './services/rate-limits.ts';
import { SettingsService } from './services/settings.ts';
import { TemplateService } from './services/templates.ts';
import { AccountMail } from './services/users/account-mail.ts';
import { AccountService } from './services/users/accounts.ts';
import { PasswordResetService } from './services/users/password-reset.ts';
import { ProfileService } from './services/users/profile.ts';
import { UserService } from './services/users/users.ts';
import { VerificationService } from './services/users/verification.ts';
import { WebhookDeliveryService } from './services/webhook-deliveries.ts';
import { WebhookService } from './services/webhooks.ts';

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
  /**
   * Where a webhook's host points, judged when it is registered; the process that delivers
   * webhooks supplies it (with `WEBHOOK_ALLOW_PRIVATE_NETWORKS` built in). Without one, a URL
   * is refused only for its shape: the worker still refuses to connect to a private address.
   */
  webhookAddressCheck?: WebhookAddressCheck;
  /** How the outbox retries emails and webhook deliveries. */
  retryPolicy?: RetryPolicy;
  /** Failures of background machinery (the job queue's own connection), for the log. */
  onBackgroundError?: (error: Error) => void;
}

/** The domain, wired to one database: what the server and the worker are built on. */
export interface Guestlist {
  invites: InviteService;
  accounts: AccountService;
  /** Email verification (spec §8). */
  verification: VerificationService;
  /** Password reset (spec §8). */
  passwordReset: PasswordResetService;
  /** A person's own name, address and password (spec §8). */
  profile: ProfileService;
  /** Account tokens' emails, for the worker: what each job is to send. */
  accountMail: AccountMail;
  users: UserService;
  groups: GroupService;
  namespaces: NamespaceService;
  apiKeys: ApiKeyService;
  rateLimits: RateLimits;
  settings: SettingsService;
  /** Email templates (spec §11): the operator's wording, previews, and the worker's rendering. */
  templates: TemplateService;
  audit: AuditService;
  webhooks: WebhookService;
  /** A webhook's deliveries log, its test event and retries, and the worker's side of them. */
  webhookDeliveries: WebhookDeliveryService;
  /** The worker's view of invite emails: drafts and the outcome of each attempt. */
  delivery: DeliveryService;
  /** The worker's periodic clean-up: expiry sweep (R17), stale rate-limit rows and sessions. */
  maintenance: Maintenance;
  /**
   * The job queue (pg-boss), for the worker. This instance only enqueues; a worker starts its
   * own with `jobQueue` options suited to running jobs.
   */
  jobQueue(options?: ConstructorParameters<typeof PgBoss>[0] & object): PgBoss;
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
  const direct = () => directOf(orm);
  const onBackgroundError = config.onBackgroundError ?? (() => {});
  const jobQueue = (options: object = {}) => {
    const boss = new PgBoss({
      connectionString: config.databaseUrl,
      schedule: false,
      supervise: false,
      migrate: false,
      ...options,
    });
    // An EventEmitter without an error listener throws: a dropped connection must not crash us.
    boss.on('error', onBackgroundError);
    return boss;
  };
  // Enqueues only, on a small pool; installs pg-boss's schema (migrate) when `migrate()` runs.
  const boss = jobQueue({ max: 2, migrate: true });
  let bossStarted = false;
  // What the invite use cases share; the namespace service is given it, not the invite service.
  const inviteParts = inviteDeps(fork, direct, secrets, config.publicUrl, new Outbox(boss));
  const invites = new InviteService(inviteParts);
  const accountMail = new AccountMail(fork, secrets, inviteParts.outbox, config.publicUrl);
  const accounts = new AccountService(
    fork,
    direct,
    invites,
    accountMail,
    inviteParts.events.webhooks,
  );
  const apiKeys = new ApiKeyService(fork, direct);
  const rateLimits = new RateLimits(config.databaseUrl, config.rateLimits ?? DEFAULT_RATE_LIMITS);
  return {
    invites,
    accounts,
    verification: new VerificationService(fork, accountMail),
    passwordReset: new PasswordResetService(fork, accountMail),
    profile: new ProfileService(fork, accountMail),
    accountMail,
    users: new UserService(fork),
    groups: new GroupService(fork),
    namespaces: new NamespaceService(fork, inviteParts),
    apiKeys,
    rateLimits,
    authenticate: (token) =>
      token.startsWith('gls_') ? accounts.authenticate(token) : apiKeys.authenticate(token),
    settings: new SettingsService(fork),
    templates: new TemplateService(fork),
    audit: new AuditService(fork),
    webhooks: new WebhookService(fork, secrets, config.webhookAddressCheck),
    webhookDeliveries: new WebhookDeliveryService(fork, secrets, inviteParts.events.webhooks),
    delivery: invites.delivery,
    maintenance: new Maintenance(fork, invites),
    jobQueue,
    async migrate() {
      const applied = await migrate(orm);
      if (!bossStarted) {
        await boss.start();
        bossStarted = true;
      }
      await installQueues(boss, config.retryPolicy ?? DEFAULT_RETRY_POLICY);
      return applied;
    },
    async ready() {
      try {
        const connection = await orm.checkConnection();
        return connection.ok && (await migrationsApplied(orm));
      } catch {
        return false;
      }
    },
    async close() {
      if (bossStarted) await boss.stop({ graceful: false, close: true });
      await rateLimits.close();
      await orm.close(true);
    },
    fork,
  };
}
