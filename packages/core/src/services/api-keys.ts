import type { ApiKey } from '../db/entities/api-key.ts';
import { API_KEY_PATTERN, generateApiKeySecret, isUuid } from '../domain/codes.ts';
import { DomainError } from '../domain/errors.ts';
import { type PageRequest, pageWindow } from '../domain/paging.ts';
import { isValidPermission } from '../domain/permissions.ts';
import { requireWithin } from '../domain/policy.ts';
import { type Actor, type Principal, requirePermission } from '../domain/principal.ts';
import { tokenDigest } from '../domain/secrets.ts';
import type { ApiKeyView, Page } from '../domain/types.ts';
import { ApiKeyRepository } from '../repositories/api-keys.ts';
import { recordAudit } from './audit.ts';
import { type Em, inTransaction, type Tx, toIso } from './database.ts';
import { keyPrincipal, loadKey } from './principals.ts';

export interface CreateApiKeyInput {
  name: string;
  permissions: string[];
}

function toView(key: ApiKey): ApiKeyView {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    permissions: [...key.permissions],
    createdAt: toIso(key.createdAt),
    lastUsedAt: toIso(key.lastUsedAt),
    revokedAt: toIso(key.revokedAt),
  };
}

const DISPLAY_PREFIX_LENGTH = 8; // `gl_` and five characters: enough to tell keys apart.

/** Recording every use would write on every request; once a minute is enough to see activity. */
const LAST_USED_RESOLUTION_MS = 60_000;

export class ApiKeyService {
  readonly #fork: () => Em;
  readonly #direct: () => Em;

  constructor(fork: () => Em, direct: () => Em) {
    this.#fork = fork;
    this.#direct = direct;
  }

  /** The principal a bearer secret stands for, or null when it is unknown or revoked. */
  async authenticate(secret: string): Promise<Principal | null> {
    if (!API_KEY_PATTERN.test(secret)) return null;
    // Every authenticated request comes here: a read and, once a minute, one update, each a
    // statement of its own.
    const em = this.#direct();
    const key = await loadKey(em, tokenDigest(secret));
    if (!key) return null;
    const now = Date.now();
    if (!key.last_used_at || now - new Date(key.last_used_at).getTime() > LAST_USED_RESOLUTION_MS) {
      await new ApiKeyRepository(em).touch(key.id, new Date(now));
    }
    return keyPrincipal(key);
  }

  async list(actor: Actor, page?: PageRequest): Promise<Page<ApiKeyView>> {
    requirePermission(actor.principal, 'apikey:write');
    const [keys, total] = await new ApiKeyRepository(this.#fork()).page(pageWindow(page));
    return { data: keys.map(toView), total, nextCursor: null };
  }

  /** Creates a key; its secret is in the answer and nowhere else, ever. */
  async create(
    actor: Actor,
    input: CreateApiKeyInput,
  ): Promise<{ key: ApiKeyView; secret: string }> {
    const caller = requirePermission(actor.principal, 'apikey:write');
    for (const [i, permission] of input.permissions.entries()) {
      if (!isValidPermission(permission)) {
        throw new DomainError('INVALID_PERMISSION', `Invalid permission "${permission}"`, [
          { path: `permissions.${i}`, message: 'not a valid permission string' },
        ]);
      }
    }
    // A key can hand out only what its creator holds: no minting of a wider key (R21).
    requireWithin(caller, input.permissions, 'mint this key');
    const secret = generateApiKeySecret();
    return inTransaction(this.#fork, async (tx) => {
      const key = await new ApiKeyRepository(tx).create({
        createdByUser: await userBehind(tx, caller),
        name: input.name,
        prefix: secret.slice(0, DISPLAY_PREFIX_LENGTH),
        secretDigest: tokenDigest(secret),
        permissions: input.permissions,
        createdAt: new Date(),
      });
      await recordAudit(tx, actor, [
        {
          action: 'api_key.created',
          targetType: 'api_key',
          targetId: key.id,
          data: { name: key.name, permissions: key.permissions },
        },
      ]);
      return { key: toView(key), secret };
    });
  }

  async revoke(actor: Actor, id: string): Promise<ApiKeyView> {
    const caller = requirePermission(actor.principal, 'apikey:write');
    if (!isUuid(id)) throw new DomainError('API_KEY_NOT_FOUND', 'No such API key');
    return inTransaction(this.#fork, async (tx) => {
      const keys = new ApiKeyRepository(tx);
      const key = await keys.findById(id);
      if (!key) throw new DomainError('API_KEY_NOT_FOUND', 'No such API key');
      // As for minting: a narrow key must not take down a wider one (the operator's `*` key).
      requireWithin(caller, key.permissions, 'revoke this key');
      if (!key.revokedAt) {
        key.revokedAt = new Date();
        await keys.save();
        await recordAudit(tx, actor, [
          { action: 'api_key.revoked', targetType: 'api_key', targetId: key.id },
        ]);
      }
      return toView(key);
    });
  }

  /**
   * The operator's key at start-up (spec §2). With `ADMIN_API_KEY`, a key with that secret and
   * `*` exists afterwards. Without it, when no operator key exists yet, one is generated and
   * returned so the caller can show it once; otherwise nothing happens.
   */
  async ensureAdminKey(configured: string | undefined): Promise<{ generated: string | null }> {
    return inTransaction(this.#fork, async (tx) => {
      const keys = new ApiKeyRepository(tx);
      // Two processes starting together must not both generate a key.
      await keys.lockBootstrap();
      if (configured) {
        if (!API_KEY_PATTERN.test(configured)) {
          throw new Error('ADMIN_API_KEY must be "gl_" followed by at least 32 letters and digits');
        }
        const digest = tokenDigest(configured);
        const existing = await keys.findBySecretDigest(digest);
        if (existing) {
          existing.permissions = ['*'];
          existing.revokedAt = null;
          existing.bootstrap = true;
          await keys.save();
        } else {
          await keys.create({
            name: 'admin (ADMIN_API_KEY)',
            prefix: configured.slice(0, DISPLAY_PREFIX_LENGTH),
            secretDigest: digest,
            permissions: ['*'],
            bootstrap: true,
            createdAt: new Date(),
          });
        }
        return { generated: null };
      }
      if ((await keys.countLiveBootstrap()) > 0) return { generated: null };
      const secret = generateApiKeySecret();
      await keys.create({
        name: 'admin (generated)',
        prefix: secret.slice(0, DISPLAY_PREFIX_LENGTH),
        secretDigest: tokenDigest(secret),
        permissions: ['*'],
        bootstrap: true,
        createdAt: new Date(),
      });
      return { generated: secret };
    });
  }
}

/**
 * The user a new key answers to: the signed-in user minting it, or the user behind the key
 * minting it, so that a key cannot launder a user's permissions into an unbounded key.
 */
async function userBehind(tx: Tx, caller: Principal): Promise<string | null> {
  if (caller.kind === 'user') return caller.id;
  return new ApiKeyRepository(tx).findMinter(caller.id);
}
