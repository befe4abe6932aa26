import { z } from 'zod';
import { Email, IsoDate, Uuid } from './common.ts';
import { collaboratorExample, namespaceExample } from './examples.ts';
import { InviteSchema, InviteStatus } from './invite.ts';

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
    role: z.enum(['owner', 'admin', 'member']),
    since: IsoDate,
  })
  .meta({ id: 'Collaborator', examples: [collaboratorExample] });

const Segment = z.string().min(1).max(100);
/** `{owner}/{name}` in a path. */
export const NamespaceRef = z.strictObject({ owner: Segment, name: Segment });

export const CreateNamespaceInput = z.strictObject({
  name: z
    .string()
    .min(1)
    .max(100)
    .meta({ examples: ['acme'] }),
  description: z.string().max(1000).optional(),
});

export const InviteCollaboratorInput = NamespaceRef.extend({
  handle: z
    .union([
      Email,
      z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-_]{1,38}$/, 'a username or an email address'),
    ])
    .meta({ description: 'A username or an email address', examples: ['ada', 'ada@example.com'] }),
  role: z.enum(['admin', 'member']).optional().meta({ description: 'Default member' }),
});

export const NamespaceInvitesInput = NamespaceRef.extend({ status: InviteStatus.optional() });

export const RemoveCollaboratorInput = NamespaceRef.extend({ username: Segment });

export const InviteList = z.object({ data: z.array(InviteSchema), total: z.number().int() });

/** `owner/name` from the two segments (over REST, already percent-decoded by the bridge). */
export function namespacePath(ref: { owner: string; name: string }): string {
  return `${ref.owner}/${ref.name}`;
}
