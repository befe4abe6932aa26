import type { ListAuditQuery } from '@guestlist/sdk';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import './users/admin.css';
import { useSession } from '../session.tsx';
import { EmptyState } from '../ui/EmptyState.tsx';
import { AuditTable } from './audit/AuditTable.tsx';
import { LoadError } from './users/needs.tsx';

const PAGE_SIZES = [5, 10, 30, 100];

interface AuditFilter {
  action: string;
  actorId: string;
  inviteId: string;
}
const NO_FILTER: AuditFilter = { action: '', actorId: '', inviteId: '' };

/**
 * The audit log, newest first, filtered by action, actor or invite. Pages go by cursor: the
 * cursors of the pages already seen are kept, so "Newer" goes back to exactly the page it was,
 * and events written meanwhile never shift an older page.
 */
export function Audit() {
  const { client, token } = useSession();
  const [filter, setFilter] = useState<AuditFilter>(NO_FILTER);
  const [size, setSize] = useState(30);
  // cursors[i] opens page i + 1; the first page has none.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const after = cursors.at(-1);
  const query: ListAuditQuery = {
    filter: {
      ...(filter.action ? { action: filter.action } : {}),
      ...(filter.actorId ? { actorId: filter.actorId } : {}),
      ...(filter.inviteId ? { inviteId: filter.inviteId } : {}),
    },
    page: { size, ...(after ? { after } : {}) },
  };
  const events = useQuery({
    queryKey: ['audit-log', token, query],
    // The page's number travels with its events: while the next page loads, the one still
    // shown keeps its own number.
    queryFn: async () => ({ ...(await client.audit.list(query)), number: cursors.length }),
    placeholderData: keepPreviousData,
  });
  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const field = (name: string) => String(form.get(name) ?? '').trim();
    setFilter({ action: field('action'), actorId: field('actorId'), inviteId: field('inviteId') });
    setCursors([undefined]);
  };
  const nextCursor = events.data?.nextCursor;
  const filtered = Boolean(filter.action || filter.actorId || filter.inviteId);
  return (
    <section aria-labelledby="page-title">
      <h2 id="page-title">Audit log</h2>
      <form className="filters" aria-label="Filter events" onSubmit={apply}>
        <label>
          Action
          <input name="action" placeholder="invite.created" maxLength={100} />
        </label>
        <label>
          Actor id
          <input name="actorId" className="mono" placeholder="a user's or key's id" />
        </label>
        <label>
          Invite id
          <input name="inviteId" className="mono" />
        </label>
        <label>
          Per page
          <select
            value={size}
            onChange={(event) => {
              setSize(Number(event.target.value));
              setCursors([undefined]);
            }}
          >
            {PAGE_SIZES.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
        <button type="submit">Apply filters</button>
      </form>
      <LoadError error={events.error} what="Reading the audit log" permission="audit:read" />
      {events.data && events.data.total === 0 && (
        <EmptyState title={filtered ? 'No event matches these filters.' : 'No events yet.'}>
          {filtered
            ? 'An action is matched exactly (such as invite.created), ids in full.'
            : 'Every change to invites, users, groups, keys and settings is recorded here.'}
        </EmptyState>
      )}
      {events.data && events.data.total > 0 && (
        <>
          <p aria-live="polite">
            {events.data.total.toLocaleString()} event{events.data.total === 1 ? '' : 's'} · page{' '}
            {events.data.number}
          </p>
          <AuditTable events={events.data.data} busy={events.isPlaceholderData} />
          <nav className="pager" aria-label="Pages of events">
            <button
              type="button"
              disabled={cursors.length <= 1 || events.isPlaceholderData}
              onClick={() => setCursors(cursors.slice(0, -1))}
            >
              Newer
            </button>
            <button
              type="button"
              disabled={!nextCursor || events.isPlaceholderData}
              onClick={() => nextCursor && setCursors([...cursors, nextCursor])}
            >
              Older
            </button>
            <button
              type="button"
              className="secondary"
              disabled={cursors.length <= 1}
              onClick={() => setCursors([undefined])}
            >
              Newest
            </button>
          </nav>
        </>
      )}
    </section>
  );
}
