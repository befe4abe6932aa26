import type { Updateable } from 'kysely';
import type { DB } from '../db/schema.ts';
import { type BrandingPatch, requireValidBranding } from '../domain/branding.ts';
import type { CodeFormat } from '../domain/codes.ts';
import { isDuration } from '../domain/duration.ts';
import { DomainError } from '../domain/errors.ts';
import { isValidPermission } from '../domain/permissions.ts';
import { requireWithin } from '../domain/policy.ts';
import { type Actor, requirePermission } from '../domain/principal.ts';
import { checkRedirectUrl, normalizeRedirectOrigin } from '../domain/redirect-url.ts';
import type { PublicBranding, RegistrationMode, SettingsView } from '../domain/types.ts';
import type { Locale } from '../domain/vocabulary.ts';
import { SettingsRepository, type SettingsRow } from '../repositories/settings.ts';
import { recordAudit } from './audit.ts';
import { type Em, inTransaction, type Tx, toIso } from './database.ts';

export interface SettingsPatch extends BrandingPatch {
  invitesEnabled?: boolean | undefined;
  registration?: RegistrationMode | undefined;
  defaultInviteTtl?: string | undefined;
  codeFormat?: CodeFormat | undefined;
  codePrefix?: string | undefined;
  defaultPermissions?: string[] | undefined;
  allowedRedirectOrigins?: string[] | undefined;
  defaultRedirectUrl?: string | null | undefined;
  defaultLocale?: Locale | undefined;
}

export const CODE_PREFIX_PATTERN = /^[A-Za-z0-9_-]{0,16}$/;

/** Reads the settings in the caller's unit of work. */
export async function loadSettings(tx: Tx): Promise<SettingsView> {
  return settingsView(await new SettingsRepository(tx).find());
}

/** The settings row as the API shows it. */
export function settingsView(row: SettingsRow): SettingsView {
  return {
    invitesEnabled: row.invites_enabled,
    registration: row.registration,
    defaultInviteTtl: row.default_invite_ttl,
    codeFormat: row.code_format,
    codePrefix: row.code_prefix,
    defaultPermissions: [...row.default_permissions],
    allowedRedirectOrigins: [...row.allowed_redirect_origins],
    defaultRedirectUrl: row.default_redirect_url,
    productName: row.product_name,
    logoUrl: row.logo_url,
    accentColor: row.accent_color,
    supportEmail: row.support_email,
    permissionLabels: { ...row.permission_labels },
    defaultLocale: row.default_locale,
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

  /**
   * The branding every page carries. It takes no permission: whoever opens an invite or an
   * account link sees these words and colours on the page anyway.
   */
  async branding(): Promise<PublicBranding> {
    const { productName, logoUrl, accentColor, permissionLabels, defaultLocale } =
      await loadSettings(this.#fork());
    return { productName, logoUrl, accentColor, permissionLabels, defaultLocale };
  }

  async update(actor: Actor, patch: SettingsPatch): Promise<SettingsView> {
    const principal = requirePermission(actor.principal, 'settings:write');
    validateSettingsPatch(patch);
    return inTransaction(this.#fork, async (tx) => {
      const settings = new SettingsRepository(tx);
      // Every new user receives these: setting them is granting them, and replacing them takes
      // away what they granted; both need all of it (R21).
      if (patch.defaultPermissions !== undefined) {
        requireWithin(
          principal,
          await settings.lockDefaultPermissions(),
          'replace default permissions wider than yours',
        );
        requireWithin(principal, patch.defaultPermissions, 'make these permissions the default');
      }
      const checked: SettingsPatch = { ...patch, ...(await checkRedirects(settings, patch)) };
      const changes = Object.fromEntries(
        Object.entries(checked).filter(([, value]) => value !== undefined),
      );
      await settings.update(toColumns(checked));
      await recordAudit(tx, actor, [
        { action: 'settings.updated', targetType: 'settings', targetId: null, data: { changes } },
      ]);
      return loadSettings(tx);
    });
  }
}

/**
 * The patch's redirect settings as they are stored (normalized), or 400 INVALID_REDIRECT_URL:
 * the default must lie within the origins as the patch leaves them, whichever of the two it
 * changes. The row is locked first, so two patches cannot each pass against what the other
 * replaces.
 */
async function checkRedirects(
  settings: SettingsRepository,
  patch: SettingsPatch,
): Promise<Pick<SettingsPatch, 'allowedRedirectOrigins' | 'defaultRedirectUrl'>> {
  const { allowedRedirectOrigins: origins, defaultRedirectUrl: target } = patch;
  if (origins === undefined && target === undefined) return {};
  const current = await settings.lockRedirects();
  const allowed =
    origins === undefined
      ? current.allowed_redirect_origins
      : [
          ...new Set(
            origins.map((o, i) => normalizeRedirectOrigin(o, `allowedRedirectOrigins.${i}`)),
          ),
        ];
  const fallback = target === undefined ? current.default_redirect_url : target;
  const checkedFallback =
    fallback === null ? null : checkRedirectUrl(fallback, allowed, 'defaultRedirectUrl');
  return {
    allowedRedirectOrigins: origins === undefined ? undefined : allowed,
    defaultRedirectUrl: target === undefined ? undefined : checkedFallback,
  };
}

/** The patch as a change of the row; what the patch leaves out stays as it is. */
function toColumns(patch: SettingsPatch): Updateable<DB['settings']> {
  return {
    invites_enabled: patch.invitesEnabled,
    registration: patch.registration,
    default_invite_ttl: patch.defaultInviteTtl,
    code_format: patch.codeFormat,
    code_prefix: patch.codePrefix,
    default_permissions: patch.defaultPermissions,
    allowed_redirect_origins: patch.allowedRedirectOrigins,
    default_redirect_url: patch.defaultRedirectUrl,
    product_name: patch.productName,
    logo_url: patch.logoUrl,
    accent_color: patch.accentColor?.toLowerCase(),
    support_email: patch.supportEmail,
    permission_labels: patch.permissionLabels,
    default_locale: patch.defaultLocale,
    updated_at: new Date(),
  };
}

function validateSettingsPatch(patch: SettingsPatch): void {
  requireValidBranding(patch);
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
