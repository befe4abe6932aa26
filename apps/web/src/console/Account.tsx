import { useMe } from '../session.tsx';
import { ChangePassword } from './account/ChangePassword.tsx';
import { Profile } from './account/Profile.tsx';
import './account/account.css';

/** The signed-in person's own account: who they are, their name and address, their password. */
export function Account() {
  const me = useMe();
  return (
    <>
      <section aria-labelledby="page-title">
        <h2 id="page-title">Account</h2>
        {me.data ? (
          <Profile me={me.data} />
        ) : (
          <p>
            An API key belongs to no one: sign in with a username and password to manage an account.
          </p>
        )}
      </section>
      {me.data && <ChangePassword email={me.data.email} />}
    </>
  );
}
