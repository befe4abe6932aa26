/**
 * The branding settings' rules (spec §11). Every value ends up in emails and pages that other
 * people open, so each is held to the narrowest shape that does its job: a logo is an https URL
 * (never `javascript:`, `data:` or plain http), a colour is `#rrggbb` and nothing else (no room
 * for CSS), and words carry no control characters (no forged header or line).
 */
import { DomainError, type FieldIssue } from './errors.ts';
import { isValidPermission } from './permissions.ts';

export const PRODUCT_NAME_MAX_LENGTH = 100;
export const LOGO_URL_MAX_LENGTH = 2048;
export const PERMISSION_LABELS_MAX = 100;
export const PERMISSION_LABEL_MAX_LENGTH = 120;
export const SUPPORT_EMAIL_MAX_LENGTH = 254;

export const ACCENT_COLOR_PATTERN = /^#[0-9a-fA-F]{6}$/;
/** A URL's hostname, lower-cased and punycoded by the parser. */
const LOGO_HOST = /^[a-z0-9.-]+$/;
const CONTROL = /[\p{Cc}\u2028\u2029]/u;
const SUPPORT_EMAIL_PATTERN =
  /^[^\s@<>"'`,;:\\()[\]]{1,64}@[^\s@.<>"'`,;:\\()[\]][^\s@<>"'`,;:\\()[\]]*\.[^\s@<>"'`,;:\\()[\]]{2,}$/;

export interface BrandingPatch {
  productName?: string | undefined;
  logoUrl?: string | null | undefined;
  accentColor?: string | undefined;
  supportEmail?: string | null | undefined;
  permissionLabels?: Record<string, string> | undefined;
}

/** An https URL without credentials, or why not. */
export function logoUrlProblem(value: string): string | null {
  if (value.length > LOGO_URL_MAX_LENGTH) return `at most ${LOGO_URL_MAX_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'not an absolute URL';
  }
  if (url.protocol !== 'https:') return 'must be an https URL';
  if (url.username || url.password) return 'must not carry credentials';
  // Pages name the logo's origin in their Content-Security-Policy: a host a URL allows but a
  // policy cannot hold (`;`, quotes) would end the directive and start another.
  if (!LOGO_HOST.test(url.hostname)) return 'must name a host of letters, digits, dots and hyphens';
  return null;
}

function wordsProblem(value: string, max: number): string | null {
  if (value.trim() === '') return 'must not be empty';
  if (value.length > max) return `at most ${max} characters`;
  if (CONTROL.test(value)) return 'must not contain control characters';
  return null;
}

/** Every offending field of a branding patch; nothing when it may be stored as it is. */
export function brandingIssues(patch: BrandingPatch): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const add = (path: string, message: string | null) => {
    if (message) issues.push({ path, message });
  };
  if (patch.productName !== undefined)
    add('productName', wordsProblem(patch.productName, PRODUCT_NAME_MAX_LENGTH));
  if (patch.logoUrl !== undefined && patch.logoUrl !== null)
    add('logoUrl', logoUrlProblem(patch.logoUrl));
  if (patch.accentColor !== undefined && !ACCENT_COLOR_PATTERN.test(patch.accentColor))
    add('accentColor', 'a colour as #rrggbb');
  if (
    patch.supportEmail !== undefined &&
    patch.supportEmail !== null &&
    (patch.supportEmail.length > SUPPORT_EMAIL_MAX_LENGTH ||
      !SUPPORT_EMAIL_PATTERN.test(patch.supportEmail))
  )
    add('supportEmail', 'not a valid email address');
  const labels = Object.entries(patch.permissionLabels ?? {});
  if (labels.length > PERMISSION_LABELS_MAX)
    add('permissionLabels', `at most ${PERMISSION_LABELS_MAX} labels`);
  for (const [permission, label] of labels.slice(0, PERMISSION_LABELS_MAX)) {
    if (!isValidPermission(permission))
      add(`permissionLabels.${permission}`, 'not a valid permission string');
    else if (typeof label !== 'string') add(`permissionLabels.${permission}`, 'not a string');
    else add(`permissionLabels.${permission}`, wordsProblem(label, PERMISSION_LABEL_MAX_LENGTH));
  }
  return issues;
}

export function requireValidBranding(patch: BrandingPatch): void {
  const issues = brandingIssues(patch);
  if (issues.length > 0)
    throw new DomainError('VALIDATION_FAILED', 'Invalid branding settings', issues);
}
