/** Durations as the API writes them (spec R4): `90s`, `30m`, `12h`, `7d`. */

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/** Beyond about 100 years is a typo, not an intent. */
export const MAX_TTL_MS = 100 * 365 * UNIT_MS.d;

const DURATION = /^([1-9][0-9]{0,6})([smhd])$/;

/** Milliseconds of a duration string, or `undefined` if it is not one. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (!match) return undefined;
  const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  return ms <= MAX_TTL_MS ? ms : undefined;
}

export function isDuration(text: string): boolean {
  return parseDuration(text) !== undefined;
}
