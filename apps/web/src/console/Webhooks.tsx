import { Route, Switch } from 'wouter';
import { WebhookDetails } from './webhooks/Details.tsx';
import { WebhookList } from './webhooks/List.tsx';
import './webhooks/webhooks.css';

/** Webhooks: the list and the form that adds one at the root, each webhook at `/:id`. */
export function Webhooks() {
  return (
    <Switch>
      <Route path="/">
        <WebhookList />
      </Route>
      <Route path="/:id">{(params) => <WebhookDetails id={params.id} />}</Route>
    </Switch>
  );
}
