import {
  type Invite,
  type InviteFilter,
  type InviteSort,
  type InviteStatus,
  type InviteType,
  inviteStatuses,
  inviteTypes,
  type ListInvitesQuery,
} from '@guestlist/sdk';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ErrorText, useSession } from '../session.tsx';
import { CopyButton } from '../ui/CopyButton.tsx';
import { EmptyState } from '../ui/EmptyState.tsx';
import { useSingleFlight } from '../ui/single-flight.ts';
import { TableWrap } from '../ui/TableWrap.tsx';
import { Time } from '../ui/Time.tsx';
import { useToast } from '../ui/toast.tsx';
import { InviteDetails } from './InviteDetails.tsx';

const SORTS: [InviteSort, string][] = [
  ['-createdAt', 'Newest first'],
  ['createdAt', 'Oldest first'],
  ['expiresAt', 'Expiring soonest'],
  ['-expiresAt', 'Expiring latest'],
  ['-updatedAt', 'Recently changed'],
  ['updatedAt', 'Least recently changed'],
];
const PAGE_SIZES = [10, 30, 100];

const list = (value: FormDataEntryValue | null) =>
  String(value ?? '')
    .split(/[\s,;]+/)
    .filter(Boolean);

/** The filter form's fields; '' is "any". */
interface ConsoleFilter {
  status: InviteStatus | '';
  type: InviteType | '';
  email: string;
  code: string;
  namespace: string;
  createdFrom: string;
}

