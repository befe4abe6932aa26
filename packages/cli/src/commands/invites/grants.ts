import type { Command } from 'commander';
import { UsageError } from '../../errors.ts';

/** What an invite grants and how long it lasts: shared by `create` and `send`. */
export interface GrantOptions {
  expiresIn?: string;
  expiresAt?: string;
  permission?: string[];
  group?: string[];
  metadata?: string;
  inviter?: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Adds the grant flags. Their values are checked by the server (R4, R19), not duplicated here. */
export function withGrants(command: Command): Command {
  return command
    .option('--expires-in <duration>', 'a duration (90s, 30m, 12h, 7d) or "never"')
    .option('--expires-at <date>', 'an ISO date in the future')
    .option('--permission <permission>', 'a permission to grant (repeatable)', collect)
    .option('--group <groupId>', 'a group to join (repeatable)', collect)
    .option('--metadata <json>', 'a JSON object kept with each invite')
    .option('--inviter <userId>', 'the user named as inviter');
}

/** The grant flags as the SDK's input fields; only `--metadata` needs parsing first. */
export function grantsOf(options: GrantOptions) {
  let metadata: Record<string, unknown> | undefined;
  if (options.metadata !== undefined) {
    try {
      metadata = JSON.parse(options.metadata);
    } catch {
      throw new UsageError('--metadata must be a JSON object');
    }
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata))
      throw new UsageError('--metadata must be a JSON object');
  }
  return {
    ...(options.expiresIn === undefined ? {} : { expiresIn: options.expiresIn }),
    ...(options.expiresAt === undefined ? {} : { expiresAt: options.expiresAt }),
    ...(options.permission?.length ? { permissions: options.permission } : {}),
    ...(options.group?.length ? { groups: options.group } : {}),
    ...(metadata === undefined ? {} : { metadata }),
    ...(options.inviter === undefined ? {} : { inviterId: options.inviter }),
  };
}
