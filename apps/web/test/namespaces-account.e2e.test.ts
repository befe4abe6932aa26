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
 * The console's namespaces and account pages, and the invite page's refusals, in Chromium:
 * driven as a person would, with the server's state read back through the SDK.
 */
let app: BrowserApp;

beforeAll(async () => {
  app = await startBrowserApp();
  await app.admin.settings.update({ registration: 'open' });
});
afterEach(async () => app.closePages());
afterAll(async () => app?.close());

interface Person {
  username: string;
  token: string;
  client: GuestlistClient;
}

async function person(username: string, name?: string): Promise<Person> {
  const { token } = await app.admin.auth.register({
    email: `${username}@example.com`,
    username,
    password: PASSWORD,
    ...(name ? { name } : {}),
  });
  return { username, token, client: createGuestlistClient({ url: app.server.url, token }) };
}

/** Whether `username` collaborates on `path`, and with which role, as the server says. */
async function roleOf(owner: Person, path: `${string}/${string}`, username: string) {
  const collaborators = await owner.client.namespaces.collaborators(path);
  return collaborators.find((c) => c.user.username === username)?.role ?? null;
}

/** Opens a confirmation, keeps, then opens it again and confirms. */
async function keepThenConfirm(
  page: Page,
  opener: string,
  action: string,
  between: () => Promise<void>,
) {
  await page.getByRole('button', { name: opener }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Keep' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await between();
  await page.getByRole('button', { name: opener }).click();
  await dialog.getByRole('button', { name: action, exact: true }).click();
}

describe('namespaces', () => {
  let alice: Person;
  let bob: Person;
  let carol: Person;

  beforeAll(async () => {
    alice = await person('alice', 'Alice Liddell');
    bob = await person('bob');
    carol = await person('carol');
    await alice.client.namespaces.create({ name: 'alpha', description: 'The first one' });
    await bob.client.namespaces.create({ name: 'beta' });
    const invite = await bob.client.namespaces.invite('bob/beta', {
      handle: 'alice',
      role: 'admin',
    });
    await alice.client.invites.accept(invite.id);
  });

  it('lists the namespaces the person owns and those they joined, with their roles', async () => {
    const page = await app.consoleAs(alice.token);
    await page.getByRole('link', { name: 'Namespaces' }).click();
    const owned = page.getByRole('row', { name: /alice\/alpha/ });
    const joined = page.getByRole('row', { name: /bob\/beta/ });
    await expect.poll(() => owned.getByRole('cell').first().textContent()).toBe('owner');
    await expect.poll(() => joined.getByRole('cell').first().textContent()).toBe('admin');
    await check(page, 'namespaces-list');

    // Someone in no namespace is told what to do.
    const empty = await app.consoleAs(carol.token);
    await empty.goto('/console/namespaces');
    await empty.getByText('Create a namespace below, or ask someone to invite you').waitFor();
    await empty.getByText('No invitations waiting').waitFor();
    await check(empty, 'namespaces-empty');
  });

  it('an invite sent from the page is accepted from "Invitations for you"', async () => {
    const page = await app.consoleAs(alice.token);
    await page.goto('/console/namespaces');
    await page.getByRole('link', { name: 'alice/alpha' }).click();
    await page.getByRole('heading', { name: 'alice/alpha', level: 2 }).waitFor();
    await page.getByLabel('Username or email').fill('carol');
    await page.getByLabel('Role').selectOption('admin');
    await page.getByRole('button', { name: 'Invite', exact: true }).click();
    await page.getByText('Invited carol to alice/alpha.').waitFor();
    const pending = await alice.client.namespaces.invites('alice/alpha', 'pending');
    expect(pending.data.map((i) => i.role)).toEqual(['admin']);
    await check(page, 'namespace-invited');

    const invitee = await app.consoleAs(carol.token);
    await invitee.goto('/console/namespaces');
    await invitee.getByText(/Alice Liddell invited you to join alice\/alpha as admin/).waitFor();
    await check(invitee, 'invitations-for-you');
    await invitee.getByRole('button', { name: 'Accept the invite to alice/alpha' }).click();
    await invitee.getByText('You joined alice/alpha as admin.').waitFor();
    await invitee.getByRole('row', { name: /alice\/alpha/ }).waitFor();
    expect(await roleOf(alice, 'alice/alpha', 'carol')).toBe('admin');
  });

  it('an invitation for the person is declined only once confirmed', async () => {
    const invite = await bob.client.namespaces.invite('bob/beta', { handle: 'carol' });
    const page = await app.consoleAs(carol.token);
    await page.goto('/console/namespaces');
    await keepThenConfirm(page, 'Decline the invite to bob/beta', 'Decline', async () => {
      expect((await bob.client.invites.get(invite.id)).status).toBe('pending');
    });
    await page.getByText('You declined the invite to bob/beta.').waitFor();
    expect((await bob.client.invites.get(invite.id)).status).toBe('declined');
  });

  it('an owner removes a collaborator, after "Keep" first did nothing', async () => {
    const dave = await person('dave');
    const invite = await alice.client.namespaces.invite('alice/alpha', { handle: 'dave' });
    await dave.client.invites.accept(invite.id);
    const page = await app.consoleAs(alice.token);
    await page.goto('/console/namespaces/alice/alpha');
    await page.getByRole('row', { name: /dave/ }).waitFor();
    await keepThenConfirm(page, 'Remove dave', 'Remove', async () => {
      expect(await roleOf(alice, 'alice/alpha', 'dave')).toBe('member');
    });
    await page.getByText('dave is no longer in alice/alpha.').waitFor();
    expect(await roleOf(alice, 'alice/alpha', 'dave')).toBeNull();
    // The owner cannot be removed: no button offers it.
    expect(await page.getByRole('button', { name: 'Remove alice' }).count()).toBe(0);
  });

  it('a collaborator leaves a namespace, which then leaves their list', async () => {
    const page = await app.consoleAs(alice.token);
    await page.goto('/console/namespaces/bob/beta');
    await page.getByText('Your role:').waitFor();
    await keepThenConfirm(page, 'Leave bob/beta', 'Leave', async () => {
      expect(await roleOf(bob, 'bob/beta', 'alice')).toBe('admin');
    });
    await page.getByText('You left bob/beta.').waitFor();
    await page.getByRole('heading', { name: 'Namespaces', level: 2 }).waitFor();
    await page.getByRole('row', { name: /alice\/alpha/ }).waitFor();
    expect(await page.getByRole('row', { name: /bob\/beta/ }).count()).toBe(0);
    expect(await roleOf(bob, 'bob/beta', 'alice')).toBeNull();
    // The owner has no Leave button.
    await page.goto('/console/namespaces/alice/alpha');
    await page.getByText('Your role:').waitFor();
    expect(await page.getByRole('button', { name: /^Leave/ }).count()).toBe(0);
  });

  it("copies an invite's link, and cancels it once confirmed", async () => {
    const invite = await alice.client.namespaces.invite('alice/alpha', {
      handle: 'erin@example.com',
      notify: false,
    });
    const page = await app.consoleAs(alice.token, {
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    await page.goto('/console/namespaces/alice/alpha');
    await page.getByRole('button', { name: 'Copy the invite link for erin@example.com' }).click();
    await page.getByText('Copied the invite link for erin@example.com.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(invite.url);
    await check(page, 'namespace-invites');

    await keepThenConfirm(page, 'Cancel the invite for erin@example.com', 'Cancel', async () => {
      expect((await alice.client.invites.get(invite.id)).status).toBe('pending');
    });
    await page.getByText('The invite for erin@example.com is canceled.').waitFor();
    expect((await alice.client.invites.get(invite.id)).status).toBe('canceled');
    await page.getByLabel('Status').selectOption('canceled');
    await page.getByRole('rowheader', { name: 'erin@example.com' }).waitFor();
  });
});

describe('the account page', () => {
  it('changes the name, the address (now unverified) and the password', async () => {
    const frank = await person('frank');
    const other = await app.admin.auth.login({ handle: 'frank', password: PASSWORD });
    const page = await app.consoleAs(frank.token);
    await page.getByRole('link', { name: 'Account' }).click();
    await page.getByText('not verified', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Send me a verification email' }).click();
    await page.getByText(/Check your inbox: we sent a link to/).waitFor();
    await check(page, 'account');

    await page.getByLabel('Name', { exact: true }).fill('Frank Herbert');
    await page.getByLabel('Email', { exact: true }).fill('frank@dune.example');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/Saved\. We sent a link to frank@dune\.example/).waitFor();
    const me = await frank.client.me();
    expect([me.name, me.email, me.emailVerified]).toEqual([
      'Frank Herbert',
      'frank@dune.example',
      false,
    ]);

    // Two different new passwords are refused here, before the server is asked.
    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByLabel('New password', { exact: true }).fill('spice must flow');
    await page.getByLabel('New password again').fill('spice must flows');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('The two new passwords differ.').waitFor();
    await page.getByLabel('New password again').fill('spice must flow');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed. Every other session is signed out.').waitFor();
    await expect(
      app.admin.auth.login({ handle: 'frank', password: PASSWORD }),
    ).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await app.admin.auth.login({ handle: 'frank', password: 'spice must flow' });
    // This browser stays signed in; the other session ended.
    expect((await frank.client.me()).username).toBe('frank');
    const before = createGuestlistClient({ url: app.server.url, token: other.token });
    await expect(before.me()).rejects.toMatchObject({ status: 401 });
    await check(page, 'account-password-changed');
  });
});

describe('refused invites show a way forward', () => {
  it('expired, canceled and unknown invites say what happened and what to do', async () => {
    const [expiring, canceled] = await app.admin.invites.create({ count: 2, expiresIn: '1s' });
    await app.admin.invites.cancel(canceled!.id);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const cases: [string, string, RegExp][] = [
      [expiring!.code!, 'This invite has expired', /time of this one ran out/],
      [canceled!.code!, 'This invite was canceled', /Whoever sent it withdrew it/],
      ['no-such-code', 'Invite not found', /does not match any invite/],
    ];
    const page = await app.newPage();
    for (const [code, title, happened] of cases) {
      await page.goto(`/i/${code}`);
      await page.getByRole('heading', { name: title }).waitFor();
      await page.getByText(happened).waitFor();
      await page.getByText('Ask the person who invited you for a new invite.').waitFor();
      const home = page.getByRole('link', { name: 'Go to the Guestlist home page' });
      expect(await home.getAttribute('href')).toBe('/');
      // A stranger has no console to go to.
      expect(await page.getByRole('link', { name: 'Open your console' }).count()).toBe(0);
      await check(page, `refused-${title.split(' ').at(-1)}`);
    }

    // Signed in, the way forward includes the person's console.
    const grace = await person('grace');
    const signedIn = await app.consoleAs(grace.token);
    await signedIn.goto(`/i/${canceled!.code}`);
    await signedIn.getByRole('link', { name: 'Open your console' }).click();
    await signedIn.getByRole('heading', { name: 'Invitations for you' }).waitFor();
  });

  it('an invite canceled while its page is open names the inviter', async () => {
    const owner = await person('henry', 'Henry Ford');
    const ivy = await person('ivy');
    await owner.client.namespaces.create({ name: 'works' });
    const invite = await owner.client.namespaces.invite('henry/works', { handle: 'ivy' });
    const page = await app.consoleAs(ivy.token);
    await page.goto(new URL(invite.url!).pathname);
    await page.getByRole('button', { name: 'Accept the invite' }).waitFor();
    await owner.client.invites.cancel(invite.id);
    await page.getByRole('button', { name: 'Accept the invite' }).click();
    await page.getByRole('heading', { name: 'This invite was canceled' }).waitFor();
    await page.getByText('Ask Henry Ford, who invited you, for a new invite.').waitFor();
    await check(page, 'refused-after-open');
  });
});

describe('on a phone', () => {
  it('the namespace page, the account page and the invite page fit the screen', async () => {
    const owner = await person('judy', 'Judy Garland');
    await owner.client.namespaces.create({ name: 'a-rather-long-namespace-name' });
    const invite = await owner.client.namespaces.invite('judy/a-rather-long-namespace-name', {
      handle: 'someone.with.a.long.address@example.com',
      notify: false,
    });
    const page = await app.consoleAs(owner.token, PHONE);
    await page.goto('/console/namespaces/judy/a-rather-long-namespace-name');
    await page.getByRole('rowheader', { name: invite.email! }).waitFor();
    await expectNoHorizontalScroll(page, 'namespace page');
    await check(page, 'phone-namespace');

    await page.goto('/console/account');
    await page.getByRole('button', { name: 'Change password' }).waitFor();
    await expectNoHorizontalScroll(page, 'account page');
    await check(page, 'phone-account');

    const stranger = await app.newPage(PHONE);
    await stranger.goto(new URL(invite.url!).pathname);
    await stranger.getByRole('heading', { name: "You're invited" }).waitFor();
    await expectNoHorizontalScroll(stranger, 'invite page');
    await check(stranger, 'phone-invite');
  });
});
