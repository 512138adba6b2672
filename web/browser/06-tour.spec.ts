import { expect, test } from './fixtures';

/** Every screen of the dashboard, by path and its page heading. */
const SCREENS: Array<{ path: string; heading: string | RegExp }> = [
  { path: '/', heading: 'Overview' },
  { path: '/incidents', heading: 'Incidents' },
  { path: '/incidents/board', heading: /incident board/i },
  { path: '/playbooks', heading: 'Playbooks' },
  { path: '/playbooks/collect-diagnostics', heading: /diagnostics/i },
  { path: '/runs', heading: 'Runs' },
  { path: '/servers', heading: 'Servers' },
  { path: '/credentials', heading: 'Credentials' },
  { path: '/services', heading: 'Services' },
  { path: '/escalation-policies', heading: /escalation policies/i },
  { path: '/sla-policies', heading: /sla policies/i },
  { path: '/schedules', heading: /schedules/i },
  { path: '/admin/users', heading: 'Users' },
  { path: '/admin/roles', heading: 'Roles' },
  { path: '/admin/tokens', heading: /tokens/i },
  { path: '/admin/audit', heading: /audit/i },
  { path: '/account/security', heading: /security/i },
];

// A screenshot of every screen, at 1280 px in the light theme and on a phone
// in the dark theme; each must render its heading and no error state.
for (const { name, viewport, theme } of [
  { name: 'desktop-light', viewport: { width: 1280, height: 800 }, theme: 'light' },
  { name: 'phone-dark', viewport: { width: 390, height: 844 }, theme: 'dark' },
]) {
  test(`tour-${name}: every screen renders`, async ({ page, state, signIn, snap }) => {
    await page.setViewportSize(viewport);
    await page.addInitScript((t) => window.localStorage.setItem('opsmanager.theme', t), theme);
    await signIn(state.admin);
    for (const screen of SCREENS) {
      await page.goto(screen.path);
      await expect(page.getByRole('heading', { level: 1, name: screen.heading }).first()).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await expect(page.getByText(/^Could not load/)).toHaveCount(0);
      await snap(screen.path === '/' ? 'overview' : screen.path);
    }
  });
}
