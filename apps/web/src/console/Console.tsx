import { isPermitted, type User } from '@guestlist/sdk';
import { type FormEvent, Suspense, useState } from 'react';
import { Link, Redirect, Route, Switch, useLocation } from 'wouter';
import { Logo, useBranding } from '../branding.tsx';
import { Login } from '../invite/Forms.tsx';
import { ErrorText, useMe, useSession } from '../session.tsx';
import { SectionBoundary } from './SectionBoundary.tsx';
import { type Section, sections } from './sections.ts';

/** Where the console lives; `/` leads here. */
export const CONSOLE = '/console';

/**
 * The operators' console, and a signed-in person's namespaces and account: a menu of sections
 * (`sections.ts`), each at `/console/{section}`, shown when the person may use it.
 */
export function Console() {
  const { token, signOut } = useSession();
  const { productName } = useBranding();
  const me = useMe();
  const [location] = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  if (!token) return <SignIn />;
  if (me.data === undefined && me.isPending) return <p className="loading">Loading…</p>;
  // Unknown is not "an API key": the menu would offer every section to a person who may not hold them.
  if (me.isError)
    return (
      <main className="invite">
        <h1>Guestlist did not answer</h1>
        <ErrorText error={me.error} />
        <div className="actions">
          <button type="button" onClick={() => void me.refetch()}>
            Try again
          </button>
          <button type="button" className="secondary" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </main>
    );
  const visible = sections.filter((section) => shown(section, me.data ?? null));
  const who = me.data ? `Signed in as ${me.data.username}` : 'Signed in with an API key';
  return (
    <div className="console">
      <a className="skip" href="#content">
        Skip to content
      </a>
      <header>
        <Link href={`${CONSOLE}/invites`} className="brand">
          <Logo className="brand-logo" />
          <span>{productName}</span>
        </Link>
        <button
          type="button"
          className="secondary menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="sections"
          onClick={() => setMenuOpen((open) => !open)}
        >
          Menu
        </button>
        <nav id="sections" aria-label="Sections" data-open={menuOpen}>
          {visible.map((section) => (
            <Link
              key={section.path}
              href={`${CONSOLE}/${section.path}`}
              aria-current={within(location, section) ? 'page' : undefined}
              // Following a link folds the menu on a phone.
              onClick={() => setMenuOpen(false)}
            >
              {section.label}
            </Link>
          ))}
        </nav>
        <span className="who">{who}</span>
        <button type="button" className="secondary" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      <main id="content">
        {/* A new section starts without the last one's failure. */}
        <SectionBoundary key={location.split('/')[2]}>
          <Suspense fallback={<p className="loading">Loading…</p>}>
            <Switch>
              {visible.map((section) => (
                <Route key={section.path} path={`${CONSOLE}/${section.path}`} nest>
                  <section.page />
                </Route>
              ))}
              <Route>
                <Redirect to={`${CONSOLE}/${visible[0]?.path ?? 'invites'}`} replace />
              </Route>
            </Switch>
          </Suspense>
        </SectionBoundary>
      </main>
    </div>
  );
}

/** The page shown is the section's, or one of its sub-pages. */
function within(location: string, section: Section): boolean {
  const root = `${CONSOLE}/${section.path}`;
  return location === root || location.startsWith(`${root}/`);
}

/** A section is in the menu when the person holds its permission; an API key sees them all. */
function shown(section: Section, me: User | null): boolean {
  if (section.personal) return me !== null;
  if (!me || !section.needs) return true;
  return isPermitted(me.effectivePermissions, section.needs);
}

function SignIn() {
  const { signIn } = useSession();
  const { productName } = useBranding();
  const [key, setKey] = useState('');
  const submitKey = (event: FormEvent) => {
    event.preventDefault();
    signIn(key.trim());
  };
  return (
    <main className="invite">
      <Logo />
      <h1>Sign in to {productName}</h1>
      <Login />
      <form onSubmit={submitKey} aria-label="Use an API key">
        <label>
          API key
          <input
            name="apiKey"
            type="password"
            autoComplete="off"
            placeholder="gl_…"
            pattern="gl_[0-9A-Za-z]{32,}"
            required
            value={key}
            onChange={(event) => setKey(event.target.value)}
          />
        </label>
        <button type="submit" className="secondary">
          Use this key
        </button>
      </form>
    </main>
  );
}
