import { expect, test } from './fixtures';

interface Run {
  id: string;
  status: string;
  approvedBy?: string | null;
  steps?: Array<{ name: string; status: string; kind?: string }>;
}

test('approve-run: a second user approves a restart-service run on its page', async ({ page, state, api, signIn, snap }) => {
  // The admin asks for a restart; the playbook pauses for approval before touching the server.
  const started = await api.post<Run>('/playbooks/restart-service/runs', {
    params: { servers: [state.server.name], unit: 'opsmanager-browser-test.service' },
  });

  // Someone else, holding playbooks:approve, decides (self-approval is refused by default).
  await signIn(state.approver);
  await page.goto(`/runs/${encodeURIComponent(started.id)}`);
  const title = page.getByRole('heading', { level: 1 });
  await expect(title).toContainText('restart-service');
  const approval = page.getByRole('region', { name: 'This run is waiting for approval' });
  await expect(approval).toBeVisible({ timeout: 60_000 });
  await expect(title).toContainText('Awaiting approval');
  await expect(approval).toContainText(`Requested by ${state.admin.email}`);
  // The paused step says so, and the banner names it.
  await expect(approval).toContainText('Step “Approve restart”');
  const steps = page.getByRole('list', { name: 'Steps' });
  await expect(steps.getByRole('listitem').filter({ hasText: 'Approve restart' })).toContainText('Awaiting approval');
  await approval.getByLabel(/^Note/).fill('Approved by the browser journey.');
  await snap('run waiting for approval');

  await approval.getByRole('button', { name: 'Approve' }).click();

  // The decision is recorded and the run moves on (the restart itself may fail:
  // the test user has no systemd to talk to).
  await expect(approval).toBeHidden();
  await expect(title).not.toContainText('Awaiting approval');
  const details = page.getByRole('region', { name: 'Details' });
  await expect(details).toContainText('Approved by');
  await snap('run approved');

  const run = await api.get<Run>(`/runs/${started.id}`);
  expect(run.status).not.toBe('waiting_approval');
  expect(run.approvedBy).toBeTruthy();
  expect(run.steps?.some((s) => s.status === 'waiting_approval')).toBe(false);

  // Let it finish so the last screenshot shows the outcome.
  await expect(title).toContainText(/Succeeded|Failed/, { timeout: 90_000 });
  await snap('run finished after approval');
});
