import type { RotatedWebhook, Webhook, WebhookSubscription } from '@guestlist/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { ErrorText, useSession } from '../../session.tsx';
import { ConfirmButton } from '../../ui/ConfirmButton.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { Time } from '../../ui/Time.tsx';
import { useToast } from '../../ui/toast.tsx';
import { LoadError } from '../NeedsPermission.tsx';
import { SecretOnce } from '../SecretOnce.tsx';
import { Deliveries, deliveriesKey } from './Deliveries.tsx';
import { EventsPicker } from './EventsPicker.tsx';
import { EventList, webhooksKey } from './List.tsx';
import { useSendTest } from './send-test.ts';

/** One webhook: what it listens to, its actions (test, enable, rotate, delete) and its log. */
export function WebhookDetails({ id }: { id: string }) {
  const { client, token } = useSession();
  const webhooks = useQuery({
    queryKey: webhooksKey(token),
    queryFn: () => client.webhooks.list(),
  });
  const webhook = webhooks.data?.find((w) => w.id === id);
  return (
    <section aria-labelledby="page-title" className="webhooks">
      <p>
        <Link href="/">← All webhooks</Link>
      </p>
      <h2 id="page-title">Webhook</h2>
      {webhooks.isPending ? (
        <p>Loading the webhook…</p>
      ) : webhooks.isError ? (
        <LoadError error={webhooks.error} permission="webhook:write" purpose="manage webhooks" />
      ) : webhook ? (
        <WebhookView webhook={webhook} />
      ) : (
        <EmptyState title="No such webhook">
          It was deleted, or the link is wrong. <Link href="/">See the webhooks</Link>.
        </EmptyState>
      )}
    </section>
  );
}

function WebhookView({ webhook }: { webhook: Webhook }) {
  const { client, token } = useSession();
  const queries = useQueryClient();
  const toast = useToast();
  const [, navigate] = useLocation();
  const [rotated, setRotated] = useState<RotatedWebhook | null>(null);
  const refresh = () => void queries.invalidateQueries({ queryKey: webhooksKey(token) });
  const sendTest = useSendTest(webhook.id);
  const toggle = useMutation({
    mutationFn: () => client.webhooks.update(webhook.id, { enabled: !webhook.enabled }),
    onSuccess: (saved) => {
      toast.success(saved.enabled ? 'Webhook enabled.' : 'Webhook disabled.');
      refresh();
    },
    onError: (error) => toast.error('Could not change the webhook', error),
  });
  const rotate = useMutation({
    mutationFn: () => client.webhooks.rotateSecret(webhook.id),
    // The answer holds the new secret: shown once by the page, kept by no cache.
    gcTime: 0,
    onSuccess: (result) => {
      toast.success('Signing secret rotated.');
      setRotated(result);
    },
    onError: (error) => toast.error('Could not rotate the secret', error),
  });
  const remove = useMutation({
    mutationFn: () => client.webhooks.delete(webhook.id),
    onSuccess: () => {
      toast.success('Webhook deleted.');
      queries.removeQueries({ queryKey: deliveriesKey(token, webhook.id) });
      refresh();
      navigate('/');
    },
    onError: (error) => toast.error('Could not delete the webhook', error),
  });
  return (
    <>
      <dl>
        <dt>URL</dt>
        <dd className="url">
          <code>{webhook.url}</code>
        </dd>
        <dt>Events</dt>
        <dd>
          <EventList events={webhook.events} />
        </dd>
        <dt>State</dt>
        <dd>{webhook.enabled ? 'Enabled' : 'Disabled: it gets no new events'}</dd>
        <dt>Created</dt>
        <dd>
          <Time iso={webhook.createdAt} />
        </dd>
      </dl>
      <div className="actions">
        <button type="button" disabled={sendTest.isPending} onClick={() => sendTest.mutate()}>
          Send test event
        </button>
        <button
          type="button"
          className="secondary"
          disabled={toggle.isPending}
          onClick={() => toggle.mutate()}
        >
          {webhook.enabled ? 'Disable' : 'Enable'}
        </button>
        <ConfirmButton
          action="Rotate secret"
          title="Rotate the signing secret?"
          className="secondary"
          disabled={rotate.isPending}
          onConfirm={() => rotate.mutate()}
        >
          A new secret signs every delivery from now on. For 24 hours the old one signs them too,
          alongside, so that your receiver keeps working while you give it the new one.
        </ConfirmButton>
        <ConfirmButton
          action="Delete"
          label="Delete this webhook"
          title="Delete this webhook?"
          disabled={remove.isPending}
          onConfirm={() => remove.mutate()}
        >
          Guestlist stops calling {webhook.url} and forgets its deliveries log. This cannot be
          undone.
        </ConfirmButton>
      </div>
      {rotated && (
        <SecretOnce
          title="The new signing secret"
          secret={rotated.secret}
          what="new signing secret"
          onDone={() => {
            setRotated(null);
            rotate.reset();
          }}
        >
          <p>
            The old secret keeps signing deliveries, alongside this one, until{' '}
            <Time iso={rotated.previousSecretExpiresAt} />.
          </p>
        </SecretOnce>
      )}
      <EditWebhook webhook={webhook} key={`${webhook.url} ${webhook.events.join()}`} />
      <Deliveries webhookId={webhook.id} />
    </>
  );
}

function EditWebhook({ webhook }: { webhook: Webhook }) {
  const { client, token } = useSession();
  const queries = useQueryClient();
  const toast = useToast();
  const [url, setUrl] = useState(webhook.url);
  const [events, setEvents] = useState<WebhookSubscription[]>([...webhook.events]);
  const save = useMutation({
    mutationFn: () => client.webhooks.update(webhook.id, { url: url.trim(), events }),
    onSuccess: () => {
      toast.success('Webhook saved.');
      void queries.invalidateQueries({ queryKey: webhooksKey(token) });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} aria-labelledby="edit-webhook-title">
      <h3 id="edit-webhook-title">Edit</h3>
      <label>
        URL
        <input type="url" value={url} required onChange={(event) => setUrl(event.target.value)} />
      </label>
      <EventsPicker value={events} onChange={setEvents} />
      <div className="actions">
        <button type="submit" disabled={save.isPending || events.length === 0}>
          Save changes
        </button>
      </div>
      <ErrorText error={save.error} />
    </form>
  );
}
