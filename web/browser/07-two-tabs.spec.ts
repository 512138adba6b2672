import { randomUUID } from 'node:crypto';
import { expect, test } from './fixtures';
import { pagingService } from './incidents';

// Tabs of one browser share one live-update stream (over HTTP/1.1 each
// stream holds one of the six connections per origin), and every tab still
// updates live.
test('two-tabs: two open boards share one event stream and both update live', async ({ page, context, state, api, signIn, snap, openIncident }) => {
  await signIn(state.admin);
  // Count the streams opened from here on: the first tab's reload opens one,
  // the second tab opens none.
  const streams: string[] = [];
  context.on('request', (r) => {
    if (r.url().includes('/api/v1/events')) streams.push(r.url());
  });
  const second = await context.newPage();
  for (const p of [page, second]) {
    await p.goto('/incidents/board');
    await expect(p.getByRole('heading', { level: 1, name: 'Incident board' })).toBeVisible();
  }
  // Both tabs say they are live: the leader's stream, the follower through it.
  for (const p of [page, second]) {
    await expect(p.getByRole('status', { name: /^Live updates on/ }).first()).toBeVisible();
  }

  const serviceId = await pagingService(api, [600]);
  const title = `Two tabs ${randomUUID().slice(0, 6)}`;
  await openIncident(serviceId, title);
  for (const p of [page, second]) {
    // Within the poll interval's fraction: the event reached both tabs.
    await expect(p.getByRole('region', { name: 'Triggered' }).getByRole('link', { name: title })).toBeVisible({ timeout: 3_000 });
  }
  await snap('both tabs updated');
  expect(streams.length, `event streams opened: ${streams.length}`).toBe(1);
});
