import {
  type InviteFilter,
  type InviteSort,
  inviteStatuses,
  inviteTypes,
  type ListInvitesQuery,
} from '@guestlist/sdk';
import type { Command } from 'commander';
import { UsageError } from '../../errors.ts';

/** The API's match filters, as flags: `--status pending`, `--status in:pending,expired`. */
const MATCH_FLAGS = {
  code: 'code',
  status: 'status',
  type: 'type',
  email: 'email',
  inviter: 'inviterId',
  invitee: 'inviteeId',
  namespace: 'namespace',
} as const satisfies Record<string, keyof InviteFilter>;

/** Its date filters: `--created-after 2026-01-01` is `filter[createdAt]=gte:2026-01-01`. */
const DATE_FLAGS = {
  createdAfter: ['createdAt', 'gte'],
  createdBefore: ['createdAt', 'lte'],
  expiresAfter: ['expiresAt', 'gte'],
  expiresBefore: ['expiresAt', 'lte'],
} as const;

const SORTS = ['createdAt', '-createdAt', 'expiresAt', '-expiresAt', 'updatedAt', '-updatedAt'];

export interface FilterOptions {
  code?: string;
  status?: string;
  type?: string;
  email?: string;
  inviter?: string;
  invitee?: string;
  namespace?: string;
  createdAfter?: string;
  createdBefore?: string;
  expiresAfter?: string;
  expiresBefore?: string;
  sort?: string;
}

/** Adds the filter and sort flags shared by `list` and `export`. */
export function withFilters(command: Command): Command {
  return command
    .option('--code <code>', 'by code (or in:A,B / nin:A,B, as every match filter)')
    .option('--status <status>', 'pending, accepted, declined, canceled or expired')
    .option('--type <type>', 'account or namespace')
    .option('--email <email>', 'the bound address')
    .option('--inviter <userId>', "the inviter's user id")
    .option('--invitee <userId>', "the invitee's user id")
    .option('--namespace <path>', 'a namespace path, owner/name')
    .option('--created-after <date>', 'created at or after this ISO date')
    .option('--created-before <date>', 'created at or before this ISO date')
    .option('--expires-after <date>', 'expiring at or after this ISO date')
    .option('--expires-before <date>', 'expiring at or before this ISO date')
    .option('--sort <field>', `one of ${SORTS.join(', ')}`, '-createdAt');
}

/** The flags whose values are a closed set: a typo is a usage error, not an empty list. */
const CLOSED: Partial<Record<keyof typeof MATCH_FLAGS, readonly string[]>> = {
  status: inviteStatuses,
  type: inviteTypes,
};

/** `pending`, `in:pending,expired` or `nin:canceled` as the SDK's filter value. */
function matchValue(
  flag: keyof typeof MATCH_FLAGS,
  raw: string,
): string | { in: string[] } | { nin: string[] } {
  const operator = /^(in|nin):(.*)$/.exec(raw);
  const values = operator ? operator[2]!.split(',').filter((value) => value !== '') : [raw];
  if (values.length === 0) throw new UsageError(`"${raw}" lists no values`);
  const allowed = CLOSED[flag];
  if (allowed) {
    const unknown = values.find((value) => !allowed.includes(value));
    if (unknown !== undefined) {
      throw new UsageError(`--${flag}: "${unknown}" is not one of ${allowed.join(', ')}`);
    }
  }
  if (!operator) return raw;
  return operator[1] === 'in' ? { in: values } : { nin: values };
}

/** The list query the flags describe, before paging. */
export function queryOf(options: FilterOptions): ListInvitesQuery {
  const filter: InviteFilter = {};
  for (const [flag, field] of Object.entries(MATCH_FLAGS)) {
    const raw = options[flag as keyof typeof MATCH_FLAGS];
    // Checked against the closed sets above, which is what the SDK's field types ask.
    if (raw !== undefined)
      Object.assign(filter, { [field]: matchValue(flag as keyof typeof MATCH_FLAGS, raw) });
  }
  for (const [flag, [field, bound]] of Object.entries(DATE_FLAGS)) {
    const raw = options[flag as keyof typeof DATE_FLAGS];
    if (raw === undefined) continue;
    if (Number.isNaN(Date.parse(raw))) throw new UsageError(`"${raw}" is not an ISO date`);
    filter[field] = { ...filter[field], [bound]: new Date(raw).toISOString() };
  }
  const sort = options.sort ?? '-createdAt';
  if (!SORTS.includes(sort)) throw new UsageError(`--sort must be one of ${SORTS.join(', ')}`);
  return { filter, sort: sort as InviteSort };
}
