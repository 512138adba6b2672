import { randomUUID } from 'node:crypto';
import { expect, test } from './fixtures';
import { pagingService, type Incident } from './incidents';

/** Level 1 waits this long for an acknowledgement before paging level 2. */
const LEVEL_1_DELAY_S = 8;

test('live-escalation: an open incident page shows the level 2 escalation without a reload', async ({ page, state, api, signIn, snap, openIncident }) => {
  const serviceId = await pagingService(api, [LEVEL_1_DELAY_S, 600]);
  await signIn(state.admin);

  const title = `Payments latency ${randomUUID().slice(0, 6)}`;
  const incident = await openIncident(serviceId, title);
  await page.goto(`/incidents/${encodeURIComponent(incident.id)}`);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();

  const escalation = page.getByRole('region', { name: 'Escalation' });
  const level = escalation.locator('dt:text-is("Level") + dd');
  const timeline = page.getByRole('region', { name: 'Timeline' });
  const escalated = timeline.locator('[data-event-type="escalated"]');
  // Opened before the escalation: level 1 (or not paged yet), nothing escalated.
  await expect(level).toHaveText(/^(1|Not paged yet)$/);
  await expect(escalated).toHaveCount(0);
  await snap('incident at level 1');

  // Mark this document: a reload or a navigation would lose the mark.
  await page.evaluate(() => {
    (window as unknown as { __journeyMark: string }).__journeyMark = 'still here';
  });

  // Polling or a live channel, either way the page updates itself.
  await expect(escalated.first()).toContainText('level 2', { timeout: (LEVEL_1_DELAY_S + 22) * 1_000 });
  await expect(level).toHaveText('2');
  await expect(escalated.first()).toContainText(`level2-`);
  expect(await page.evaluate(() => (window as unknown as { __journeyMark?: string }).__journeyMark)).toBe('still here');
  await snap('incident escalated to level 2');

  const after = await api.get<Incident>(`/incidents/${incident.id}`);
  expect(after.escalationLevel).toBe(2);
});
