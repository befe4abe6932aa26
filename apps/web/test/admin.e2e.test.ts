import { createGuestlistClient, type GuestlistClient } from '@guestlist/sdk';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserApp,
  check,
  expectNoHorizontalScroll,
  PASSWORD,
  PHONE,
  startBrowserApp,
} from './browser.ts';

/**
 * The console's users, groups and audit log in Chromium, driven as a person would, with what
 * the server holds read back through the SDK.
 */
let app: BrowserApp;

beforeAll(async () => {
  app = await startBrowserApp();
  await app.admin.settings.update({ registration: 'open' });
});
afterEach(() => app.closePages());
afterAll(() => app?.close());

async function registered(username: string, email: string, name?: string) {
  const anonymous = createGuestlistClient({ url: app.server.url });
  const { user, token } = await anonymous.auth.register({
    username,
    email,
    password: PASSWORD,
    ...(name ? { name } : {}),
  });
  return { user, token };
}

async function openUsers(page: Page) {
  await page.goto('/console/users');
  await page.getByRole('heading', { name: 'Users', level: 2 }).waitFor();
}

describe('users', () => {
  it('finds a user by part of the email', async () => {
    const { user } = await registered('zephyr', 'zephyr.q@windmill.test', 'Zephyr Quill');
    await registered('other-person', 'other@elsewhere.test');
    const page = await app.consoleAs(app.server.adminKey);
    await openUsers(page);
    await page.getByRole('link', { name: 'other-person' }).waitFor();
    await page.getByLabel('Search users').fill('MILL.te');
    await page.getByRole('link', { name: 'other-person' }).waitFor({ state: 'detached' });
    const row = page.getByRole('row', { name: /zephyr/ });
    await expect(row.getByRole('cell', { name: /zephyr\.q@windmill\.test/ }).count()).resolves.toBe(
      1,
    );
    await expect(page.getByRole('link', { name: 'zephyr' }).getAttribute('href')).resolves.toBe(
      `/console/users/${user.id}`,
    );
    await check(page, 'users-search');
    await page.getByLabel('Search users').fill('no-such-person-anywhere');
    await page.getByText('No user matches').waitFor();
    await check(page, 'users-search-empty');
  });

  it('grants a permission through the page, and it becomes effective', async () => {
    const { user } = await registered('granted', 'granted@example.test');
    const page = await app.consoleAs(app.server.adminKey);
    await page.goto(`/console/users/${user.id}`);
    await page.getByRole('heading', { name: 'User granted' }).waitFor();
    await page.getByRole('checkbox', { name: /^audit:read/ }).check();
    await page.getByLabel('Other permissions').fill('beta:use');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved granted’s permissions and groups.').waitFor();
    const saved = await app.admin.users.get(user.id);
    expect(saved.permissions.sort()).toEqual(['audit:read', 'beta:use']);
    expect(saved.effectivePermissions).toContain('audit:read');
    const effective = page.getByRole('list', { name: 'Effective permissions' });
    await effective.getByText('audit:read').waitFor();
    await check(page, 'user-details');
  });

  it('asks before removing a group: Keep does nothing, then it applies', async () => {
    const { user } = await registered('grouped', 'grouped@example.test');
    const group = await app.admin.groups.create({ name: 'readers', permissions: ['invite:read'] });
    await app.admin.users.update(user.id, { groups: [group.id] });
    const page = await app.consoleAs(app.server.adminKey);
    await page.goto(`/console/users/${user.id}`);
    await page.getByRole('checkbox', { name: /^readers/ }).uncheck();
    await page.getByRole('button', { name: 'Save changes' }).click();
    const dialog = page.getByRole('dialog', { name: 'Take access away from grouped?' });
    await dialog.getByText('what the group readers grants').waitFor();
    await check(page, 'user-remove-group-confirm');
    await dialog.getByRole('button', { name: 'Keep' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await app.admin.users.get(user.id)).groups).toEqual([
      { id: group.id, name: 'readers' },
    ]);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved grouped’s permissions and groups.').waitFor();
    const after = await app.admin.users.get(user.id);
    expect(after.groups).toEqual([]);
    expect(after.effectivePermissions).not.toContain('invite:read');
  });

  it('says which permission is missing when a key cannot list users', async () => {
    const key = await app.admin.apiKeys.create({ name: 'no users', permissions: ['audit:read'] });
    const page = await app.consoleAs(key.secret);
    await openUsers(page);
    await page.getByText('Listing users needs the user:read permission').waitFor();
    await check(page, 'users-forbidden');
  });
});

