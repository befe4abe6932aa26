import { type FormEvent, useState } from 'react';
import { Login } from '../invite/InvitePage.tsx';
import { useMe, useSession } from '../session.tsx';
import { Invites } from './Invites.tsx';
import { Namespaces } from './Namespaces.tsx';
import { SettingsForm } from './Settings.tsx';

type Tab = 'invites' | 'namespaces' | 'settings';

/** `/`: the operators' console, and a signed-in user's namespaces. */
export function Console() {
  const { token, signOut } = useSession();
  const me = useMe();
  const [tab, setTab] = useState<Tab>('invites');
  if (!token) return <SignIn />;
  const who = me.data
    ? `Signed in as ${me.data.username}`
    : me.data === null
      ? 'Signed in with an API key'
      : '';
  const tabs: [Tab, string][] = [
    ['invites', 'Invites'],
    ...(me.data ? ([['namespaces', 'Namespaces']] as [Tab, string][]) : []),
    ['settings', 'Settings'],
  ];
  return (
    <div className="console">
      <header>
        <strong>Guestlist</strong>
        <nav aria-label="Sections">
          {tabs.map(([id, label]) => (
            <button
              key={id}
              type="button"
              aria-current={tab === id ? 'page' : undefined}
              onClick={() => setTab(id)}
            >
              {label}
            </button>
          ))}
        </nav>
        <span className="who">{who}</span>
        <button type="button" className="secondary" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      <main>
        {tab === 'invites' && <Invites />}
        {tab === 'namespaces' && <Namespaces />}
        {tab === 'settings' && <SettingsForm />}
      </main>
    </div>
  );
}

function SignIn() {
  const { signIn } = useSession();
  const [key, setKey] = useState('');
  const submitKey = (event: FormEvent) => {
    event.preventDefault();
    signIn(key.trim());
  };
  return (
    <main className="invite">
      <h1>Sign in to Guestlist</h1>
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
