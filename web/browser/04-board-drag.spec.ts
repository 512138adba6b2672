import { randomUUID } from 'node:crypto';
import { expect, test } from './fixtures';
import { pagingService, type Incident } from './incidents';

test('board-drag: acknowledge an incident by dragging its card to the Acknowledged column', async ({ page, state, api, signIn, snap, openIncident }) => {
  // Long delays: nothing escalates while we drag.
  const serviceId = await pagingService(api, [600, 600]);
  const title = `Checkout 5xx ${randomUUID().slice(0, 6)}`;
  const incident = await openIncident(serviceId, title);

  await signIn(state.admin);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Incidents', exact: true }).click();
  await expect(page.getByRole('link', { name: title })).toBeVisible();
  await snap('incident list');
  await page.getByRole('navigation', { name: 'Incident views' }).getByRole('link', { name: 'Board', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Incident board' })).toBeVisible();

  const triggered = page.getByRole('region', { name: 'Triggered' });
  const acknowledged = page.getByRole('region', { name: 'Acknowledged' });
  await expect(triggered.getByRole('link', { name: title })).toBeVisible();
  await snap('board before the drag');

  // A real mouse drag: press on the card's handle, move in small steps (the
  // pointer sensor starts after 6 px), hover the column, release.
  const handle = triggered.getByRole('button', { name: `Move incident “${title}” (Triggered)` });
  const from = await handle.boundingBox();
  const to = await acknowledged.boundingBox();
  if (!from || !to) throw new Error('the card or the column is not on screen');
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 10, { steps: 5 });
  await page.mouse.move(to.x + to.width / 2, to.y + 120, { steps: 20 });
  // The column shows it takes the card before we let go.
  await expect(page.locator('[data-drag-overlay]')).toBeVisible();
  await snap('dragging over Acknowledged');
  await page.mouse.up();

  await expect(acknowledged.getByRole('link', { name: title })).toBeVisible();
  await expect(triggered.getByRole('link', { name: title })).toHaveCount(0);
  await expect(page.getByText('Incident acknowledged', { exact: true })).toBeVisible();
  await expect(page.getByTestId('board-status')).toContainText(`“${title}” is now acknowledged`);
  await snap('card in Acknowledged');

  const after = await api.get<Incident & { acknowledgedAt: string | null }>(`/incidents/${incident.id}`);
  expect(after.status).toBe('acknowledged');
  expect(after.acknowledgedAt).toBeTruthy();
});
