/**
 * What the server tells the invite page about its code, embedded in the page it serves (one
 * validation, counted against the rate limit once): the invite as its email describes it, or
 * why it cannot be used.
 */
export interface InvitePreview {
  type: 'account' | 'namespace';
  status: string;
  expiresAt: string | null;
  inviter: { name: string | null } | null;
  namespace: { path: string } | null;
  /** The address the invite is bound to: sign-up must use it. */
  email: string | null;
  /** `user` when it is addressed to an existing account, which must sign in to accept. */
  boundTo: 'email' | 'user' | null;
  role: string | null;
  permissions: string[];
  groups: { name: string }[];
}

export type PageData = { invite: InvitePreview } | { error: { code: string; status: number } };

export function readPageData(): PageData | null {
  const element = document.getElementById('invite-data');
  if (!element?.textContent) return null;
  try {
    return JSON.parse(element.textContent) as PageData;
  } catch {
    return null;
  }
}

/** What each refusal means to the person holding the link. */
export const REFUSALS: Record<string, [title: string, text: string]> = {
  INVITE_NOT_FOUND: [
    'Invite not found',
    'This link does not match any invite. Check that you copied all of it.',
  ],
  INVITE_EXPIRED: ['This invite has expired', 'Ask the person who invited you for a new one.'],
  INVITE_CANCELED: ['This invite was canceled', 'Ask the person who invited you for a new one.'],
  INVITE_DECLINED: ['This invite was declined', 'It can no longer be accepted.'],
  INVITE_USED: ['This invite has been used', 'Each invite works a limited number of times.'],
  INVITES_DISABLED: ['Invites are paused', 'This service is not accepting invites right now.'],
  RATE_LIMITED: ['Too many attempts', 'Wait a minute, then reload this page.'],
};
