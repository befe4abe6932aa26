import { describe, expect, it } from 'vitest';
import { api, database, fingerprint, useRestServer } from './support.ts';

/** An invite's `locale` (spec §4, §11): set on every way in, stored, shown, and checked. */

useRestServer();

async function storedLocale(id: string): Promise<string | null> {
  const { rows } = await database.query('select locale from invites where id = $1', [id]);
  return rows[0].locale;
}

describe('invite locale (spec §11)', () => {
  it('is null unless given', async () => {
    const res = await api.post('/invites', {});
    expect(res.status).toBe(201);
    expect(res.body.data[0].locale).toBeNull();
  });

  it('is stored on create and shown by get and validate', async () => {
    const res = await api.post('/invites', { count: 2, locale: 'de' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    for (const invite of res.body.data) {
      expect(invite.locale).toBe('de');
      expect(await storedLocale(invite.id)).toBe('de');
    }
    const [first] = res.body.data;
    expect((await api.get(`/invites/${first.id}`)).body.data.locale).toBe('de');
    const validation = await api.get(`/invites/${first.code}/validate`, { token: null });
    expect(validation.status).toBe(200);
    expect(validation.body.data.locale).toBe('de');
  });

  it('is stored by send, changed by PATCH and PUT, and cleared with null', async () => {
    const sent = await api.post('/invites/send', { email: 'ana@example.com', locale: 'es' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    const id = sent.body.data[0].id;
    expect(sent.body.data[0].locale).toBe('es');
    const patched = await api.patch(`/invites/${id}`, { locale: 'fr' });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.data.locale).toBe('fr');
    expect(await storedLocale(id)).toBe('fr');
    const put = await api.put(`/invites/${id}`, { locale: null });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(await storedLocale(id)).toBeNull();
  });

  it('is stored on a namespace invite', async () => {
    await api.patch('/settings', { registration: 'open' });
    const owner = await api.post(
      '/auth/register',
      { email: 'owner@example.com', username: 'owner', password: 'correct horse battery' },
      { token: null },
    );
    const token = owner.body.data.token;
    expect((await api.post('/namespaces', { name: 'team' }, { token })).status).toBe(201);
    const res = await api.post(
      '/namespaces/owner/team/invites',
      { handle: 'someone@example.com', locale: 'fr' },
      { token },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.data.locale).toBe('fr');
    expect(await storedLocale(res.body.data.id)).toBe('fr');
  });

  it('refuses a locale it has no catalogue for with 400 VALIDATION_FAILED, writing nothing', async () => {
    const existing = (await api.post('/invites', {})).body.data[0].id;
    for (const send of [
      () => api.post('/invites', { locale: 'it' }),
      () => api.post('/invites/send', { email: 'x@example.com', locale: 'de-AT' }),
      () => api.patch(`/invites/${existing}`, { locale: 'EN' }),
      () => api.post('/invites', { locale: 7 }),
    ]) {
      const before = await fingerprint();
      const res = await send();
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.fields.map((f: { path: string }) => f.path)).toContain('locale');
      expect(await fingerprint()).toBe(before);
    }
  });
});
