import { createGuestlistClient, type GuestlistClient, isGuestlistError } from '@guestlist/sdk';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';

/**
 * Who is signed in: a session token (from login or registration) or an API key, kept in this
 * browser's local storage and sent as the bearer of every SDK call. The page's
 * Content-Security-Policy allows no inline or foreign script, which is what keeps it there.
 */
const STORAGE_KEY = 'guestlist.token';
/** API keys are `gl_…`; session tokens `gls_…`. */
const API_KEY_PREFIX = 'gl_';

interface Session {
  token: string | null;
  client: GuestlistClient;
  signIn(token: string): void;
  /** Ends the session on the server, then forgets its token here. */
  signOut(): Promise<void>;
  /** Forgets the token here only: for one the server no longer accepts. */
  forget(): void;
}

const SessionContext = createContext<Session | null>(null);

export function clientFor(token: string | null): GuestlistClient {
  return createGuestlistClient({ url: window.location.origin, token: token ?? undefined });
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState(() => localStorage.getItem(STORAGE_KEY));
  const queries = useQueryClient();
  const signIn = useCallback(
    (next: string) => {
      localStorage.setItem(STORAGE_KEY, next);
      queries.clear();
      setToken(next);
    },
    [queries],
  );
  const forget = useCallback(() => {
    localStorage.removeItem(STORAGE_KEY);
    queries.clear();
    setToken(null);
  }, [queries]);
  const signOut = useCallback(async () => {
    // A session token copied out of this browser must stop working too, so the server revokes
    // it. An API key is not a session: it is only forgotten, never revoked from here.
    if (token && !token.startsWith(API_KEY_PREFIX)) {
      try {
        await clientFor(token).auth.logout();
      } catch {
        // Expired or revoked already, or the server out of reach: forgotten all the same.
      }
    }
    forget();
  }, [token, forget]);
  const value = useMemo(
    () => ({ token, client: clientFor(token), signIn, signOut, forget }),
    [token, signIn, signOut, forget],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/**
 * The signed-in user, `null` for an API key (which is nobody: `/me` answers 403), or
 * `undefined` while unknown. A token the server no longer accepts signs out.
 */
export function useMe() {
  const { token, client, forget } = useSession();
  return useQuery({
    queryKey: ['me', token],
    enabled: token !== null,
    queryFn: async () => {
      try {
        return await client.me();
      } catch (error) {
        if (isGuestlistError(error) && error.status === 403) return null;
        if (isGuestlistError(error) && error.status === 401) forget();
        throw error;
      }
    },
  });
}

/** One line for a failed call: the server's message, and which fields it refused. */
export function describeError(error: unknown): string {
  if (!isGuestlistError(error)) return error instanceof Error ? error.message : String(error);
  const fields = error.fields?.map((field) => `${field.path}: ${field.message}`).join('; ');
  return fields ? `${error.message} (${fields})` : error.message;
}

export function ErrorText({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p role="alert" className="error">
      {describeError(error)}
    </p>
  );
}
