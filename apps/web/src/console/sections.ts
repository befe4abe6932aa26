import { type ComponentType, lazy } from 'react';

/**
 * The console's pages, in the order of its menu. Each is its own chunk, loaded when first
 * opened: the invite page, which strangers open on phones, never downloads any of them.
 */
export interface Section {
  /** Its URL under `/console/`. */
  path: string;
  label: string;
  /** The permission the page is built on: a user without it does not see it in the menu. */
  needs?: string;
  /** Only for a signed-in person (an API key is nobody: it has no namespaces or account). */
  personal?: boolean;
  page: ComponentType;
}

const page = <M>(load: () => Promise<M>, name: keyof M) =>
  lazy(async () => ({ default: (await load())[name] as ComponentType }));

export const sections: readonly Section[] = [
  { path: 'invites', label: 'Invites', page: page(() => import('./Invites.tsx'), 'Invites') },
  {
    path: 'namespaces',
    label: 'Namespaces',
    personal: true,
    page: page(() => import('./Namespaces.tsx'), 'Namespaces'),
  },
  {
    path: 'webhooks',
    label: 'Webhooks',
    needs: 'webhook:write',
    page: page(() => import('./Webhooks.tsx'), 'Webhooks'),
  },
  {
    path: 'api-keys',
    label: 'API keys',
    needs: 'apikey:write',
    page: page(() => import('./ApiKeys.tsx'), 'ApiKeys'),
  },
  {
    path: 'users',
    label: 'Users',
    needs: 'user:read',
    page: page(() => import('./Users.tsx'), 'Users'),
  },
  {
    path: 'groups',
    label: 'Groups',
    needs: 'group:read',
    page: page(() => import('./Groups.tsx'), 'Groups'),
  },
  {
    path: 'audit',
    label: 'Audit log',
    needs: 'audit:read',
    page: page(() => import('./Audit.tsx'), 'Audit'),
  },
  {
    path: 'settings',
    label: 'Settings',
    needs: 'settings:read',
    page: page(() => import('./Settings.tsx'), 'SettingsForm'),
  },
  {
    path: 'account',
    label: 'Account',
    personal: true,
    page: page(() => import('./Account.tsx'), 'Account'),
  },
];