/** The invites table with the API's filters, sorts and pages; create; one invite's details. */
export function Invites() {
  const { client, token } = useSession();
  const [filter, setFilter] = useState<ConsoleFilter>({
    status: '',
    type: '',
    email: '',
    code: '',
    namespace: '',
    createdFrom: '',
  });
  const [sort, setSort] = useState<InviteSort>('-createdAt');
  const [page, setPage] = useState({ size: 30, number: 1 });
  const [selected, setSelected] = useState<string | null>(null);
  const query: ListInvitesQuery = {
    filter: {
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.type ? { type: filter.type } : {}),
      ...(filter.email ? { email: filter.email.trim().toLowerCase() } : {}),
      ...(filter.code ? { code: filter.code.trim() } : {}),
      ...(filter.namespace ? { namespace: filter.namespace.trim() } : {}),
      ...(filter.createdFrom
        ? { createdAt: { gte: new Date(filter.createdFrom).toISOString() } }
        : {}),
    } satisfies InviteFilter,
    sort,
    page,
  };
  const invites = useQuery({
    queryKey: ['invites', token, query],
    queryFn: () => client.invites.list(query),
    placeholderData: keepPreviousData,
  });
  const pages = invites.data ? Math.max(1, Math.ceil(invites.data.total / page.size)) : 1;
  const setFilterField = <K extends keyof ConsoleFilter>(field: K, value: ConsoleFilter[K]) => {
    setFilter((current) => ({ ...current, [field]: value }));
    setPage((current) => ({ ...current, number: 1 }));
  };

  return (
    <>
      <CreateInvites />
      <section aria-labelledby="invites-title">
        <h2 id="invites-title">Invites</h2>
        <form className="filters" aria-label="Filter invites" onSubmit={(e) => e.preventDefault()}>
          <label>
            Status
            <select
              value={filter.status}
              onChange={(e) => setFilterField('status', e.target.value as InviteStatus | '')}
            >
              <option value="">Any</option>
              {inviteStatuses.map((status) => (
                <option key={status}>{status}</option>
              ))}
            </select>
          </label>
          <label>
            Type
            <select
              value={filter.type}
              onChange={(e) => setFilterField('type', e.target.value as InviteType | '')}
            >
              <option value="">Any</option>
              {inviteTypes.map((type) => (
                <option key={type}>{type}</option>
              ))}
            </select>
          </label>
          <label>
            Email
            <input
              type="search"
              value={filter.email}
              onChange={(e) => setFilterField('email', e.target.value)}
            />
          </label>
          <label>
            Code
            <input
              type="search"
              value={filter.code}
              onChange={(e) => setFilterField('code', e.target.value)}
            />
          </label>
          <label>
            Namespace
            <input
              type="search"
              placeholder="owner/name"
              value={filter.namespace}
              onChange={(e) => setFilterField('namespace', e.target.value)}
            />
          </label>
          <label>
            Created from
            <input
              type="date"
              value={filter.createdFrom}
              onChange={(e) => setFilterField('createdFrom', e.target.value)}
            />
          </label>
          <label>
            Sort
            <select value={sort} onChange={(e) => setSort(e.target.value as InviteSort)}>
              {SORTS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Per page
            <select
              value={page.size}
              onChange={(e) => setPage({ size: Number(e.target.value), number: 1 })}
            >
              {PAGE_SIZES.map((size) => (
                <option key={size}>{size}</option>
              ))}
            </select>
          </label>
        </form>
        <ErrorText error={invites.error} />
        {invites.data?.total === 0 && (
          <EmptyState
            title={Object.keys(query.filter ?? {}).length ? 'No invite matches' : 'No invites yet'}
          >
            {Object.keys(query.filter ?? {}).length
              ? 'Change or clear the filters above.'
              : 'Create codes to hand out, or type email addresses to send invites, in the form above.'}
          </EmptyState>
        )}
        {invites.data && invites.data.total > 0 && (
          <>
            <p aria-live="polite">
              {invites.data.total.toLocaleString()} invites · page {page.number} of {pages}
            </p>
            <TableWrap label="Invites table">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Code</th>
                    <th scope="col">Type</th>
                    <th scope="col">Status</th>
                    <th scope="col">Email</th>
                    <th scope="col">Delivery</th>
                    <th scope="col">Uses</th>
                    <th scope="col">Expires</th>
                    <th scope="col">Created</th>
                  </tr>
                </thead>
                <tbody>
                  {invites.data.data.map((invite) => (
                    <tr key={invite.id} aria-selected={selected === invite.id}>
                      <td>
                        <button
                          type="button"
                          className="link mono"
                          onClick={() => setSelected(invite.id)}
                        >
                          {invite.code ?? invite.id.slice(0, 8)}
                        </button>
                      </td>
                      <td>{invite.type}</td>
                      <td>{invite.status}</td>
                      <td>{invite.email ?? '—'}</td>
                      <td>{invite.delivery?.status ?? '—'}</td>
                      <td>
                        {invite.uses}/{invite.maxUses ?? '∞'}
                      </td>
                      <td>
                        <Time iso={invite.expiresAt} />
                      </td>
                      <td>
                        <Time iso={invite.createdAt} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
            <nav className="pager" aria-label="Pages">
              <button
                type="button"
                disabled={page.number <= 1}
                onClick={() => setPage((p) => ({ ...p, number: p.number - 1 }))}
              >
                Previous
              </button>
              <button
                type="button"
                disabled={page.number >= pages}
                onClick={() => setPage((p) => ({ ...p, number: p.number + 1 }))}
              >
                Next
              </button>
            </nav>
          </>
        )}
      </section>
      {selected && <InviteDetails id={selected} onClose={() => setSelected(null)} />}
    </>
  );
}

function CreateInvites() {
  const { client } = useSession();
  const queries = useQueryClient();
  const toast = useToast();
  const once = useSingleFlight();
  const groups = useQuery({
    queryKey: ['groups'],
    queryFn: () => client.groups.list(),
    retry: false,
  });
  const create = useMutation({
    mutationFn: async (form: FormData): Promise<Invite[]> => {
      const emails = list(form.get('emails'));
      const expiresIn = String(form.get('expiresIn'));
      const maxUses = form.get('maxUses') ? Number(form.get('maxUses')) : undefined;
      const common = {
        ...(expiresIn ? { expiresIn } : {}),
        permissions: list(form.get('permissions')),
        groups: form.getAll('groups').map((id) => ({ id: String(id) })),
      };
      if (emails.length > 1) return client.invites.send({ email: emails, ...common });
      return client.invites.create({
        ...common,
        ...(emails.length === 1 ? { email: emails[0] } : { count: Number(form.get('count') || 1) }),
        ...(maxUses ? { maxUses } : {}),
      });
    },
    // The list of what was made says so itself (a live region): no toast on top of it.
    onSuccess: () => queries.invalidateQueries({ queryKey: ['invites'] }),
    onError: (error) => toast.error('Could not create the invites', error),
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    once(() => create.mutateAsync(form));
  };
  return (
    <section aria-labelledby="create-title">
      <h2 id="create-title">New invites</h2>
      <form onSubmit={submit} className="grid">
        <label>
          How many codes
          <input name="count" type="number" min={1} max={1000} defaultValue={1} />
        </label>
        <label>
          Or email addresses <span className="hint">(one or several, one invite each)</span>
          <textarea name="emails" rows={2} />
        </label>
        <label>
          Expires in
          <select name="expiresIn" defaultValue="">
            <option value="">Default</option>
            <option value="1d">1 day</option>
            <option value="7d">7 days</option>
            <option value="30d">30 days</option>
            <option value="never">Never</option>
          </select>
        </label>
        <label>
          Max uses <span className="hint">(codes only)</span>
          <input name="maxUses" type="number" min={1} />
        </label>
        <label>
          Permissions <span className="hint">(comma-separated)</span>
          <input name="permissions" placeholder="beta:use" />
        </label>
        {groups.data && groups.data.length > 0 && (
          <label>
            Groups
            <select name="groups" multiple>
              {groups.data.map((group) => (
                <option key={group.id} value={group.id}>
                  {group.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="submit" disabled={create.isPending}>
          Create
        </button>
      </form>
      {create.data && <Created invites={create.data} />}
    </section>
  );
}

/** The invites just made: each link (or code) with its copy button, and all of them at once. */
function Created({ invites }: { invites: Invite[] }) {
  const shown = invites.slice(0, 20);
  const all = invites.map((invite) => invite.url ?? invite.code ?? '').join('\n');
  return (
    <div role="status" className="created">
      <p>
        Created {invites.length} invite{invites.length === 1 ? '' : 's'}.{' '}
        {invites.length > 1 && <CopyButton text={all} what="links" />}
      </p>
      <ul>
        {shown.map((invite) => (
          <li key={invite.id}>
            <code className="mono">{invite.url ?? invite.code}</code>
            {invite.email ? ` → ${invite.email}` : ''}{' '}
            {(invite.url ?? invite.code) && (
              <CopyButton text={invite.url ?? invite.code ?? ''} what="invite link" />
            )}
          </li>
        ))}
      </ul>
      {invites.length > shown.length && (
        <p className="hint">
          And {invites.length - shown.length} more: “Copy” above copies every link.
        </p>
      )}
    </div>
  );
}
