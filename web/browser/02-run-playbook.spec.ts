import { expect, test } from './fixtures';

test('run-playbook: start collect-diagnostics from the run form and watch it succeed over SSH', async ({ page, state, api, signIn, snap }) => {
  await signIn(state.admin);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Playbooks', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Playbooks' })).toBeVisible();
  await snap('catalogue');

  await page.getByRole('link', { name: 'Collect diagnostics', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Collect diagnostics' })).toBeVisible();
  // `servers` is a list, so the generated form asks for JSON; `lines` is a number.
  await page.getByRole('textbox', { name: /^Servers/ }).fill(JSON.stringify([state.server.name]));
  await page.getByRole('textbox', { name: /^Lines/ }).fill('5');
  await snap('run form filled in');
  await page.getByRole('button', { name: 'Run playbook' }).click();

  // A real run opens its page, which follows it until it ends.
  await expect(page).toHaveURL(/\/runs\/[^/?#]+$/);
  const runId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
  const title = page.getByRole('heading', { level: 1 });
  await expect(title).toContainText('collect-diagnostics');
  await snap('run page while running');

  await expect(title).toContainText('Succeeded', { timeout: 90_000 });
  // The commands' output is on screen: uptime's load average, df's header.
  const output = page.getByRole('log', { name: 'Run output' });
  await expect(output).toContainText('load average');
  await expect(output).toContainText('Filesystem');
  const steps = page.getByRole('list', { name: 'Steps' });
  await expect(steps.getByText(`uptime on ${state.server.name}`)).toBeVisible();
  await snap('run succeeded with output');

  const run = await api.get<{ status: string; playbook: string; requestedBy: string }>(`/runs/${runId}`);
  expect(run.status).toBe('succeeded');
  expect(run.playbook).toBe('collect-diagnostics');
});
