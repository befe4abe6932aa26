/**
 * Where to bring a person back after a link from an email (verify, reset): the page that sent
 * them to their inbox. Kept in local storage, not session storage, because the link is often
 * opened in another tab. Only a path of this site is kept and followed, so a stored value can
 * never send anyone elsewhere.
 */
const RETURN_KEY = 'guestlist.returnTo';

function isLocalPath(value: string | null): value is string {
  return (
    typeof value === 'string' &&
    value.startsWith('/') &&
    !value.startsWith('//') &&
    !value.includes('\\')
  );
}

/** Remembers the current page (or `path`) as the place to come back to. */
export function rememberReturn(path = window.location.pathname): void {
  if (isLocalPath(path)) localStorage.setItem(RETURN_KEY, path);
}

/** The remembered page, once: reading it forgets it. */
export function takeReturn(): string | null {
  const path = localStorage.getItem(RETURN_KEY);
  localStorage.removeItem(RETURN_KEY);
  return isLocalPath(path) ? path : null;
}

/**
 * The `token` of this page's query, read once; then taken out of the address bar, so it is not
 * kept in the history or shown over a shoulder.
 */
export function takeTokenFromUrl(): string | null {
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token');
  if (token !== null) {
    url.searchParams.delete('token');
    window.history.replaceState(null, '', `${url.pathname}${url.search}${url.hash}`);
  }
  return token;
}
