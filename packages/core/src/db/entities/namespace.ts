import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { collaboratorRoles } from '../../domain/vocabulary.ts';
import { UserSchema } from './user.ts';

/** A shared space with an owner and collaborators; addressed as `owner-username/name`. */
export const NamespaceSchema = defineEntity({
  name: 'Namespace',
  tableName: 'namespaces',
  properties: {
    id: p.uuid().primary().defaultRaw('gen_random_uuid()'),
    name: p.text(),
    /** `owner-username/name`, kept so that lookups and filters by path use one index. */
    path: p.text().unique('namespaces_path_key'),
    // An account that owns namespaces cannot be deleted out from under them.
    owner: () => p.manyToOne(UserSchema).deleteRule('restrict').index('namespaces_owner_id_idx'),
    description: p.text().nullable(),
    createdAt: p.datetime(3).defaultRaw('now()'),
  },
});

export type Namespace = InferEntity<typeof NamespaceSchema>;

/** A member of a namespace. The primary key allows one row per user and namespace. */
export const CollaboratorSchema = defineEntity({
  name: 'Collaborator',
  tableName: 'collaborators',
  properties: {
    namespace: () => p.manyToOne(NamespaceSchema).primary().deleteRule('cascade'),
    user: () =>
      p.manyToOne(UserSchema).primary().deleteRule('cascade').index('collaborators_user_id_idx'),
    role: p.enum(collaboratorRoles),
    since: p.datetime(3).defaultRaw('now()'),
  },
});
