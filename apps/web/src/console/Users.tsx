import { Route, Switch } from 'wouter';
import './users/admin.css';
import { UserDetails } from './users/UserDetails.tsx';
import { UserList } from './users/UserList.tsx';

/** Users: a searchable list, and one user's permissions and groups at `/:id`. */
export function Users() {
  return (
    <Switch>
      <Route path="/:id">{(params) => <UserDetails id={params.id} />}</Route>
      <Route>
        <UserList />
      </Route>
    </Switch>
  );
}
