import { collaboratorRoles } from '@guestlist/core';
import { z } from 'zod';
import { IsoDate, Uuid } from './common.ts';
import { collaboratorExample, namespaceExample } from './examples.ts';

export const NamespaceSchema = z
  .object({
    id: Uuid,
    name: z.string(),
    path: z.string().meta({ description: 'owner-username/name' }),
    owner: z.object({ id: Uuid, username: z.string() }),
    description: z.string().nullable(),
    createdAt: IsoDate,
  })
  .meta({ id: 'Namespace', examples: [namespaceExample] });

export const CollaboratorSchema = z
  .object({
    user: z.object({ id: Uuid, username: z.string(), name: z.string().nullable() }),
    role: z.enum(collaboratorRoles),
    since: IsoDate,
  })
  .meta({ id: 'Collaborator', examples: [collaboratorExample] });

/** One segment of a namespace path, or a username in one. */
export const Segment = z.string().min(1).max(100);
/** `{owner}/{name}` in a path. */
export const NamespaceRef = z.strictObject({ owner: Segment, name: Segment });

/** `owner/name` from the two segments (over REST, already percent-decoded by the bridge). */
export function namespacePath(ref: { owner: string; name: string }): string {
  return `${ref.owner}/${ref.name}`;
}
