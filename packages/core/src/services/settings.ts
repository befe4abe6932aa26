import { SettingsSchema } from '../db/entities/settings.ts';
import type { CodeFormat } from '../domain/codes.ts';
import { isDuration } from '../domain/duration.ts';
import { DomainError } from '../domain/errors.ts';
import { isValidPermission } from '../domain/permissions.ts';
import { requireWithin } from '../domain/policy.ts';
import { type Actor, requirePermission } from '../domain/principal.ts';
import type { RegistrationMode, SettingsView } from '../domain/types.ts';
import { recordAudit } from './audit.ts';
import { type Em, sqlOf, toIso } from './database.ts';

export interface SettingsPatch {
  invitesEnabled?: boolean | undefined;
  registration?: RegistrationMode | undefined;
  defaultInviteTtl?: string | undefined;
  codeFormat?: CodeFormat | undefined;
  codePrefix?: string | undefined;
  defaultPermissions?: string[] | undefined;
}

export const CODE_PREFIX_PATTERN = /^[A-Za-z0-9_-]{0,16}$/;

/** Reads the settings row in the caller's unit of work. */
export async function loadSettings(em: Em): Promise<SettingsView> {
  // Plain SQL: validate and redeem read this on every call, and the ORM's bookkeeping for a
  // one-row lookup cost more than the query.
  const row = (await sqlOf(em)
    .selectFrom('settings')
    .selectAll()
    .where('id', '=', 1)
    .executeTakeFirstOrThrow()) as {
    invites_enabled: boolean;
    registration: SettingsView['registration'];
    default_invite_ttl: string;
    code_format: SettingsView['codeFormat'];
    code_prefix: string;
    default_permissions: string[];
    updated_at: Date | string;
  };
  return {
    invitesEnabled: row.invites_enabled,
    registration: row.registration,
    defaultInviteTtl: row.default_invite_ttl,
    codeFormat: row.code_format,
    codePrefix: row.code_prefix,
    defaultPermissions: [...row.default_permissions],
    updatedAt: toIso(row.updated_at),
  };
}

export class SettingsService {
  readonly #fork: () => Em;

  constructor(fork: () => Em) {
    this.#fork = fork;
  }

  async get(actor: Actor): Promise<SettingsView> {
    requirePermission(actor.principal, 'settings:read');
    return loadSettings(this.#fork());
  }

  async update(actor: Actor, patch: SettingsPatch): Promise<SettingsView> {
    const principal = requirePermission(actor.principal, 'settings:write');
    validateSettingsPatch(patch);
    return this.#fork().transactional(async (em) => {
      // Every new user receives these: setting them is granting them, and replacing them takes
      // away what they granted; both need all of it (R21).
      if (patch.defaultPermissions !== undefined) {
        const before = (await sqlOf(em)
          .selectFrom('settings')
          .select('default_permissions')
          .where('id', '=', 1)
          .forUpdate()
          .executeTakeFirstOrThrow()) as { default_permissions: string[] };
        requireWithin(
          principal,
          before.default_permissions,
          'replace default permissions wider than yours',
        );
        requireWithin(principal, patch.defaultPermissions, 'make these permissions the default');
      }
      const changes = Object.fromEntries(
        Object.entries(patch).filter(([, value]) => value !== undefined),
      );
      await em.nativeUpdate(SettingsSchema, { id: 1 }, { ...changes, updatedAt: new Date() });
      await recordAudit(em, actor, [
        { action: 'settings.updated', targetType: 'settings', targetId: null, data: { changes } },
      ]);
      return loadSettings(em);
    });
  }
}

function validateSettingsPatch(patch: SettingsPatch): void {
  const ttl = patch.defaultInviteTtl;
  if (ttl !== undefined && ttl !== 'never' && !isDuration(ttl)) {
    throw new DomainError('VALIDATION_FAILED', 'defaultInviteTtl must be a duration or "never"', [
      {
        path: 'defaultInviteTtl',
        message: 'expected a duration such as 7d, 12h, 30m, 90s, or "never"',
      },
    ]);
  }
  if (patch.codePrefix !== undefined && !CODE_PREFIX_PATTERN.test(patch.codePrefix)) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'codePrefix is at most 16 of A–Z, a–z, 0–9, _ and -',
      [{ path: 'codePrefix', message: 'at most 16 characters of A–Z, a–z, 0–9, _ and -' }],
    );
  }
  for (const [i, permission] of (patch.defaultPermissions ?? []).entries()) {
    if (!isValidPermission(permission)) {
      throw new DomainError('INVALID_PERMISSION', `Invalid permission "${permission}"`, [
        { path: `defaultPermissions.${i}`, message: 'not a valid permission string' },
      ]);
    }
  }
}
