import type { InviteType } from '@guestlist/sdk';

/**
 * What the server tells the invite page about its code, embedded in the page it serves (one
 * validation, counted against the rate limit once): the invite as its email describes it, or
 * why it cannot be used.
 */
export interface InvitePreview {
  type: InviteType;
  status: string;
  expiresAt: string | null;
  /** The invite's language, when its sender chose one (spec §11). */
  locale: string | null;
  inviter: { name: string | null } | null;
  namespace: { path: string } | null;
  /** The address the invite is bound to: sign-up must use it. */
  email: string | null;
  /** `user` when it is addressed to an existing account, which must sign in to accept. */
  boundTo: 'email' | 'user' | null;
  role: string | null;
  permissions: string[];
  groups: { name: string }[];
  /**
   * Where to send the person after each outcome (spec §9 Redirects), with the invite's id and
   * the outcome in its query: decided by the server as it served the page, null for none.
   */
  redirect: { accepted: string; declined: string } | null;
}

/** How the person finished: the key of `redirect` to follow. */
export type RedirectOutcome = keyof NonNullable<InvitePreview['redirect']>;

/** A refusal, with what it means to the person holding the link (the server's words). */
export interface Refusal {
  code: string;
  status: number;
  title: string;
  text: string;
}

export type PageData = { invite: InvitePreview } | { error: Refusal };

export function readPageData(): PageData | null {
  const element = document.getElementById('invite-data');
  if (!element?.textContent) return null;
  try {
    return JSON.parse(element.textContent) as PageData;
  } catch {
    return null;
  }
}
