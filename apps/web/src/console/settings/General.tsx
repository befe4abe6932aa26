import type { Settings } from '@guestlist/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { ErrorText, useSession } from '../../session.tsx';
import { useToast } from '../../ui/toast.tsx';

const list = (value: FormDataEntryValue | null) =>
  String(value ?? '')
    .split(/[\s,]+/)
    .filter(Boolean);

/** How invites and accounts work: registration, codes, lifetimes, redirects. */
export function GeneralSettings() {
  const { client, token } = useSession();
  const queries = useQueryClient();
  const toast = useToast();
  const settings = useQuery({
    queryKey: ['settings', token],
    queryFn: () => client.settings.get(),
  });
  const save = useMutation({
    mutationFn: (form: FormData) =>
      client.settings.update({
        invitesEnabled: form.get('invitesEnabled') === 'on',
        registration: form.get('registration') as Settings['registration'],
        defaultInviteTtl: String(form.get('defaultInviteTtl')),
        codeFormat: form.get('codeFormat') as Settings['codeFormat'],
        codePrefix: String(form.get('codePrefix') ?? ''),
        defaultPermissions: list(form.get('defaultPermissions')),
        allowedRedirectOrigins: list(form.get('allowedRedirectOrigins')),
        defaultRedirectUrl: String(form.get('defaultRedirectUrl') ?? '').trim() || null,
      }),
    onSuccess: (saved) => {
      queries.setQueryData(['settings', token], saved);
      toast.success('Settings saved.');
    },
  });
  if (settings.isPending) return <p>Loading settings…</p>;
  if (settings.isError) return <ErrorText error={settings.error} />;
  const s = settings.data;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.mutate(new FormData(event.currentTarget));
  };
  return (
    <section aria-labelledby="general-title">
      <h3 id="general-title">Invites and accounts</h3>
      <form onSubmit={submit} key={s.updatedAt}>
        <label className="inline">
          <input name="invitesEnabled" type="checkbox" defaultChecked={s.invitesEnabled} /> Invites
          enabled
        </label>
        <label>
          Registration
          <select name="registration" defaultValue={s.registration}>
            <option value="invite-only">Invite only</option>
            <option value="open">Open</option>
            <option value="closed">Closed</option>
          </select>
        </label>
        <label>
          Default invite lifetime
          <input name="defaultInviteTtl" defaultValue={s.defaultInviteTtl} required />
        </label>
        <label>
          Code format
          <select name="codeFormat" defaultValue={s.codeFormat}>
            <option value="token">token (131 bits)</option>
            <option value="uuid">uuid</option>
            <option value="short">short (typed by hand)</option>
          </select>
        </label>
        <label>
          Code prefix
          <input name="codePrefix" defaultValue={s.codePrefix} />
        </label>
        <label>
          Permissions of every new user
          <input name="defaultPermissions" defaultValue={s.defaultPermissions.join(', ')} />
        </label>
        <label>
          Origins the invite page may send people back to
          <input
            name="allowedRedirectOrigins"
            defaultValue={s.allowedRedirectOrigins.join(', ')}
            placeholder="https://app.example.com"
            aria-describedby="redirect-origins-hint"
          />
        </label>
        <p id="redirect-origins-hint" className="hint">
          Bare origins, comma separated. An invite's redirect, and the default below, must be on one
          of them; removing one stops every redirect to it.
        </p>
        <label>
          Default redirect after an invite
          <input
            name="defaultRedirectUrl"
            type="url"
            defaultValue={s.defaultRedirectUrl ?? ''}
            placeholder="https://app.example.com/welcome"
          />
        </label>
        <button type="submit" disabled={save.isPending}>
          Save settings
        </button>
        <ErrorText error={save.error} />
      </form>
    </section>
  );
}
