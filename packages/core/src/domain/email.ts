/** Addresses are compared and stored lower-cased (spec §1: unique, case-insensitive). */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** `jane@example.com` → `j***@example.com`: recognisable to its owner, useless to a harvester. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}
