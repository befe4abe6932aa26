import { Route, Switch } from 'wouter';
import { ForYou } from './namespaces/ForYou.tsx';
import { MyNamespaces } from './namespaces/List.tsx';
import { NamespacePage } from './namespaces/NamespacePage.tsx';
import './namespaces/namespaces.css';

/**
 * A signed-in person's namespaces: those they own or collaborate in, the invitations waiting
 * for them, and one namespace at `/{owner}/{name}` with its collaborators and invites.
 */
export function Namespaces() {
  return (
    <Switch>
      <Route path="/:owner/:name">
        {(params) => <NamespacePage path={`${params.owner}/${params.name}`} />}
      </Route>
      <Route>
        <MyNamespaces />
        <ForYou />
      </Route>
    </Switch>
  );
}