describe('groups', () => {
  it('creates, edits and deletes a group; Keep in the confirmation does nothing', async () => {
    const page = await app.consoleAs(app.server.adminKey);
    await page.goto('/console/groups');
    const create = page.getByRole('region', { name: 'New group' });
    await create.getByLabel('Name').fill('support');
    await create.getByRole('checkbox', { name: /^invite:read/ }).check();
    await create.getByRole('button', { name: 'Create group' }).click();
    await page.getByText('Group support created.').waitFor();
    const made = (await app.admin.groups.list()).find((g) => g.name === 'support');
    expect(made?.permissions).toEqual(['invite:read']);
    await check(page, 'groups-list');

    await page.getByRole('button', { name: 'Edit support' }).click();
    const edit = page.getByRole('region', { name: 'Group support' });
    await edit.getByLabel('Other permissions').fill('tickets:*');
    await edit.getByRole('checkbox', { name: /^invite:read/ }).uncheck();
    await check(page, 'group-edit');
    await edit.getByRole('button', { name: 'Save group' }).click();
    await page.getByText('Group support saved.').waitFor();
    expect((await app.admin.groups.get(made!.id)).permissions).toEqual(['tickets:*']);

    await page.getByRole('button', { name: 'Edit support' }).click();
    await edit.getByRole('button', { name: 'Delete group' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete the group support?' });
    await dialog.getByText(/members lose what it granted \(tickets:\*\)/).waitFor();
    await dialog.getByRole('button', { name: 'Keep' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await app.admin.groups.get(made!.id)).name).toBe('support');
    await edit.getByRole('button', { name: 'Delete group' }).click();
    await dialog.getByRole('button', { name: 'Delete group' }).click();
    await page.getByText('Group support deleted.').waitFor();
    expect((await app.admin.groups.list()).map((g) => g.name)).not.toContain('support');
  });
});

describe('audit log', () => {
  /** Group creations by a key of their own: events only this test makes. */
  async function actor(): Promise<{ client: GuestlistClient; id: string }> {
    const key = await app.admin.apiKeys.create({
      name: 'audit paging',
      permissions: ['group:read', 'group:write'],
    });
    return {
      client: createGuestlistClient({ url: app.server.url, token: key.secret }),
      id: key.id,
    };
  }
  const targets = (page: Page) => page.locator('tbody tr td:nth-child(5) .id').allTextContents();
  const actions = (page: Page) => page.locator('tbody tr td:nth-child(2)').allTextContents();

  it('filters by action, and pages by cursor over events written meanwhile', async () => {
    const { client, id } = await actor();
    const made: string[] = [];
    for (let i = 0; i < 12; i++)
      made.push((await client.groups.create({ name: `paged-${i}`, permissions: [] })).id);
    const page = await app.consoleAs(app.server.adminKey);
    await page.goto('/console/audit');
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();

    await page.getByLabel('Action').fill('group.created');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(async () => new Set(await actions(page))).toEqual(new Set(['group.created']));
    await page.getByRole('row').nth(1).getByText('Details').click();
    await check(page, 'audit-filtered');

    await page.getByLabel('Actor id').fill(id);
    await page.getByLabel('Per page').selectOption('5');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('12 events · page 1').waitFor();
    const seen = [...(await targets(page))];
    for (const number of [2, 3]) {
      // A newer event: it must not shift the older pages.
      made.push((await client.groups.create({ name: `meanwhile-${number}`, permissions: [] })).id);
      await page.getByRole('button', { name: 'Older' }).click();
      await page.getByText(new RegExp(` events · page ${number}$`)).waitFor();
      seen.push(...(await targets(page)));
    }
    expect(seen).toHaveLength(12);
    expect(new Set(seen)).toEqual(new Set(made.slice(0, 12)));
    await expect(page.getByRole('button', { name: 'Older' }).isDisabled()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Newer' }).click();
    await page.getByText(/ events · page 2$/).waitFor();
    expect(await targets(page)).toEqual(seen.slice(5, 10));
  });

  it('works for a signed-in user holding audit:read', async () => {
    const { user } = await registered('auditor', 'auditor@example.test');
    await app.admin.users.update(user.id, { permissions: ['audit:read'] });
    const { token } = await createGuestlistClient({ url: app.server.url }).auth.login({
      handle: 'auditor',
      password: PASSWORD,
    });
    const page = await app.consoleAs(token);
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByText(/ events · page 1/).waitFor();
    await expect(page.getByRole('link', { name: 'Users' }).count()).resolves.toBe(0);
    // What they did themselves is in the log, its actor a link to their page.
    await page.getByLabel('Actor id').fill(user.id);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const actors = () => page.locator('tbody tr td:nth-child(3) .id').allTextContents();
    await expect.poll(async () => new Set(await actors())).toEqual(new Set([user.id]));
    const link = page.getByRole('link', { name: user.id }).first();
    await expect(link.getAttribute('href')).resolves.toBe(`/console/users/${user.id}`);
  });
});

describe('on a phone', () => {
  it('users, a user, groups and the audit log fit a 360-pixel screen', async () => {
    const { user } = await registered('phone-user', 'phone-user@example.test', 'Phone User');
    const page = await app.consoleAs(app.server.adminKey, PHONE);
    for (const [path, name, ready] of [
      ['/console/users', 'phone-users', 'Search users'],
      [`/console/users/${user.id}`, 'phone-user', 'Other permissions'],
      ['/console/groups', 'phone-groups', 'Name'],
      ['/console/audit', 'phone-audit', 'Actor id'],
    ] as const) {
      await page.goto(path);
      await page.getByLabel(ready).first().waitFor();
      await page.waitForLoadState('networkidle');
      await expectNoHorizontalScroll(page, name);
      await check(page, name);
    }
  });
});
