import { expect, test } from './fixtures';

test('login: sign in through the login form and land on the overview', async ({ page, state, snap }) => {
  // A deep link while signed out goes to the login form, remembering where to return.
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await snap('login form');

  await page.getByLabel('Email').fill(state.admin.email);
  await page.getByLabel('Password').fill(state.admin.password);
  await snap('credentials filled in');
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  await expect(page).toHaveURL(/\/$/);
  // The overview shows the platform's dependencies, checked by /readyz.
  await expect(page.getByRole('region', { name: 'Dependencies' })).toContainText(/postgres/i);
  // Signed in as the admin: the account menu names them, the admin screens are in the sidebar.
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Users', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: /Account menu/ })).toContainText('admin');
  await snap('overview');

  // The session survives a reload: the refresh cookie turns into a new access token.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
});
