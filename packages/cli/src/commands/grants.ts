import { UsageError } from '../errors.ts';

/** What an invite grants and how long it lasts: shared by `create` and `send`. */
export interface GrantOptions {
  expiresIn?: string;
  expiresAt?: string;
  permission?: string[];
  group?: string[];
  metadata?: string;
  inviter?: string;
}

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
