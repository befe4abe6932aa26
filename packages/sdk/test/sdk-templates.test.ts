import { describe, expect, it } from 'vitest';
import { isGuestlistError, locales, templateKinds } from '../dist/index.js';
import { client, rejection, useServer } from './sdk-setup.ts';

useServer();

describe('branding and templates (spec §11)', () => {
  it('reads, saves, previews and deletes a template, and reports where one fails', async () => {
    expect(locales).toEqual(['en', 'de', 'fr', 'es']);
    expect(templateKinds).toContain('namespace-invite');
    const settings = await client.settings.update({ productName: 'Acme', defaultLocale: 'de' });
    expect(settings).toMatchObject({ productName: 'Acme', defaultLocale: 'de' });

    expect((await client.templates.get('invite', 'es')).builtIn).toBe(true);
    const body = {
      subject: 'Hola {{ product.name }}',
      text: '{{ link }}\n',
      html: '<p>{{ link }}</p>',
    };
    const saved = await client.templates.put('invite', 'es', body);
    expect(saved).toMatchObject({ ...body, builtIn: false });
    const preview = await client.templates.preview('invite', 'es');
    expect(preview.subject).toBe('Hola Acme');
    expect((await client.templates.delete('invite', 'es')).builtIn).toBe(true);

    const error = await rejection(
      client.templates.put('invite', 'es', { ...body, text: 'a\nb\n{{ nope }}' }),
    );
    expect(isGuestlistError(error) && error.code).toBe('INVALID_TEMPLATE');
    expect(error.fields?.[0]).toMatchObject({ path: 'text', line: 3, column: 4 });

    const [invite] = await client.invites.create({ locale: 'fr' });
    expect(invite!.locale).toBe('fr');
    await client.settings.update({ productName: 'Guestlist', defaultLocale: 'en' });
  });
});
